/** `oxen --version --verbose`: the version line plus the executor in force and why. */
import { chooseExecutor } from '../../core/config/executor-choice.js';
import { resolveConfig } from '../../core/config/resolve-config.js';

export async function describeVersion(userAgent: string): Promise<string> {
  const resolved = await resolveConfig();
  const choice = await chooseExecutor(resolved.config.executor, resolved.sources.executor);
  return `${userAgent}\nexecutor: ${choice.kind ?? 'none'} (${choice.reason})`;
}
