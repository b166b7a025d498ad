/**
 * The dashboard as a person meets it: the built binary in a real terminal (tmux), keys sent with
 * `send-keys`, the screen read with `capture-pane`. Ink's test renderer cannot show what raw mode,
 * resizing and restoring the terminal do to a real one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, bin } from '../cli/run-oxen.js';
import { TmuxSessions, tmux, tmuxAvailable } from '../support/tmux-terminal.js';

const hasTmux = tmuxAvailable('the real-terminal dashboard test');
const terminal = new TmuxSessions('oxen-monitor');
let session = '';
const until = terminal.until.bind(terminal);

describe.skipIf(!hasTmux)('oxen monitor start in a real terminal', () => {
  let dir: string;
  let file: string;

  beforeAll(() => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'oxen-tmux-'));
    file = join(dir, 'app.db');
    // Written by better-sqlite3 directly: the monitor reads a database it did not create.
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    const insert = db.prepare('INSERT INTO notes (body) VALUES (?)');
    for (let i = 0; i < 500; i++) insert.run(`note ${i}`);
    db.close();
  });

  afterAll(() => {
    terminal.killAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function start(): void {
    session = terminal.next();
    // CI unset: the monitor must see a terminal and no CI, as on a developer's machine.
    // tmux 3.3 does not report a dead pane's exit status: the shell prints it after the monitor leaves.
    const command = `env -u CI -u OXEN_RENDERER ${process.execPath} ${bin} monitor start --url sqlite://${file} --interval 1 --alert 'db_size>1kb'; echo "oxen exited with $?"; sleep 600`;
    tmux('new-session', '-d', '-s', session, '-x', '110', '-y', '36', command);
  }

  it('draws the dashboard, answers keys, re-lays out on resize, and leaves cleanly on q', async () => {
    start();
    const first = await until('the header', (t) => /SQLite/.test(t) && /sqlite:\/\//.test(t));
    expect(first).toMatch(/db_size>1kb/);
    tmux('send-keys', '-t', session, '?');
    await until('the help overlay', (t) => /replication_lag/.test(t) && /quit/i.test(t));
    tmux('send-keys', '-t', session, 'Escape');
    await until('the help closed', (t) => !/replication_lag/.test(t));
    tmux('send-keys', '-t', session, 'p');
    await until('PAUSED', (t) => /PAUSED/.test(t));
    tmux('send-keys', '-t', session, 'p');
    await until('PAUSED gone', (t) => !/PAUSED/.test(t));
    tmux('resize-window', '-t', session, '-x', '60', '-y', '20');
    const narrow = await until('a narrow layout', (t) => t.split('\n').every((l) => l.length <= 60) && /SQLite/.test(t));
    expect(narrow.split('\n').length).toBeLessThanOrEqual(20);
    tmux('send-keys', '-t', session, 'q');
    expect(await until('the exit', (t) => /oxen exited with \d+/.test(t))).toMatch(/oxen exited with 0/);
  }, 60_000);

  it('restores the terminal on Ctrl-C', async () => {
    start();
    await until('the header', (t) => /SQLite/.test(t));
    tmux('send-keys', '-t', session, 'C-c');
    expect(await until('the exit', (t) => /oxen exited with \d+/.test(t))).toMatch(/oxen exited with 0/);
    // The cursor shown again (tmux's cursor flag), and the terminal back in line mode: typed text echoes.
    expect(tmux('display-message', '-p', '-t', session, '#{cursor_flag}').trim()).toBe('1');
    tmux('send-keys', '-t', session, 'typed-after-exit');
    await until('typed text echoed (raw mode off)', (t) => /typed-after-exit/.test(t));
  }, 60_000);
});
