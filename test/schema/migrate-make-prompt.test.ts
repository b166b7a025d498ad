/** The rename prompt (Ink): y renames, n or Enter drops and adds, Ctrl-C cancels. */
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { askRename, RenamePrompt } from '../../src/ui/migrate/rename-prompt.js';
import { capture, FakeTtyStdin } from '../support/fake-terminal.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const question = { kind: 'column', table: 'users', from: 'name', to: 'full_name' } as const;

describe('RenamePrompt', () => {
  it('asks, and answers by key', async () => {
    const onAnswer = vi.fn();
    const onCancel = vi.fn();
    const app = render(createElement(RenamePrompt, { question, onAnswer, onCancel }));
    expect(app.lastFrame()).toContain('Was column users.name renamed to full_name? [y/N]');
    await sleep(20);
    app.stdin.write('y');
    await sleep(20);
    app.stdin.write('n');
    await sleep(20);
    app.stdin.write('\r');
    await sleep(20);
    app.stdin.write('\u0003');
    await sleep(20);
    expect(onAnswer.mock.calls).toEqual([[true], [false], [false]]);
    expect(onCancel).toHaveBeenCalledTimes(1);
    app.unmount();
  });

  it('asks about a table by its names', () => {
    const app = render(createElement(RenamePrompt, { question: { kind: 'table', table: 'users', from: 'people', to: 'users' }, onAnswer: () => {}, onCancel: () => {} }));
    expect(app.lastFrame()).toContain('Was table people renamed to users?');
    app.unmount();
  });
});

describe('askRename', () => {
  it('resolves with the answer and says what it means', async () => {
    const stdout = capture();
    const stdin = new FakeTtyStdin();
    const answer = askRename(question, { stdout, stdin: stdin as unknown as NodeJS.ReadStream });
    await sleep(50);
    stdin.press('y');
    await expect(answer).resolves.toBe(true);
    expect(stdout.text).toContain('→ renamed');
  });

  it('Ctrl-C rejects: nothing is written', async () => {
    const stdin = new FakeTtyStdin();
    const answer = askRename(question, { stdout: capture(), stdin: stdin as unknown as NodeJS.ReadStream });
    await sleep(50);
    stdin.press('\u0003');
    await expect(answer).rejects.toThrow('migrate make cancelled: no migration written');
  });
});
