/**
 * What the live view of `migrate up` / `down` shows, folded from the runner's progress events: the
 * plan once the lock is held, then each migration's state, its current operation and its duration.
 */
import type { MigrateProgress } from '../../core/schema/migrate/run-session.js';

export type RunStep = 'pending' | 'running' | 'done' | 'failed';

export interface RunMigrationState {
  readonly name: string;
  readonly lines: readonly string[];
  /** The operation index lines[0] describes (a resumed migration plans only the rest). */
  readonly from: number;
  readonly step: RunStep;
  /** While running: the operation under way (0-based), and when the migration started. */
  readonly operation?: number;
  readonly startedAt?: number;
  readonly durationMs?: number;
}

export interface RunState {
  readonly direction: 'up' | 'down';
  readonly database: string;
  readonly waitingForLock: boolean;
  /** Until the plan arrives: the run is connecting, taking the lock, reading the history. */
  readonly planned: boolean;
  readonly migrations: readonly RunMigrationState[];
  /** The run stopped with an error (the command reports the error itself). */
  readonly failed: boolean;
}

export function initialRunState(direction: 'up' | 'down', database: string): RunState {
  return { direction, database, waitingForLock: false, planned: false, migrations: [], failed: false };
}

export function reduceRun(state: RunState, event: MigrateProgress, now: number): RunState {
  switch (event.kind) {
    case 'waitingForLock':
      return { ...state, waitingForLock: true };
    case 'plan':
      return { ...state, waitingForLock: false, planned: true, migrations: event.migrations.map((m) => ({ name: m.name, lines: m.lines, from: m.from, step: 'pending' })) };
    case 'migration':
      return withMigration({ ...state, waitingForLock: false }, event.name, (m) => ({ ...m, step: 'running', startedAt: now }));
    case 'operation':
      return withMigration(state, event.name, (m) => ({ ...m, operation: event.index - m.from }));
    case 'done':
      return withMigration(state, event.name, (m) => ({ ...m, step: 'done', durationMs: event.durationMs }));
  }
}

/** The run stopped: the migration under way (if any) failed. */
export function failRun(state: RunState, now: number): RunState {
  const running = state.migrations.find((m) => m.step === 'running');
  const next = running ? withMigration(state, running.name, (m) => ({ ...m, step: 'failed', durationMs: now - (m.startedAt ?? now) })) : state;
  return { ...next, waitingForLock: false, failed: true };
}

function withMigration(state: RunState, name: string, change: (m: RunMigrationState) => RunMigrationState): RunState {
  const known = state.migrations.some((m) => m.name === name);
  const list = known ? state.migrations : [...state.migrations, { name, lines: [], from: 0, step: 'pending' as const }];
  return { ...state, migrations: list.map((m) => (m.name === name ? change(m) : m)) };
}

