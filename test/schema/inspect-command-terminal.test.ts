/**
 * The inspect browser as a person meets it: the built binary in a real terminal (tmux), keys sent
 * with `send-keys`, the screen read with `capture-pane`. What ink-testing-library cannot show: raw
 * mode, the alternate screen, and the terminal as it was once the browser quits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, bin } from '../cli/run-oxen.js';
import { TmuxSessions, tmux, tmuxAvailable } from '../support/tmux-terminal.js';

const hasTmux = tmuxAvailable('the real-terminal inspect browser test');
const terminal = new TmuxSessions('oxen-inspect');
let session = '';
const until = terminal.until.bind(terminal);

describe.skipIf(!hasTmux)('oxen inspect in a real terminal', () => {
  let dir: string;
  let file: string;

  beforeAll(() => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'oxen-inspect-tmux-'));
    file = join(dir, 'app.db');
    const db = new Database(file);
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE)');
    db.exec('CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), total DECIMAL(10,2))');
    for (let i = 0; i < 40; i++) db.exec(`CREATE TABLE extra_${String(i).padStart(2, '0')} (id INTEGER PRIMARY KEY)`);
    db.close();
  });

  afterAll(() => {
    terminal.killAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function start(): void {
    session = terminal.next();
    // CI unset: the command must see a terminal and no CI, as on a developer's machine. tmux does not
    // report a dead pane's exit status: the shell prints it after oxen leaves.
    const command = `echo before-oxen; env -u CI -u OXEN_RENDERER ${process.execPath} ${bin} inspect --url sqlite://${file}; echo "oxen exited with $?"; sleep 600`;
    tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '20', command);
  }

  it('browses, scrolls the long list, opens a table, and on q leaves the screen as it was', async () => {
    start();
    const first = await until('the list', (t) => /oxen inspect · sqlite · schema main · 42 tables/.test(t));
    // 20 rows: the frame is 19 high; the shell's line is on the other screen.
    expect(first).not.toMatch(/before-oxen/);
    expect(first.split('\n').length).toBeLessThanOrEqual(19);
    expect(first).toMatch(/^› customers /m);
    tmux('send-keys', '-t', session, 'G');
    await until('the end of the list', (t) => /^› orders /m.test(t) && /of 42/.test(t) && !/customers/.test(t));
    tmux('send-keys', '-t', session, 'Enter');
    const opened = await until('orders opened', (t) => /^table orders/m.test(t));
    expect(opened).toMatch(/customer_id +INTEGER +\w+ +not null +FK/);
    tmux('send-keys', '-t', session, 'Escape');
    await until('back to the list', (t) => /^› orders /m.test(t));
    tmux('send-keys', '-t', session, '/', 'c', 'u', 's', 'Enter');
    await until('the filtered list', (t) => /1–1 of 1 matching "cus"/.test(t));
    tmux('resize-window', '-t', session, '-x', '50', '-y', '10');
    const narrow = await until('a smaller layout', (t) => t.split('\n').every((l) => l.length <= 50) && /^› customers/m.test(t));
    expect(narrow.split('\n').length).toBeLessThanOrEqual(9);
    tmux('send-keys', '-t', session, 'q');
    const after = await until('the exit', (t) => /oxen exited with \d+/.test(t));
    expect(after).toMatch(/oxen exited with 0/);
    expect(after).toMatch(/before-oxen/);
    expect(after).not.toMatch(/oxen inspect ·/);
  }, 60_000);

  it('restores the terminal on Ctrl-C', async () => {
    start();
    await until('the list', (t) => /oxen inspect · sqlite/.test(t));
    tmux('send-keys', '-t', session, 'C-c');
    expect(await until('the exit', (t) => /oxen exited with \d+/.test(t))).toMatch(/oxen exited with 0/);
    expect(tmux('display-message', '-p', '-t', session, '#{cursor_flag}').trim()).toBe('1');
    expect(tmux('display-message', '-p', '-t', session, '#{alternate_on}').trim()).toBe('0');
    tmux('send-keys', '-t', session, 'typed-after-exit');
    await until('typed text echoed (raw mode off)', (t) => /typed-after-exit/.test(t));
  }, 60_000);
});
