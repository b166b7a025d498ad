/**
 * The rename question of `oxen migrate make` on a terminal: one y/n line per question, as Django's
 * makemigrations asks. Enter alone is no (drop and add: what --yes answers too); Ctrl-C cancels the
 * whole make, so nothing is written.
 */
import { Box, render, Text, useInput } from 'ink';
import { UsageError } from '../../core/ground/errors.js';
import type { RenameQuestion } from '../../core/schema/migrate/detect-changes.js';

export interface RenamePromptProps {
  readonly question: RenameQuestion;
  readonly onAnswer: (rename: boolean) => void;
  readonly onCancel: () => void;
}

export function RenamePrompt({ question, onAnswer, onCancel }: RenamePromptProps) {
  useInput((input, key) => {
    if (key.ctrl && input === 'c') onCancel();
    else if (input === 'y' || input === 'Y') onAnswer(true);
    else if (input === 'n' || input === 'N' || key.return) onAnswer(false);
  });
  const what =
    question.kind === 'table'
      ? `Was table ${question.from} renamed to ${question.to}?`
      : `Was column ${question.table}.${question.from} renamed to ${question.to}?`;
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>{what}</Text> <Text dimColor>[y/N]</Text>
      </Text>
      <Text dimColor>  y: rename it, keeping its data · n: drop it and add the new one (its data is lost)</Text>
    </Box>
  );
}

export interface PromptStreams {
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
}

/** Asks one question and resolves with the answer; rejects (a usage error: nothing written) on Ctrl-C. */
export async function askRename(question: RenameQuestion, streams: PromptStreams = {}): Promise<boolean> {
  let settle: (answer: boolean | 'cancel') => void = () => {};
  const answered = new Promise<boolean | 'cancel'>((resolve) => (settle = resolve));
  const instance = render(<RenamePrompt question={question} onAnswer={(a) => settle(a)} onCancel={() => settle('cancel')} />, {
    stdout: streams.stdout ?? process.stdout,
    stdin: streams.stdin ?? process.stdin,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const answer = await answered;
  instance.unmount();
  await instance.waitUntilExit().catch(() => undefined);
  const stdout = streams.stdout ?? process.stdout;
  if (answer === 'cancel') throw new UsageError('USAGE', 'migrate make cancelled: no migration written');
  stdout.write(`${answer ? '  → renamed' : '  → dropped and added'}\n`);
  return answer;
}
