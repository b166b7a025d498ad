/**
 * How a command shows its results. Chosen once per run and shared by commands and the UI layer,
 * so a command never has to know whether Ink is in play.
 */
import { UsageError } from '../core/ground/errors.js';

export type RenderMode = 'ink' | 'plain' | 'json';

const MODES: readonly RenderMode[] = ['ink', 'plain', 'json'];

export interface RenderModeInput {
  /** The `--json` flag. An explicit flag on the command line beats the environment. */
  readonly json?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  /** Whether stdout is an interactive terminal. */
  readonly isTTY?: boolean;
}

export function resolveRenderMode(input: RenderModeInput = {}): RenderMode {
  const env = input.env ?? process.env;
  if (input.json) return 'json';
  const forced = env.OXEN_RENDERER;
  if (forced !== undefined && forced !== '') {
    if (!(MODES as readonly string[]).includes(forced)) {
      throw new UsageError('USAGE', `OXEN_RENDERER=${forced} is not a renderer: use one of ${MODES.join(', ')}`);
    }
    return forced as RenderMode;
  }
  const isTTY = input.isTTY ?? process.stdout.isTTY === true;
  // CI logs are not terminals even when a pseudo-TTY is attached: Ink's redraws would garble them.
  if (!isTTY || isTruthy(env.CI)) return 'plain';
  return 'ink';
}

function isTruthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}
