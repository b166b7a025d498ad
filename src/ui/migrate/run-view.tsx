/**
 * The live view of `migrate up` / `down` on a terminal (on stderr, as progress is; the summary goes to
 * stdout afterwards): the plan, each migration's state with its duration, and the running one's
 * operations with the one under way marked, so a long index build shows where it is.
 */
import { Box, render, Text, type Instance } from 'ink';
import type { MigrateProgress } from '../../core/schema/migrate/run-session.js';
import { useClock } from '../monitor/use-clock.js';
import { formatMs } from './run-lines.js';
import { failRun, initialRunState, reduceRun, type RunMigrationState, type RunState } from './run-state.js';

const MARKS = { pending: '○', running: '●', done: '✓', failed: '✗' } as const;
const COLORS = { pending: 'gray', running: 'yellow', done: 'green', failed: 'red' } as const;
const LINE_COLORS: Readonly<Record<string, string>> = { '+': 'green', '-': 'red', '~': 'yellow' };

export function RunView({ state, now }: { state: RunState; now: () => number }) {
  const time = useClock(now);
  const verb = state.direction === 'up' ? 'Applying' : 'Reverting';
  const width = Math.max(0, ...state.migrations.map((m) => m.name.length));
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>{state.planned ? `${verb} ${count(state.migrations.length)}` : `oxen migrate ${state.direction}`}</Text>
        <Text dimColor>{` · ${state.database}`}</Text>
      </Text>
      {state.waitingForLock ? <Text color="yellow">Waiting for another oxen migrate run to finish …</Text> : null}
      {!state.planned && !state.waitingForLock && !state.failed ? <Text dimColor>Taking the lock and reading the history …</Text> : null}
      {state.migrations.map((m) => (
        <MigrationRow key={m.name} migration={m} width={width} time={time} />
      ))}
    </Box>
  );
}

function MigrationRow({ migration: m, width, time }: { migration: RunMigrationState; width: number; time: number }) {
  const took = m.durationMs ?? (m.startedAt !== undefined ? time - m.startedAt : undefined);
  const open = m.step === 'running' || m.step === 'failed';
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={COLORS[m.step]}>{`${MARKS[m.step]} `}</Text>
        <Text bold={m.step === 'running'}>{m.name.padEnd(width)}</Text>
        <Text dimColor>{took !== undefined ? `  ${formatMs(took)}` : `  ${m.lines.length} operation${m.lines.length === 1 ? '' : 's'}`}</Text>
        {m.step === 'running' && m.operation !== undefined ? <Text dimColor>{`  operation ${m.operation + 1}/${m.lines.length}`}</Text> : null}
      </Text>
      {open
        ? m.lines.map((line, i) => {
            const current = i === m.operation;
            const done = m.operation !== undefined && i < m.operation;
            const color = LINE_COLORS[line[0] ?? ''];
            return (
              <Text key={i} dimColor={done} bold={current} {...(color && !done ? { color } : {})}>
                {`  ${current ? '▸' : ' '} ${line}`}
              </Text>
            );
          })
        : null}
    </Box>
  );
}

function count(n: number): string {
  return `${n} migration${n === 1 ? '' : 's'}`;
}

export interface LiveRunView {
  readonly onProgress: (event: MigrateProgress) => void;
  /** The run failed: mark the migration under way, then stop (the command reports the error). */
  fail(): Promise<void>;
  /** The run finished: the last frame stays on the terminal. */
  close(): Promise<void>;
}

export function inkRunView(direction: 'up' | 'down', database: string, stderr: NodeJS.WriteStream = process.stderr): LiveRunView {
  const now = () => performance.now();
  let state = initialRunState(direction, database);
  let instance: Instance | undefined = render(<RunView state={state} now={now} />, { stdout: stderr, patchConsole: false, exitOnCtrlC: false });
  const update = (next: RunState) => {
    state = next;
    instance?.rerender(<RunView state={state} now={now} />);
  };
  const stop = async () => {
    const live = instance;
    instance = undefined;
    live?.unmount();
    await live?.waitUntilExit().catch(() => undefined);
  };
  return {
    onProgress: (event) => update(reduceRun(state, event, now())),
    fail: async () => {
      update(failRun(state, now()));
      await stop();
    },
    close: stop,
  };
}
