/**
 * `migrate make` and `migrate up` as a person meets them: the built binary in a real terminal (tmux),
 * with no CI in the environment, so the Ink views render: the plan grouped and coloured, then the run
 * view's last frame with each migration's duration, and a failing migration marked where it stopped.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, bin } from '../cli/run-oxen.js';
import { TmuxSessions, tmux, tmuxAvailable } from '../support/tmux-terminal.js';

const hasTmux = tmuxAvailable('the real-terminal migrate views test');
const terminal = new TmuxSessions('oxen-migrate');
const dist = join(import.meta.dirname, '..', '..', 'dist', 'index.js');

function models(extra: string): string {
  return [
    `import { model, AutoField, CharField, IntField } from ${JSON.stringify(dist)};`,
    `export const Author = model('Author', { id: AutoField(), name: CharField({ maxLength: 100 })${extra} }, { tableName: 'author' });`,
    '',
  ].join('\n');
}

describe.skipIf(!hasTmux)('oxen migrate views in a real terminal', () => {
  let dir: string;

  beforeAll(() => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'oxen-migrate-tmux-'));
    writeFileSync(join(dir, 'oxen.config.ts'), `export default { databases: { default: 'sqlite://${dir}/app.db' }, models: './models.ts', migrations: './migrations' };\n`);
  });

  afterAll(() => {
    terminal.killAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs one oxen command line in a fresh terminal and returns the screen once it has exited. */
  async function run(args: string): Promise<string> {
    const session = terminal.next();
    const command = `cd ${dir} && env -u CI -u OXEN_RENDERER ${process.execPath} ${bin} ${args}; echo "oxen exited with $?"; sleep 600`;
    tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', command);
    return terminal.until(`oxen ${args} to finish`, (t) => /oxen exited with \d+/.test(t), 60_000);
  }

  it('make shows the plan; up shows each migration applied with its duration', async () => {
    writeFileSync(join(dir, 'models.ts'), models(''));
    const made = await run('migrate make create_author');
    expect(made).toMatch(/^0001_create_author$/m);
    expect(made).toMatch(/Additions \(1\)\n\s+\+ table author \(2 columns\)/);
    expect(made).toMatch(/Created migrations\/0001_create_author\.ts/);
    expect(made).toMatch(/oxen exited with 0/);

    writeFileSync(join(dir, 'models.ts'), models(', age: IntField({ default: 0 })'));
    expect(await run('migrate make add_age')).toMatch(/Additions \(1\)\n\s+\+ column author\.age/);

    const up = await run('migrate up');
    expect(up).toMatch(/^Applying 2 migrations · sqlite:\/\//m);
    expect(up).toMatch(/^✓ 0001_create_author +\d+ ms$/m);
    expect(up).toMatch(/^✓ 0002_add_age +\d+ ms$/m);
    expect(up).toMatch(/^Applied 2 migrations in \d+ ms\.$/m);
    expect(up).toMatch(/oxen exited with 0/);
  }, 120_000);

  it('a failing migration is marked where it stopped, with the error under the view', async () => {
    writeFileSync(
      join(dir, 'migrations', '0003_broken.ts'),
      "export default { operations: [{ op: 'runSql', sql: { sqlite: 'SELECT * FROM no_such_table' } }] };\n",
    );
    const up = await run('migrate up');
    expect(up).toMatch(/^✗ 0003_broken +\d+ ms$/m);
    expect(up).toMatch(/\* runSql/);
    expect(up).toMatch(/no_such_table/);
    expect(up).toMatch(/oxen exited with [1-9]/);
  }, 120_000);
});
