import { render } from 'ink-testing-library';
import { capture, FakeTtyStdin } from '../support/fake-terminal.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { METRICS } from '../../src/core/monitoring/monitor/metrics.js';
import type { MonitorSample } from '../../src/core/monitoring/monitor/monitor-sample.js';
import { MonitorDashboard } from '../../src/ui/monitor/monitor-dashboard.js';
import { createMonitorView, inkMonitorView, ndjsonMonitorView, plainMonitorView } from '../../src/ui/monitor/monitor-view.js';
import { plainMonitorLine } from '../../src/ui/monitor/plain-line.js';
import { appUp, at, down, FIRING, history, QUIET, sample, serverUp } from './fixtures/monitor-samples.js';

/** Two seconds after the newest fixture sample (12:00:05). */
const NOW = (): number => Date.parse(at(0, 7));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * React 19 applies state changes from outside its own events (a key, a resize) on a later tick:
 * wait until Ink has stopped writing frames.
 */
async function settle(frames?: readonly unknown[]): Promise<void> {
  await sleep(15);
  if (!frames) return;
  for (let seen = -1, i = 0; frames.length !== seen && i < 50; i++) {
    seen = frames.length;
    await sleep(10);
  }
}

function controls(intervalS = 5) {
  return { quit: vi.fn(), setIntervalS: vi.fn(), intervalS };
}

type Controls = ReturnType<typeof controls>;

const mounted: { unmount(): void }[] = [];
afterEach(() => {
  for (const m of mounted.splice(0)) m.unmount();
});

async function mount(samples: readonly MonitorSample[], options: { controls?: Controls; status?: string; now?: () => number } = {}) {
  const c = options.controls ?? controls();
  const now = options.now ?? NOW;
  const r = render(<MonitorDashboard samples={samples} status={options.status ?? ''} controls={c} now={now} />);
  mounted.push(r);
  // useInput subscribes in an effect, which runs after the first frame.
  await settle(r.frames);
  const frame = (): string => r.lastFrame() ?? '';
  const press = async (...keys: string[]): Promise<void> => {
    for (const key of keys) {
      r.stdin.write(key);
      await settle(r.frames);
    }
  };
  const show = async (next: readonly MonitorSample[]): Promise<void> => {
    r.rerender(<MonitorDashboard samples={next} status={options.status ?? ''} controls={c} now={now} />);
    await settle(r.frames);
  };
  const resize = async (columns: number, rows?: number): Promise<void> => {
    Object.defineProperty(r.stdout, 'columns', { value: columns, configurable: true });
    if (rows !== undefined) Object.defineProperty(r.stdout, 'rows', { value: rows, configurable: true });
    r.stdout.emit('resize');
    await settle(r.frames);
  };
  return { frame, press, show, resize, controls: c };
}

/** The statement rows of a frame, in screen order, by a distinctive piece of each text. */
function statementOrder(frame: string): string[] {
  const marks = ['SELECT o.id', 'UPDATE accounts', 'FROM users'];
  return frame
    .split('\n')
    .map((line) => marks.find((m) => line.includes(m)))
    .filter((m): m is string => m !== undefined);
}

const ESC = '\u001B';
const ENTER = '\r';
const CTRL_C = '\u0003';

describe('monitor dashboard (Ink)', () => {
  it('a sample with data: header, headline figures, sparklines, gauges and the top statements', async () => {
    const { frame } = await mount(history(30));
    const f = frame();
    expect(f).toContain('oxen monitor · PostgreSQL 16.2 · up 3d 4h · postgres://app:***@db:5432/shop');
    expect(f).toContain('updated 2s ago · every 5s · sample 30 · ? help');
    expect(f).toContain('app http://127.0.0.1:9464 · pid 4242 · up 1h 2m');
    expect(f).toMatch(/^server tps +1,234 ▁▁▂▂.*███$/m);
    expect(f).toMatch(/^server qps +5,678 [▁▂▃▄▅▆▇█]{30}$/m);
    expect(f).toMatch(/^app qps +812 [▁▂▃▄▅▆▇█]{30}$/m);
    expect(f).toMatch(/^app p95 +2\.10 ms [▁▂▃▄▅▆▇█]{30}$/m);
    expect(f).toMatch(/^sessions +\[█+▒░+·+\] +14\/100 {2}█ active 3 {2}▓ waiting 0 {2}▒ idle in tx 1 {2}░ idle 10$/m);
    expect(f).toMatch(/^pool default +\[█+░+\] +4\/10 {2}█ in use 4 {2}░ idle 6 {2}0 waiting$/m);
    expect(f).toContain('server cache hit 99.2% · connections 14/100 · deadlocks 0/s · temp files 0.200/s · size 1.50 GB');
    expect(f).toContain('app p50 0.410 · p95 2.10 · p99 8.30 · max 12.0 ms · errors 0/s · heap 45.0 MB · rss 120 MB');
    expect(f).toContain('Top statements · server · by total time');
    expect(f).toMatch(/^ +total ms +calls +mean ms +rows {2}statement$/m);
    // A statement's newlines are folded so the row stays one row.
    expect(f).toMatch(/^ +2,700 +900 +3\.00 +900 {2}UPDATE accounts SET balance = balance - \$1 WHERE id = \$2$/m);
    expect(statementOrder(f)).toEqual(['SELECT o.id', 'UPDATE accounts', 'FROM users']);
  });

  it('"updated Ns ago" counts up between samples', async () => {
    let nowMs = NOW();
    const { frame } = await mount(history(3), { now: () => nowMs });
    expect(frame()).toContain('updated 2s ago');
    nowMs += 3000;
    await vi.waitFor(() => expect(frame()).toContain('updated 5s ago'), { timeout: 3000, interval: 50 });
  });

  it('falls back to the app digests, with the server note on one line, where the server keeps no statements', async () => {
    const note = 'pg_stat_statements is not installed: CREATE EXTENSION pg_stat_statements';
    const { frame } = await mount([sample({ server: serverUp({ topStatements: null, notes: [note, 'GRANT pg_read_all_stats TO app to see other sessions'] }) })]);
    const f = frame();
    expect(f).toContain('Top statements · app digests · by total time');
    expect(f).toContain(`  server: ${note}`);
    expect(f).toMatch(/^ +total ms +calls +mean ms +errors {2}statement$/m);
    expect(f).toMatch(/^ +900 +300 +3\.00 +0 {2}SELECT \* FROM "orders" WHERE "customer_id" = \$1$/m);
    expect(f).toMatch(/^ +600 +1,200 +0\.500 +2 {2}INSERT INTO "events"/m);
    // The note shown in the table is not repeated under Notes; the others are.
    expect(f.split(note)).toHaveLength(2);
    expect(f).toContain('Notes\n  GRANT pg_read_all_stats TO app to see other sessions');
  });

  it('blocking chains, long-running queries, replicas and busy tables when the server has them', async () => {
    const server = serverUp({
      blocking: [
        { pid: 4702, blockedBy: [4690], waitingS: 3, query: 'UPDATE accounts SET y = 2', user: 'bob' },
        { pid: 4711, blockedBy: [4702], waitingS: 12.3, query: 'UPDATE accounts\n SET x = 1', user: 'alice' },
      ],
      longRunning: [{ pid: 4690, runningS: 45, state: 'idle in transaction', query: 'SELECT pg_sleep(60)', user: 'carol' }],
      replicas: [{ name: 'replica-1', state: 'streaming', lagS: 0.5, lagBytes: 2 * 1024 ** 2 }],
      busyTables: [{ table: 'orders', writesPerS: 120, deadRows: 1234, liveRows: 50_000 }],
    });
    const { frame } = await mount([sample({ server })]);
    const f = frame();
    expect(f).toContain('Blocked sessions · 2 (pid → the sessions it waits on)\n  4711 → 4702 → 4690  waiting 12.3s  alice  UPDATE accounts SET x = 1\n  4702 → 4690  waiting 3.0s  bob  UPDATE accounts SET y = 2');
    expect(f).toMatch(/^Long-running · 1\n +4690 +45\.0s {2}idle in transaction {2}carol {2}SELECT pg_sleep\(60\)$/m);
    expect(f).toContain('Replication\n  replica-1  streaming  lag 0.5s · 2.00 MB');
    expect(f).toMatch(/^Busy tables\n {2}orders +120 writes\/s {2}1,234 dead \/ 50,000 live \(2\.4% dead\)$/m);
  });

  it('SQLite: no sessions gauge, its raw gauges on one line; a counters reset says so', async () => {
    const base = sample({
      server: serverUp({
        sessions: {},
        headline: { ...serverUp().headline, tps: null, qps: null, cacheHit: null, connections: null, maxConnections: null, tempFilesPerS: null, deadlocksPerS: null },
        topStatements: null,
        gauges: { page_count: 1234, wal_bytes: 1024 ** 2 },
        countersReset: true,
      }),
      app: null,
    });
    const { frame } = await mount([{ ...base, server: { ...base.server!, dialect: 'sqlite', url: 'sqlite:///srv/app.sqlite', version: 'SQLite 3.45.1' } }]);
    const f = frame();
    expect(f).toContain('oxen monitor · SQLite 3.45.1 · up 3d 4h · sqlite:///srv/app.sqlite');
    expect(f).toContain('server counters reset (a restart or a statistics reset): rates resume with the next sample');
    expect(f).not.toContain('sessions ');
    expect(f).toContain('server size 1.50 GB (+2.00 KB/s)');
    expect(f).toContain('server gauges  page_count 1,234 · wal_bytes 1.00 MB');
    expect(f).toContain('Top statements\n  the server keeps no per-statement statistics');
    expect(plainMonitorLine(base)).toBe('12:00:05 server up (counters reset) tps=- qps=- cache_hit=- sessions(a/i/w)=-/-/- blocked=0 size_mb=1536');
  });

  it('server disconnected: a banner with since, the error and the next attempt, and the last figures kept', async () => {
    const samples = history(30);
    const last = samples.at(-1)!;
    const gone = { ...last, seq: 31, at: at(0, 7), server: { ...last.server!, status: down(0, 6, 'connect ECONNREFUSED 127.0.0.1:5432', 0, 9) } };
    const { frame } = await mount([...samples, gone], { now: () => Date.parse(at(0, 8)) });
    const f = frame();
    expect(f).toContain('✖ server disconnected since 12:00:06 — connect ECONNREFUSED 127.0.0.1:5432 — retrying at 12:00:09');
    expect(f).toContain('server figures below are from 12:00:05, dimmed');
    expect(f).toMatch(/^server tps +1,234 /m);
    expect(f).toContain('UPDATE accounts SET balance');
    // No uptime for a server that is not answering.
    expect(f).toContain('oxen monitor · PostgreSQL 16.2 · postgres://app:***@db:5432/shop\n');
  });

  it('a source down from the start, and the app exporter down, with any password in the error hidden', async () => {
    const { frame } = await mount([
      sample({
        server: down(0, 1, 'auth failed for postgres://app:s3cret@db/shop', 0, 3),
        app: down(0, 2, 'fetch failed', 0, 4),
      }),
    ]);
    const f = frame();
    // Too long for 100 columns: the error gives way, not the time of the next attempt.
    expect(f).toMatch(/^✖ server disconnected since 12:00:01 — auth failed for postgres:\/\/app:\*\*\*@db… — retrying at 12:00:03$/m);
    expect(f).toContain('  no server data yet');
    expect(f).toContain('✖ app exporter disconnected since 12:00:02 — fetch failed — retrying at 12:00:04');
    expect(f).toContain('  no app exporter data yet');
    expect(f).not.toContain('s3cret');
  });

  it('alerts: firing ones first with their value and since, quiet ones after', async () => {
    const { frame } = await mount(history(3, { alerts: [QUIET, FIRING] }));
    const f = frame();
    expect(f).toContain('Alerts · 1 firing of 2\n● p95>1ms         now 2.10 ms  firing since 12:00:00 (7s)\n○ cache_hit<0.95  now 99.2%');
  });

  it('? shows the keys and every alert metric; Esc closes it', async () => {
    const { frame, press } = await mount(history(3));
    await press('?');
    const f = frame();
    expect(f).toContain('Keys\n  q  Ctrl-C  quit\n  p          pause / resume');
    expect(f).toContain('  s          sort statements: total time → calls → mean time');
    expect(f).toContain('  +  -       sampling interval: 1 2 5 10 15 30 60 s');
    expect(f).toContain("Alert metrics  --alert 'p95>50ms'");
    for (const m of METRICS) expect(f).toMatch(new RegExp(`^  ${m.name.replace('.', '\\.')} +\\S+ +${m.source} +${m.help.slice(0, 20).replace(/[()]/g, '\\$&')}`, 'm'));
    expect(f).not.toContain('Top statements');
    await press(ESC);
    expect(frame()).not.toContain('Alert metrics');
    expect(frame()).toContain('Top statements');
  });

  it('p pauses: new samples are held, not shown, until p again', async () => {
    const samples = history(30);
    const { frame, press, show } = await mount(samples);
    await press('p');
    expect(frame()).toMatch(/^ PAUSED  updated 2s ago · every 5s · sample 30/m);
    const busier = sample({ seq: 31, at: at(0, 10), server: serverUp({ headline: { ...serverUp().headline, tps: 9999 } }) });
    await show([...samples, busier]);
    expect(frame()).toMatch(/^ PAUSED  1 new sample held · updated 2s ago · every 5s · sample 30/m);
    expect(frame()).toMatch(/^server tps +1,234 /m);
    await press('p');
    expect(frame()).not.toContain('PAUSED');
    expect(frame()).toContain('sample 31');
    expect(frame()).toMatch(/^server tps +9,999 /m);
  });

  it('s cycles the statements sort: total time → calls → mean time', async () => {
    const { frame, press } = await mount(history(3));
    expect(statementOrder(frame())).toEqual(['SELECT o.id', 'UPDATE accounts', 'FROM users']);
    await press('s');
    expect(frame()).toContain('Top statements · server · by calls');
    expect(statementOrder(frame())).toEqual(['FROM users', 'UPDATE accounts', 'SELECT o.id']);
    await press('s');
    expect(frame()).toContain('Top statements · server · by mean time');
    expect(statementOrder(frame())).toEqual(['SELECT o.id', 'UPDATE accounts', 'FROM users']);
    await press('s');
    expect(frame()).toContain('by total time');
  });

  it('+ and - step the interval through 1 2 5 10 15 30 60 s and tell the command', async () => {
    const { frame, press, controls: c } = await mount(history(3));
    await press('+');
    expect(c.setIntervalS).toHaveBeenLastCalledWith(10);
    expect(frame()).toContain('every 10s');
    await press('-', '-', '-');
    expect(c.setIntervalS.mock.calls.map(([s]) => s)).toEqual([10, 5, 2, 1]);
    expect(frame()).toContain('every 1s');
    await press('-');
    expect(c.setIntervalS).toHaveBeenCalledTimes(4);
  });

  it('/ filters the statements: typed text applies on Enter, Esc clears it', async () => {
    const { frame, press, controls: c } = await mount(history(3));
    await press('/', 'u', 's', 'e', 'r', 's');
    expect(frame()).toContain('filter: users▏  Enter applies · Esc clears');
    // Typing is not a command: `s` and `q` above and below went into the filter.
    expect(frame()).toContain('by total time');
    expect(statementOrder(frame())).toHaveLength(3);
    await press(ENTER);
    expect(frame()).toContain('Top statements · server · by total time · filter "users" (1 of 3)');
    expect(statementOrder(frame())).toEqual(['FROM users']);
    await press('/', 'q', ESC);
    expect(c.quit).not.toHaveBeenCalled();
    expect(frame()).not.toContain('filter');
    expect(statementOrder(frame())).toHaveLength(3);
    await press('/', 'n', 'o', 'p', 'e', ENTER);
    expect(frame()).toContain('  no statement matches "nope"');
  });

  it('keys that arrive in one read each count: "p?" pauses and opens the help, "/users\r" filters', async () => {
    const { frame, press } = await mount(history(3));
    await press('p?');
    expect(frame()).toContain(' PAUSED ');
    expect(frame()).toContain('Keys');
    await press(ESC, '/users\r');
    expect(frame()).toContain('filter "users" (1 of 3)');
  });

  it('q and Ctrl-C ask the command to quit', async () => {
    const a = await mount(history(3));
    await a.press('q');
    expect(a.controls.quit).toHaveBeenCalledTimes(1);
    const b = await mount(history(3));
    await b.press(CTRL_C);
    expect(b.controls.quit).toHaveBeenCalledTimes(1);
  });

  it('a narrow terminal: lines cut at the edge, SQL truncated with …, nothing wrapped; re-laid out on resize', async () => {
    const { frame, resize } = await mount(history(120));
    expect(frame()).toMatch(/^server tps +1,234 [▁▂▃▄▅▆▇█]{77}$/m);
    await resize(60);
    const lines = frame().split('\n');
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(60);
    const long = lines.find((l) => l.includes('SELECT o.id'))!;
    expect(long).toMatch(/^ +4,200 +40 +105 +2,000 {2}SELECT o\.id, o\.custom…$/);
    // The rest of the statement did not spill onto a line of its own.
    expect(frame()).not.toContain('LIMIT $3');
    expect(lines.filter((l) => /^\S/.test(l) && !/^(oxen|updated|app|server|sessions|pool|Top|Alerts)/.test(l))).toEqual([]);
    // Sparklines and gauges shrink to the width instead of being cut.
    expect(frame()).toMatch(/^server tps +1,234 [▁▂▃▄▅▆▇█]{37}$/m);
    expect(frame()).toMatch(/^sessions +\[[█▒░·]{15}\]/m);
  });

  it('a short terminal: lower sections go first, the header and firing alerts stay', async () => {
    const server = serverUp({ longRunning: [{ pid: 1, runningS: 30, state: 'active', query: 'SELECT 1', user: null }], notes: ['a note'] });
    const { frame, resize } = await mount(history(30, { server, alerts: [FIRING, QUIET] }));
    expect(frame()).toContain('Long-running');
    await resize(100, 16);
    const f = frame();
    expect(f.split('\n').length).toBeLessThanOrEqual(15);
    expect(f).toContain('oxen monitor · PostgreSQL 16.2');
    expect(f).toContain('● p95>1ms');
    expect(f).not.toContain('Notes');
    expect(f).not.toContain('Long-running');
  });
});

describe('monitor plain line', () => {
  it('one line with every figure in a fixed place', () => {
    expect(plainMonitorLine(sample({ alerts: [FIRING, QUIET] }))).toBe(
      '12:00:05 server up tps=1234 qps=5678 cache_hit=99.2% sessions(a/i/w)=3/10/0 blocked=0 size_mb=1536' +
        ' | app up qps=812 p50=0.410ms p95=2.10ms p99=8.30ms errors=0/s pool(used/idle/wait)=4/6/0 heap=45.0MB rss=120MB' +
        ' | firing: p95>1ms (2.10ms)',
    );
  });

  it('no rates yet, no firing alerts, blocked sessions', () => {
    const server = serverUp({
      hasRates: false,
      headline: { ...serverUp().headline, tps: null, qps: null, cacheHit: null },
      blocking: [{ pid: 2, blockedBy: [1], waitingS: 1, query: 'x', user: null }],
    });
    const app = appUp({ hasRates: false, queriesPerS: null, errorsPerS: null, latencyMs: null, pools: [] });
    expect(plainMonitorLine(sample({ server, app, alerts: [QUIET] }))).toBe(
      '12:00:05 server up tps=- qps=- cache_hit=- sessions(a/i/w)=3/10/0 blocked=1 size_mb=1536' +
        ' | app up qps=- p50=- p95=- p99=- errors=- pool(used/idle/wait)=-/-/- heap=45.0MB rss=120MB | alerts ok',
    );
  });

  it('read replicas of the app: state, lag and share of reads, on the plain line and the dashboard', async () => {
    const replicas = [
      { database: 'default', name: 'default@replica1', url: 'postgres://app:***@r1:5432/app', state: 'healthy', lagMs: 12, readShare: 0.625 },
      { database: 'default', name: 'default@replica2', url: 'postgres://app:***@r2:5432/app', state: 'down', lagMs: null, readShare: 0 },
    ];
    const line = plainMonitorLine(sample({ server: serverUp(), app: appUp({ replicas }), alerts: [QUIET] }));
    expect(line).toContain(' default@replica1=healthy,lag=12.0ms,reads=62.5% default@replica2=down,lag=-,reads=0% ');
    const { frame } = await mount(history(3, { app: appUp({ replicas }) }));
    expect(frame()).toMatch(/default@replica1 *healthy +lag 12(\.0)? ms · reads 62\.5%/);
    expect(frame()).toMatch(/default@replica2 *down +lag – · reads 0(\.0)?%/);
  });

  it('sources down: since when and why, passwords hidden', () => {
    const s = sample({
      at: at(0, 10),
      server: down(0, 6, 'connect ECONNREFUSED postgres://app:s3cret@db:5432', 0, 9),
      app: down(0, 7, 'fetch failed', 0, 9),
    });
    expect(plainMonitorLine(s)).toBe(
      '12:00:10 server disconnected since 12:00:06 (connect ECONNREFUSED postgres://app:***@db:5432) | app disconnected since 12:00:07 (fetch failed)',
    );
  });

  it('the plain view: one line per sample on stdout; which server and each note once on the status stream', () => {
    const out: string[] = [];
    const status: string[] = [];
    const view = plainMonitorView((t) => out.push(t), { writeStatus: (t) => status.push(t) });
    const s = sample({ server: serverUp({ notes: ['GRANT pg_read_all_stats TO app'] }) });
    view.status('connecting');
    view.sample(s);
    view.sample({ ...s, seq: 13 });
    expect(out).toEqual([`${plainMonitorLine(s)}\n`, `${plainMonitorLine(s)}\n`]);
    expect(status).toEqual([
      'connecting\n',
      'monitoring server PostgreSQL 16.2 postgres://app:***@db:5432/shop, app http://127.0.0.1:9464\n',
      'note: GRANT pg_read_all_stats TO app\n',
    ]);
  });

  it('colours only the firing part, and only when asked', () => {
    const out: string[] = [];
    plainMonitorView((t) => out.push(t), { color: true, writeStatus: () => {} }).sample(sample({ alerts: [FIRING] }));
    expect(out[0]).toMatch(/ \| \u001b\[31mfiring: p95>1ms \(2\.10ms\)\u001b\[39m\n$/);
  });
});

describe('monitor NDJSON', () => {
  it('one JSON object per sample and line, equal to the sample', () => {
    const out: string[] = [];
    const status: string[] = [];
    const view = ndjsonMonitorView((t) => out.push(t), { writeStatus: (t) => status.push(t) });
    const samples = [sample({ seq: 1, alerts: [FIRING] }), sample({ seq: 2, server: down(0, 6, 'boom', 0, 9) })];
    view.status('connecting');
    for (const s of samples) view.sample(s);
    const text = out.join('');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => JSON.parse(l))).toEqual(samples);
    expect(status).toEqual(['connecting\n']);
  });

  it('createMonitorView routes samples to stdout and status to stderr', async () => {
    const stdout = capture();
    const stderr = capture();
    const json = await createMonitorView('json', { controls: controls(), stdout, stderr });
    json.status('connecting');
    json.sample(sample());
    expect(JSON.parse(stdout.text)).toEqual(sample());
    expect(stderr.text).toBe('connecting\n');
    const plainOut = capture();
    const plain = await createMonitorView('plain', { controls: controls(), stdout: plainOut, stderr: capture() });
    plain.sample(sample());
    expect(plainOut.text).toBe(`${plainMonitorLine(sample())}\n`);
  });
});

describe('the Ink view', () => {
  it('renders samples, and close() restores the terminal (raw mode off, cursor shown) once, however often called', async () => {
    const stdout = Object.assign(capture(), { isTTY: true, columns: 100, rows: 40, writable: true, destroyed: false });
    const stdin = new FakeTtyStdin();
    const c = controls();
    const view = await inkMonitorView({ controls: c, stdout, stdin: stdin as unknown as NodeJS.ReadStream, now: NOW });
    view.status('connecting to postgres://app:***@db:5432/shop');
    view.sample(sample());
    await vi.waitFor(() => expect(stdin.setRawMode).toHaveBeenLastCalledWith(true), { timeout: 10_000 });
    stdin.press('q');
    await vi.waitFor(() => expect(c.quit).toHaveBeenCalled(), { timeout: 10_000 });
    expect(c.quit).toHaveBeenCalledTimes(1);
    const closing = view.close();
    expect(view.close()).toBe(closing);
    await closing;
    expect(stdin.setRawMode).toHaveBeenLastCalledWith(false);
    expect(stdin.isRaw).toBe(false);
    expect(stdout.text).toContain('PostgreSQL 16.2');
    expect(stdout.text.endsWith('\u001B[?25h')).toBe(true);
    const written = stdout.text.length;
    view.sample(sample({ seq: 13 }));
    await view.close();
    expect(stdout.text.length).toBe(written);
  });
});
