import { Errors } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import {
  CheckFailedError,
  ConnectionError,
  InconclusiveError,
  QueryError,
  UsageError,
} from '../../src/core/ground/errors.js';
import { debugEnabled, errorLine, exitCodeFor, reportError, secretsOf } from '../../src/ui/shared/error-report.js';

function capture() {
  const out: string[] = [];
  return { write: (t: string) => out.push(t), text: () => out.join('') };
}

describe('exitCodeFor', () => {
  it('maps each error class to the exit code of DESIGN.md §3', () => {
    expect(exitCodeFor(new UsageError('URL_INVALID', 'bad url'))).toBe(2);
    expect(exitCodeFor(new ConnectionError('CONNECTION_FAILED', 'refused'))).toBe(1);
    expect(exitCodeFor(new QueryError('syntax error', 'SELEC 1', '42601'))).toBe(1);
    expect(exitCodeFor(new CheckFailedError('slower'))).toBe(3);
    expect(exitCodeFor(new InconclusiveError('noisy'))).toBe(4);
    expect(exitCodeFor(new Errors.CLIError('command nope not found'))).toBe(2);
    expect(exitCodeFor(new TypeError('x is undefined'))).toBe(1);
  });
});

describe('reportError', () => {
  it('prints one line, no stack, and redacts passwords in URLs and known secrets', () => {
    const stderr = capture();
    const error = new ConnectionError('CONNECTION_FAILED', 'could not reach postgres://app:hunter2@db:5432/x\n  (password "tiger")');
    const code = reportError(error, { stderr, env: {}, secrets: ['tiger'] });
    expect(code).toBe(1);
    expect(stderr.text()).toBe('Error: could not reach postgres://app:***@db:5432/x; (password "***")\n');
  });

  it('adds the stack and the cause chain with --verbose or DEBUG=oxen*, still redacted', () => {
    for (const options of [{ verbose: true, env: {} }, { env: { DEBUG: 'oxen:*' } }]) {
      const stderr = capture();
      const cause = new Error('driver said: password authentication failed for mysql://root:pw1@h/db');
      reportError(new QueryError('failed', 'SELECT 1', '28000', { cause }), { ...options, stderr });
      const text = stderr.text();
      expect(text.split('\n').length).toBeGreaterThan(3);
      expect(text).toContain('SQL: SELECT 1');
      expect(text).toContain('Caused by: Error: driver said');
      expect(text).not.toContain('pw1');
    }
  });

  it('also writes a JSON error document on stdout with --json', () => {
    const stderr = capture();
    const stdout = capture();
    const code = reportError(new UsageError('URL_INVALID', 'invalid database URL x'), { json: true, stderr, stdout, env: {} });
    expect(code).toBe(2);
    expect(JSON.parse(stdout.text())).toEqual({ error: { code: 'URL_INVALID', message: 'invalid database URL x', exitCode: 2 } });
  });

  it('turns oclif parse errors into one line with a help hint', () => {
    const line = errorLine(new Errors.CLIError('Nonexistent flag: --bogus\nSee more help with --help'), 'doctor');
    expect(line).toBe('Error: Nonexistent flag: --bogus. Run `oxen doctor --help` for usage.');
    expect(errorLine(new Errors.CLIError('command frobnicate not found'))).toBe(
      'Error: "frobnicate" is not an oxen command. Run `oxen --help` for the list of commands.',
    );
    expect(errorLine(new Errors.CLIError('command doctor:extra not found'))).toBe(
      'Error: "doctor extra" is not an oxen command. Run `oxen --help` for the list of commands.',
    );
    expect(errorLine(new Errors.CLIError('command --bogus not found'))).toBe('Error: unknown flag --bogus. Run `oxen --help` for usage.');
  });

  it('marks errors that are not Oxen’s own as unexpected', () => {
    expect(errorLine(new TypeError('a is undefined'))).toBe('Error: a is undefined (unexpected; run again with --verbose for details)');
  });
});

describe('helpers', () => {
  it('finds passwords in URLs and --flag=URL arguments, skipping what does not parse', () => {
    expect(secretsOf(['postgres://u:p%40ss@h/db', '--url=mysql://r:two@h/db', 'sqlite:///x.db', 'nope', undefined])).toEqual([
      'p@ss',
      'two',
    ]);
  });

  it('recognises DEBUG patterns that include oxen', () => {
    expect(debugEnabled({ DEBUG: 'oxen*' })).toBe(true);
    expect(debugEnabled({ DEBUG: 'express,oxen:cli' })).toBe(true);
    expect(debugEnabled({ DEBUG: '*' })).toBe(true);
    expect(debugEnabled({ DEBUG: 'express' })).toBe(false);
    expect(debugEnabled({})).toBe(false);
  });
});
