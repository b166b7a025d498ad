/**
 * Reading and writing report files. Writes are atomic (a temporary file renamed or linked into
 * place), so a crash never leaves half a report, and never replace an existing file without `force`.
 */
import { accessSync, constants, existsSync, linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { OxenError, UsageError } from '../ground/errors.js';
import { REPORT_SCHEMA_VERSION, type BenchmarkReport } from './report.js';
import { reportSchemaError } from './validate-report.js';

/** `bench-results/2025-06-01-postgres.json`, or `…-2.json`, `…-3.json` when the day already has one. */
export function defaultReportPath(dir: string, dialect: string, now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10);
  for (let n = 1; ; n++) {
    const path = join(dir, `${day}-${dialect}${n === 1 ? '' : `-${n}`}.json`);
    if (!existsSync(path)) return path;
  }
}

/**
 * Indented JSON with fractions kept to 6 significant digits (more than any measurement here
 * resolves) and arrays of numbers (the per-round samples) on one line each.
 */
export function reportJson(report: BenchmarkReport): string {
  const round = (_key: string, v: unknown): unknown => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v);
  return `${JSON.stringify(report, round, 2).replace(/\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]/g, (_, inner: string) => `[${inner.replace(/,\s*/g, ', ')}]`)}\n`;
}

/** Fails before any work is done when the report could not be written afterwards. */
export function assertReportWritable(path: string, force: boolean): void {
  const target = resolve(path);
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) throw new UsageError('USAGE', `${path} is a directory: give --output a file name`);
    if (!force) throw new UsageError('USAGE', `${path} already exists: pass --force to overwrite it, or choose another --output`);
  }
  let dir = dirname(target);
  while (!existsSync(dir)) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) throw new UsageError('USAGE', `cannot write ${path}: ${dir} is not a directory; choose another --output`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError('USAGE', `cannot write ${path}: ${dir} is not writable; choose another --output`);
  }
}

export function writeReport(path: string, report: BenchmarkReport, force: boolean): void {
  const problem = reportSchemaError(report);
  if (problem) throw new OxenError('INTERNAL', `the benchmark produced a report that fails its own schema (${problem}); please report this bug`);
  const target = resolve(path);
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, reportJson(report), { flag: 'wx' });
  try {
    if (force) renameSync(temp, target);
    else linkSync(temp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError('USAGE', `${path} already exists: pass --force to overwrite it, or choose another --output`);
    }
    throw new UsageError('USAGE', `cannot write ${path}: ${(error as Error).message}`);
  } finally {
    if (existsSync(temp)) unlinkSync(temp);
  }
}

/** Reads and validates a report; a missing, corrupt or foreign file is a one-line usage error. */
export function readReport(path: string): BenchmarkReport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError('USAGE', `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code ?? String(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError('USAGE', `${path} is not valid JSON: give a report written by oxen benchmark performance`);
  }
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof value !== 'object' || value === null || version === undefined) {
    throw new UsageError('USAGE', `${path} is not an oxen benchmark report (no schemaVersion)`);
  }
  if (version !== REPORT_SCHEMA_VERSION) {
    throw new UsageError('USAGE', `${path} has report schemaVersion ${JSON.stringify(version)}; this oxen reads version ${REPORT_SCHEMA_VERSION}: re-run the benchmark with this version`);
  }
  const problem = reportSchemaError(value);
  if (problem) throw new UsageError('USAGE', `${path} is not a valid benchmark report: ${problem}`);
  return value as BenchmarkReport;
}
