/**
 * `migrate status` as plain lines: one per migration (what it is, and when it was applied), one per
 * drift difference, and a summary. Drift is worded against the migrations, not the models.
 */
import type { SchemaDifference } from '../../core/schema/diff/schema-difference.js';
import type { MigrationStatus, MigrationStatusEntry } from '../../core/schema/migrate/migration-status.js';
import { formatMs } from './run-lines.js';

export function statusLines(status: MigrationStatus): string[] {
  const width = Math.max(0, ...status.migrations.map((m) => m.name.length));
  const lines = status.migrations.map((m) => `${m.name.padEnd(width)}  ${entryText(m)}`);
  if (status.migrations.length === 0) lines.push('No migration files.');
  for (const d of status.drift) lines.push(`drift: ${describeDrift(d)}`);
  lines.push(summaryLine(status));
  return lines;
}

function entryText(m: MigrationStatusEntry): string {
  const when = m.appliedAt ? `${m.appliedAt.toISOString().slice(0, 19).replace('T', ' ')} UTC` : '';
  switch (m.state) {
    case 'applied':
      return `applied ${when} (${formatMs(m.durationMs ?? 0)})`;
    case 'pending':
      return 'pending';
    case 'edited':
      return `EDITED after it was applied ${when}: checksum ${m.checksumApplied!.slice(0, 12)} then, ${m.checksumNow!.slice(0, 12)} now`;
    case 'partial': {
      const next = m.nextOperation ? `; up resumes at operation ${m.nextOperation.index} (${m.nextOperation.op})` : '';
      return `PARTIAL: ${m.operationsDone} of ${m.operations ?? '?'} operations applied${next}`;
    }
    case 'missing':
      return `MISSING: applied ${when}, but its file is gone`;
  }
}

export function describeDrift(d: SchemaDifference): string {
  const where = d.name === undefined ? d.table : `${d.table}.${d.name}`;
  switch (d.change) {
    case 'missing':
      return `${where}: ${d.object} missing from the database${d.expected ? ` (migrations: ${d.expected})` : ''}`;
    case 'extra':
      return `${where}: ${d.object} in the database but not in the migrations${d.actual ? ` (${d.actual})` : ''}`;
    case 'changed':
      return `${where}: ${d.object} ${d.property ?? 'definition'} differs: migrations ${d.expected ?? '?'}, database ${d.actual ?? '?'}`;
  }
}

function summaryLine(s: MigrationStatus): string {
  const c = s.counts;
  const parts = [`${c.applied} applied`, `${c.pending} pending`];
  if (c.edited > 0) parts.push(`${c.edited} edited`);
  if (c.partial > 0) parts.push(`${c.partial} partial`);
  if (c.missing > 0) parts.push(`${c.missing} missing`);
  const drift = s.driftChecked
    ? s.drift.length === 0 ? 'no drift' : `${s.drift.length} drift difference${s.drift.length === 1 ? '' : 's'}`
    : `drift not checked: ${s.driftSkipped}`;
  return `migrate status: ${parts.join(', ')}; ${drift}`;
}
