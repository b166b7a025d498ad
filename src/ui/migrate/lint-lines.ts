/**
 * `migrate lint` as plain lines: per finding, where it is (migration, operation), the rule and what
 * happens, then what to do instead on an indented line; then a summary saying what was linted and
 * whether table sizes were known. Findings are warnings: the exit code is the command's (--check).
 */
import type { LintFinding, LintReport } from '../../core/schema/migrate/lint-migrations.js';
import { painter } from '../shared/paint.js';

export function lintLines(report: LintReport, options: { color?: boolean } = {}): string[] {
  const paint = painter(options.color === true);
  const lines: string[] = [];
  for (const f of report.findings) {
    lines.push(`${paint('yellow', 'warning')} ${where(f)} ${f.rule}: ${f.message}`);
    lines.push(`    suggestion: ${f.suggestion}`);
  }
  for (const f of report.allowed) lines.push(`${paint('dim', 'allowed')} ${where(f)} ${f.rule}: ${f.message}`);
  lines.push(summaryLine(report));
  return lines;
}

function where(f: LintFinding): string {
  return `${f.migration} operation ${f.operation} (${f.op})`;
}

function summaryLine(r: LintReport): string {
  const sizes = r.sizesKnown ? 'table sizes from the database' : 'table sizes unknown: no database';
  const on = `on ${r.dialect}; ${sizes}`;
  if (r.migrations.length === 0) {
    return r.selection === 'pending' ? `migrate lint: no pending migrations (${on}); --all lints every file` : `migrate lint: no migration files (${on})`;
  }
  const what = r.selection === 'pending' ? 'pending migration' : 'migration';
  const linted = `${r.migrations.length} ${what}${r.migrations.length === 1 ? '' : 's'}`;
  const n = r.findings.length;
  const allowed = r.allowed.length > 0 ? `, ${r.allowed.length} allowed by allowLint` : '';
  return `migrate lint: ${n === 0 ? 'no findings' : `${n} finding${n === 1 ? '' : 's'}`}${allowed} in ${linted} (${on})`;
}
