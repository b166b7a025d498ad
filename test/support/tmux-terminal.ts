/**
 * A real terminal for command tests: tmux sessions running the built binary, keys sent with
 * `send-keys`, the screen read with `capture-pane`. Ink's test renderer cannot show what raw mode,
 * the alternate screen, resizing and restoring the terminal do to a real one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { requireServers } from './databases.js';

/** Whether tmux is here; missing, the suite skips loudly, or fails under OXEN_TEST_REQUIRE_SERVERS=1. */
export function tmuxAvailable(suite: string): boolean {
  if (spawnSync('tmux', ['-V']).status === 0) return true;
  if (requireServers) throw new Error('OXEN_TEST_REQUIRE_SERVERS=1 but tmux is not installed (apt-get install tmux)');
  process.stderr.write(`\n*** tmux is not installed — SKIPPING ${suite} ***\n`);
  return false;
}

export const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });

/** Sessions named `<prefix>-<pid>-<n>`: one per test, since killing a tmux server's last session and starting another at once races its exit. */
export class TmuxSessions {
  private count = 0;
  current = '';

  constructor(private readonly prefix: string) {}

  next(): string {
    this.current = `${this.prefix}-${process.pid}-${++this.count}`;
    return this.current;
  }

  screen(): string {
    return tmux('capture-pane', '-p', '-t', this.current).trimEnd();
  }

  /** The screen once `check` holds, or an error showing what it shows instead. */
  async until(what: string, check: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.screen();
      if (check(text)) return text;
      if (Date.now() > deadline) throw new Error(`the terminal never showed ${what}; it shows:\n${text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  killAll(): void {
    for (let n = 1; n <= this.count; n++) spawnSync('tmux', ['kill-session', '-t', `${this.prefix}-${process.pid}-${n}`]);
  }
}
