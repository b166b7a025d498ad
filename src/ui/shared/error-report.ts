/**
 * The one place an error becomes what the user sees: a single redacted line on stderr and the exit
 * code of DESIGN.md §3. Stack traces only with --verbose or DEBUG=oxen*.
 */
import { parseDatabaseUrl } from '../../core/ground/parse-url.js';
import { redactSecrets } from '../../core/ground/redact.js';
import { CheckFailedError, InconclusiveError, OxenError, UsageError } from '../../core/ground/errors.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_CHECK_FAILED = 3;
export const EXIT_INCONCLUSIVE = 4;

interface OclifLike {
  oclif?: { exit?: number };
  parse?: unknown;
  code?: unknown;
}

export interface ErrorReportOptions {
  readonly verbose?: boolean;
  /** Also print `{ "error": … }` on stdout, so a `--json` consumer always gets one document. */
  readonly json?: boolean;
  /** The command that failed, for the help hint (e.g. 'doctor'). */
  readonly command?: string;
  /** Passwords known to be in play (see `secretsOf`), masked wherever they appear. */
  readonly secrets?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly stderr?: { write(text: string): unknown };
  readonly stdout?: { write(text: string): unknown };
}

/** True for oclif's exit signal (`this.exit(n)`): not an error, just a code to leave with. */
export function isExitSignal(error: unknown): error is Error & { oclif: { exit: number } } {
  return error instanceof Error && (error as OclifLike).code === 'EEXIT' && typeof (error as OclifLike).oclif?.exit === 'number';
}

export function exitCodeFor(error: unknown): number {
  if (isExitSignal(error)) return error.oclif.exit;
  if (error instanceof CheckFailedError) return EXIT_CHECK_FAILED;
  if (error instanceof InconclusiveError) return EXIT_INCONCLUSIVE;
  if (error instanceof UsageError) return EXIT_USAGE;
  if (error instanceof OxenError) return EXIT_FAILURE;
  // oclif's own errors: bad flags, arguments and unknown commands, all of them usage mistakes.
  if (isOclifError(error)) return EXIT_USAGE;
  return EXIT_FAILURE;
}

/** The one line, without the trailing newline: what went wrong and what to do. */
export function errorLine(error: unknown, command?: string): string {
  const help = command ? `oxen ${command} --help` : 'oxen --help';
  if (error instanceof OxenError) return `Error: ${oneLine(error.message)}`;
  if (isOclifError(error)) {
    const message = oneLine(
      stripAnsi(error.message)
        .replace(/See more help with --help/g, '')
        .replace(/^The following errors? occurred:/, ''),
    );
    const notFound = /^command (.*) not found$/.exec(message)?.[1];
    if (notFound !== undefined) {
      // oclif joins space-separated words into an id with ':'; show them as the user typed them.
      const typed = notFound.replace(/:/g, ' ');
      if (typed.startsWith('-')) return `Error: unknown flag ${typed}. Run \`oxen --help\` for usage.`;
      return `Error: "${typed}" is not an oxen command. Run \`oxen --help\` for the list of commands.`;
    }
    return `Error: ${message}. Run \`${help}\` for usage.`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Error: ${oneLine(message)} (unexpected; run again with --verbose for details)`;
}

/** Writes the report and returns the exit code to leave with. */
export function reportError(error: unknown, options: ErrorReportOptions = {}): number {
  const code = exitCodeFor(error);
  if (isExitSignal(error)) return code;
  const stderr = options.stderr ?? process.stderr;
  const secrets = options.secrets ?? [];
  const line = redactSecrets(errorLine(error, options.command), secrets);
  stderr.write(`${line}\n`);
  if (options.verbose || debugEnabled(options.env ?? process.env)) {
    for (const detail of details(error)) stderr.write(`${redactSecrets(detail, secrets)}\n`);
  }
  if (options.json) {
    const body = {
      error: {
        code: error instanceof OxenError ? error.code : isOclifError(error) ? 'USAGE' : 'INTERNAL',
        message: line.replace(/^Error: /, ''),
        exitCode: code,
      },
    };
    (options.stdout ?? process.stdout).write(`${JSON.stringify(body, null, 2)}\n`);
  }
  return code;
}

/** The passwords in these connection URLs (or `--flag=<url>` arguments); URLs that do not parse are skipped. */
export function secretsOf(urls: readonly (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const url of urls) {
    if (!url) continue;
    try {
      const password = parseDatabaseUrl(url.replace(/^--?[\w-]+=/, '')).password;
      if (password) out.push(password);
    } catch {
      // A malformed URL is reported on its own, already redacted by redactUrl.
    }
  }
  return out;
}

export function debugEnabled(env: NodeJS.ProcessEnv): boolean {
  const debug = env.DEBUG ?? '';
  return debug.split(/[\s,]+/).some((p) => p === '*' || p.startsWith('oxen'));
}

function details(error: unknown): string[] {
  const out: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof Error) {
      if (depth > 0) out.push(`Caused by: ${current.name}: ${current.message}`);
      if ('sql' in current && typeof current.sql === 'string') out.push(`SQL: ${current.sql}`);
      if (current.stack) out.push(current.stack);
      current = current.cause;
    } else {
      out.push(`Caused by: ${String(current)}`);
      break;
    }
  }
  return out;
}

function isOclifError(error: unknown): error is Error {
  return error instanceof Error && typeof (error as OclifLike).oclif === 'object';
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, '; ').replace(/^;\s*|;\s*$/g, '').replace(/\s+/g, ' ').trim();
}

function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
