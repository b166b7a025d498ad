import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertReportWritable, defaultReportPath, readReport, reportJson, writeReport } from '../../src/core/bench/report-file.js';
import { reportSchemaError } from '../../src/core/bench/validate-report.js';
import { UsageError } from '../../src/core/ground/errors.js';
import { cell, report, variant } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'oxen-bench-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sample = report([cell('simple_select', 1, [variant('raw', [10, 11, 12, 13, 14]), variant('js', [9, 10, 11, 12, 13])])]);

describe('report files', () => {
  it('a report validates against the JSON Schema in the repository, and a broken one does not', () => {
    expect(reportSchemaError(sample)).toBeUndefined();
    expect(reportSchemaError({ ...sample, schemaVersion: 2 })).toMatch(/schemaVersion/);
    expect(reportSchemaError({ ...sample, results: [{ workload: 'x' }] })).toMatch(/results\/0/);
  });

  it('the schema rejects a URL that still carries a password', () => {
    const leaked = report(sample.results as never, 'postgres://bench:hunter2@db:5432/x');
    expect(reportSchemaError(leaked)).toMatch(/url/);
  });

  it('writes atomically, refuses to overwrite without force, and leaves no temporary file', () => {
    const path = join(dir, 'nested', 'r.json');
    writeReport(path, sample, false);
    expect(readFileSync(path, 'utf8')).toBe(reportJson(sample));
    expect(() => writeReport(path, { ...sample, createdAt: '2000-01-01T00:00:00.000Z' }, false)).toThrow(/already exists: pass --force/);
    expect(readReport(path).createdAt).toBe(sample.createdAt);
    writeReport(path, { ...sample, createdAt: '2000-01-01T00:00:00.000Z' }, true);
    expect(readReport(path).createdAt).toBe('2000-01-01T00:00:00.000Z');
    expect(readdirSync(join(dir, 'nested'))).toEqual(['r.json']);
  });

  it('keeps 6 significant digits and each samples array on one line', () => {
    const text = reportJson(sample);
    expect(text).toMatch(/"samples": \[10, 11, 12, 13, 14\]/);
    expect(text).not.toMatch(/\d\.\d{7,}/);
    const parsed = JSON.parse(text);
    expect(parsed.results[0].variants[0].opsPerSec).toBeCloseTo(sample.results[0]!.variants[0]!.opsPerSec, 4);
    expect(reportSchemaError(parsed)).toBeUndefined();
  });

  it('checks before a run that the report could be written', () => {
    /** The one-line UsageError message `fn` throws. */
    const refusal = (fn: () => void): string => {
      let error: unknown;
      try {
        fn();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).not.toContain('\n');
      return (error as Error).message;
    };
    const existing = join(dir, 'exists.json');
    writeFileSync(existing, '{}');
    expect(refusal(() => assertReportWritable(existing, false))).toBe(`${existing} already exists: pass --force to overwrite it, or choose another --output`);
    expect(() => assertReportWritable(existing, true)).not.toThrow();
    expect(refusal(() => assertReportWritable(dir, true))).toBe(`${dir} is a directory: give --output a file name`);
    expect(() => assertReportWritable(join(dir, 'new', 'deeper', 'r.json'), false)).not.toThrow();

    // Nobody, root included, can create anything under a regular file, however deep the path goes;
    // a read-only file must not turn that into a permissions message.
    const readOnly = join(dir, 'read-only.json');
    writeFileSync(readOnly, '{}');
    chmodSync(readOnly, 0o400);
    for (const file of [existing, readOnly]) {
      for (const path of [join(file, 'r.json'), join(file, 'sub', 'r.json'), join(file, 'a', 'b', 'r.json')]) {
        expect(refusal(() => assertReportWritable(path, false))).toBe(`cannot write ${path}: ${file} is not a directory; choose another --output`);
        expect(() => writeReport(path, sample, false)).toThrow();
      }
    }

    // A directory without write permission: the check must agree with a real write there, which
    // fails for a user and succeeds for root (so both outcomes are asserted, whoever runs this).
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    let writable: boolean;
    try {
      writeFileSync(join(locked, 'probe'), '');
      rmSync(join(locked, 'probe'));
      writable = true;
    } catch {
      writable = false;
    }
    const inLocked = join(locked, 'r.json');
    if (writable) expect(() => assertReportWritable(inLocked, false)).not.toThrow();
    else expect(refusal(() => assertReportWritable(inLocked, false))).toBe(`cannot write ${inLocked}: ${locked} is not writable; choose another --output`);
    chmodSync(locked, 0o700);
  });

  it('names the default report by date and dialect, never reusing a name', () => {
    const day = new Date('2025-06-01T12:00:00Z');
    const first = defaultReportPath(dir, 'postgres', day);
    expect(first).toBe(join(dir, '2025-06-01-postgres.json'));
    writeFileSync(first, '{}');
    expect(defaultReportPath(dir, 'postgres', day)).toBe(join(dir, '2025-06-01-postgres-2.json'));
  });

  it('reading: a missing, corrupt, foreign or wrong-version file is a one-line usage error', () => {
    const write = (name: string, text: string): string => (writeFileSync(join(dir, name), text), join(dir, name));
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.json'), /cannot read .*missing\.json: no such file/],
      [write('corrupt.json', '{"schemaVersion": 1,'), /is not valid JSON/],
      [write('foreign.json', '{"name": "x"}'), /is not an oxen benchmark report/],
      [write('future.json', JSON.stringify({ ...sample, schemaVersion: 2 })), /schemaVersion 2; this oxen reads version 1/],
      [write('invalid.json', JSON.stringify({ ...sample, results: 'none' })), /is not a valid benchmark report: \/results must be array/],
    ];
    for (const [path, message] of cases) {
      let error: unknown;
      try {
        readReport(path);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
    expect(existsSync(join(dir, 'missing.json'))).toBe(false);
  });
});
