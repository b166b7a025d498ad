/**
 * Plain lines for `migrate up` / `down` (DESIGN.md §3: progress on stderr, results on stdout): the
 * start of each migration on stderr as it happens, then one result line per migration on stdout with
 * its duration, written as each finishes, so a failure later leaves the finished ones on record.
 */
import type { MigrateProgress } from '../../core/schema/migrate/run-session.js';
import type { MigrateResult } from '../../core/schema/migrate/run-migrations.js';

export type Direction = 'up' | 'down';

export interface RunWriters {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** The onProgress callback a command hands the runner in plain mode. */
export function plainProgress(direction: Direction, w: RunWriters, lockTimeoutS: number): (event: MigrateProgress) => void {
  // The plan's lines, shown under each migration as it starts, so a log says what each one did.
  const planned = new Map<string, readonly string[]>();
  return (event) => {
    switch (event.kind) {
      case 'waitingForLock':
        w.err(`waiting for another oxen migrate run to finish (up to ${lockTimeoutS} s) …`);
        break;
      case 'plan':
        for (const m of event.migrations) planned.set(m.name, m.lines);
        break;
      case 'migration':
        w.err(`${direction === 'up' ? 'applying' : 'reverting'} ${event.name} …`);
        for (const line of planned.get(event.name) ?? []) w.err(`    ${line}`);
        break;
      case 'done':
        w.out(`${direction === 'up' ? 'applied' : 'reverted'} ${event.name} … ${formatMs(event.durationMs)}`);
        break;
      case 'operation':
        break;
    }
  };
}

/** The closing line on stdout. */
export function runSummary(direction: Direction, result: MigrateResult): string {
  const n = result.migrations.length;
  if (n === 0) return direction === 'up' ? 'No migrations to apply.' : 'No migrations to revert.';
  const total = result.migrations.reduce((s, m) => s + m.durationMs, 0);
  return `${direction === 'up' ? 'Applied' : 'Reverted'} ${n} migration${n === 1 ? '' : 's'} in ${formatMs(total)}.`;
}

/** A dry run: each migration's SQL, as a script a person could read or run. */
export function dryRunText(direction: Direction, result: MigrateResult): string {
  if (result.migrations.length === 0) return direction === 'up' ? 'No migrations to apply.' : 'No migrations to revert.';
  const parts = result.migrations.map((m) => {
    const head = `-- ${m.name}${direction === 'down' ? ' (down)' : ''}${m.resumedAt > 0 ? ` (resumed at operation ${m.resumedAt + 1})` : ''}`;
    const body = m.statements.map((s) => (s.startsWith('--') || /;\s*$/.test(s) ? s : `${s};`));
    return [head, ...(body.length > 0 ? body : ['-- (no statements on this database)'])].join('\n');
  });
  return parts.join('\n\n');
}
