/**
 * The views of `migrate make` / `up` / `down` without a database: the plan grouped and coloured, the
 * live run view folded from the runner's events (a resumed MySQL migration included), and the plain
 * lines a CI log gets. The built binary on a real terminal is in migrate-views-terminal.test.ts.
 */
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { MigrateProgress } from '../../src/core/schema/migrate/run-session.js';
import { planGroups } from '../../src/ui/migrate/plan-groups.js';
import { PlanView } from '../../src/ui/migrate/plan-view.js';
import { plainProgress } from '../../src/ui/migrate/run-lines.js';
import { failRun, initialRunState, reduceRun, type RunState } from '../../src/ui/migrate/run-state.js';
import { RunView } from '../../src/ui/migrate/run-view.js';

const planned = [
  { name: '0001_create', lines: ['+ table author (2 columns)'], from: 0 },
  { name: '0002_change', lines: ['+ column author.age int null', '~ column author.name → full_name (renamed)', '- column author.nick'], from: 0 },
];
const plan: MigrateProgress = { kind: 'plan', direction: 'up', migrations: planned };

function fold(events: readonly MigrateProgress[], start = initialRunState('up', 'sqlite:///app.db')): RunState {
  return events.reduce((s, e, i) => reduceRun(s, e, 1000 * (i + 1)), start);
}

describe('plan groups', () => {
  it('sorts lines into additions, removals, changes and the user’s own, keeping their order', () => {
    const groups = planGroups(['+ table a (1 column)', '- column a.x', '* runSql: UPDATE a …', '~ column a.y int → bigint', '+ index a_i on a (y)']);
    expect(groups.map((g) => [g.title, g.style, g.lines.length])).toEqual([
      ['Additions', 'green', 2],
      ['Removals', 'red', 1],
      ['Changes', 'yellow', 1],
      ['Your SQL and JS', undefined, 1],
    ]);
    expect(groups[0]!.lines).toEqual(['+ table a (1 column)', '+ index a_i on a (y)']);
  });

  it('renders each migration with its groups and the footer', () => {
    const { lastFrame, unmount } = render(<PlanView migrations={[planned[1]!]} footer="Created migrations/0002_change.ts" />);
    const frame = lastFrame() ?? '';
    unmount();
    expect(frame).toMatch(/^0002_change$/m);
    expect(frame).toMatch(/Additions \(1\)\n\s+\+ column author\.age int null/);
    expect(frame).toMatch(/Removals \(1\)\n\s+- column author\.nick/);
    expect(frame).toMatch(/Changes \(1\)\n\s+~ column author\.name → full_name \(renamed\)/);
    expect(frame).toMatch(/Created migrations\/0002_change\.ts$/);
  });
});

describe('run state', () => {
  it('follows the plan, each migration, its operation and its duration', () => {
    const state = fold([
      plan,
      { kind: 'migration', direction: 'up', name: '0001_create', operations: 1 },
      { kind: 'operation', name: '0001_create', index: 0, op: 'createTable' },
      { kind: 'done', name: '0001_create', durationMs: 12 },
      { kind: 'migration', direction: 'up', name: '0002_change', operations: 3 },
      { kind: 'operation', name: '0002_change', index: 1, op: 'renameColumn' },
    ]);
    expect(state.planned).toBe(true);
    expect(state.migrations.map((m) => [m.name, m.step, m.operation ?? null, m.durationMs ?? null])).toEqual([
      ['0001_create', 'done', 0, 12],
      ['0002_change', 'running', 1, null],
    ]);
    expect(state.migrations[1]!.startedAt).toBe(5000);
  });

  it('numbers a resumed migration’s operations from where it resumed', () => {
    const state = fold([
      { kind: 'plan', direction: 'up', migrations: [{ name: '0003_partial', lines: ['+ index i on t (a)', '- column t.b'], from: 3 }] },
      { kind: 'migration', direction: 'up', name: '0003_partial', operations: 5 },
      { kind: 'operation', name: '0003_partial', index: 4, op: 'dropColumn' },
    ]);
    expect(state.migrations[0]!.operation).toBe(1);
  });

  it('waiting for the lock shows until the plan arrives; a failure marks the migration under way', () => {
    const waiting = fold([{ kind: 'waitingForLock' }]);
    expect(waiting.waitingForLock).toBe(true);
    const running = fold([plan, { kind: 'migration', direction: 'up', name: '0001_create', operations: 1 }], waiting);
    expect(running.waitingForLock).toBe(false);
    const failed = failRun(running, 4500);
    expect(failed.failed).toBe(true);
    expect(failed.migrations.map((m) => m.step)).toEqual(['failed', 'pending']);
    expect(failed.migrations[0]!.durationMs).toBe(4500 - 2000);
  });
});

describe('run view', () => {
  it('shows done, running (with its operations, the current one marked) and pending migrations', () => {
    const state = fold([
      { kind: 'plan', direction: 'up', migrations: [...planned, { name: '0003_later', lines: ['+ table z (1 column)'], from: 0 }] },
      { kind: 'migration', direction: 'up', name: '0001_create', operations: 1 },
      { kind: 'done', name: '0001_create', durationMs: 12 },
      { kind: 'migration', direction: 'up', name: '0002_change', operations: 3 },
      { kind: 'operation', name: '0002_change', index: 1, op: 'renameColumn' },
    ]);
    const { lastFrame, unmount } = render(<RunView state={state} now={() => 4000 + 1500} />);
    const frame = lastFrame() ?? '';
    unmount();
    expect(frame).toMatch(/^Applying 3 migrations · sqlite:\/\/\/app\.db$/m);
    expect(frame).toMatch(/^✓ 0001_create +12 ms$/m);
    expect(frame).toMatch(/^● 0002_change +1\.50 s +operation 2\/3$/m);
    expect(frame).toMatch(/^ {4}\+ column author\.age int null$/m);
    expect(frame).toMatch(/^ {2}▸ ~ column author\.name → full_name \(renamed\)$/m);
    expect(frame).toMatch(/^○ 0003_later +1 operation$/m);
    // A pending migration's operations are not listed until it runs.
    expect(frame).not.toMatch(/table z/);
  });

  it('before the plan: says it is taking the lock, or waiting for another run', () => {
    const first = render(<RunView state={initialRunState('down', 'postgres://app:***@db/app')} now={() => 0} />);
    expect(first.lastFrame()).toMatch(/oxen migrate down · postgres:\/\/app:\*\*\*@db\/app\nTaking the lock and reading the history …/);
    first.unmount();
    const waiting = render(<RunView state={fold([{ kind: 'waitingForLock' }])} now={() => 0} />);
    expect(waiting.lastFrame()).toMatch(/Waiting for another oxen migrate run to finish/);
    waiting.unmount();
  });
});

describe('plain progress', () => {
  it('writes each migration’s plan lines under its start, on stderr, and its result on stdout', () => {
    const out: string[] = [];
    const err: string[] = [];
    const progress = plainProgress('up', { out: (l) => out.push(l), err: (l) => err.push(l) }, 60);
    progress(plan);
    progress({ kind: 'migration', direction: 'up', name: '0002_change', operations: 3 });
    progress({ kind: 'done', name: '0002_change', durationMs: 1234 });
    expect(err).toEqual([
      'applying 0002_change …',
      '    + column author.age int null',
      '    ~ column author.name → full_name (renamed)',
      '    - column author.nick',
    ]);
    expect(out).toEqual(['applied 0002_change … 1.23 s']);
  });
});
