/**
 * What every `oxen` command shares: the global flags (--json, --verbose, --no-color), the choice
 * of renderer, configuration loading, and the single error path of DESIGN.md §3.
 */
import { Command, Flags } from '@oclif/core';
import { resolveConfig, type ConfigOverrides, type ResolvedConfig } from '../core/config/resolve-config.js';
import { resolveRenderMode, type RenderMode } from '../ui/render-mode.js';
import { reportError, secretsOf } from '../ui/shared/error-report.js';

/** Flags of commands that talk to a database; each falls back to the environment, then the config file. */
export const connectionFlags = {
  url: Flags.string({
    description: 'Database URL for `default` (else OXEN_DATABASE_URL, oxen.config.*, then sqlite ./oxen.sqlite).',
    helpValue: '<url>',
  }),
  executor: Flags.string({
    description: 'Executor to use (else OXEN_EXECUTOR, the config file, then native where built).',
    options: ['js', 'native'],
  }),
  config: Flags.string({
    description: 'Config file (else OXEN_CONFIG, then oxen.config.{ts,mts,json,js,mjs} in the working directory).',
    helpValue: '<file>',
  }),
};

/** For the commands that connect the ORM (or look at its databases): read replicas of `default`. */
export const replicaFlags = {
  replica: Flags.string({
    description: 'A read replica of the default database (repeatable); replaces the config file\'s replicas of default.',
    helpValue: '<url>',
    multiple: true,
  }),
};

export abstract class OxenCommand extends Command {
  static override baseFlags = {
    json: Flags.boolean({ description: 'Print the result as one JSON document on stdout.', default: false, helpGroup: 'GLOBAL' }),
    verbose: Flags.boolean({ description: 'Show more detail, and the full error on failure.', default: false, helpGroup: 'GLOBAL' }),
    color: Flags.boolean({
      description: 'Colour the output; --no-color (or NO_COLOR) turns it off.',
      allowNo: true,
      default: true,
      helpGroup: 'GLOBAL',
    }),
  };

  private configuredUrls: readonly string[] = [];

  override async init(): Promise<void> {
    if (this.hasFlag('--no-color') || nonEmpty(process.env.NO_COLOR)) process.env.FORCE_COLOR = '0';
    await super.init();
  }

  /** Read from argv rather than parsed flags so that it also holds when parsing itself failed. */
  protected get verbose(): boolean {
    return this.hasFlag('--verbose');
  }

  /** `init()` has mapped --no-color and NO_COLOR to FORCE_COLOR=0, as bin/oxen.js does before anything loads. */
  protected get colorEnabled(): boolean {
    return process.env.FORCE_COLOR !== '0';
  }

  protected renderMode(): RenderMode {
    return resolveRenderMode({ json: this.hasFlag('--json') });
  }

  protected async loadConfig(overrides: ConfigOverrides): Promise<ResolvedConfig> {
    const resolved = await resolveConfig(overrides);
    this.configuredUrls = Object.values(resolved.config.databases);
    return resolved;
  }

  protected printJson(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  protected print(text: string): void {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  override async catch(error: Error): Promise<never> {
    const urls = [...this.configuredUrls, process.env.OXEN_DATABASE_URL, ...this.argv.filter((a) => a.includes('://'))];
    const code = reportError(error, {
      verbose: this.verbose,
      json: this.hasFlag('--json') || process.env.OXEN_RENDERER === 'json',
      command: this.id?.replace(/:/g, ' '),
      secrets: secretsOf(urls),
    });
    return this.exit(code);
  }

  private hasFlag(flag: string): boolean {
    const end = this.argv.indexOf('--');
    return (end === -1 ? this.argv : this.argv.slice(0, end)).includes(flag);
  }
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}
