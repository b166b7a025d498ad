/** What `ab` and `compare` do with a verdict once shown: the Markdown file, and the exit code. */
import { appendFileSync, writeFileSync } from 'node:fs';
import type { GateResult } from '../../core/bench/gate/gate-result.js';
import { CheckFailedError, InconclusiveError, UsageError } from '../../core/ground/errors.js';
import { renderGateMarkdown } from '../../ui/bench/gate-markdown.js';
import { outcomeLine } from '../../ui/bench/gate-rows.js';

export function writeMarkdown(path: string, gate: GateResult): void {
  const markdown = renderGateMarkdown(gate);
  try {
    writeFileSync(path, markdown);
  } catch (error) {
    throw new UsageError('USAGE', `cannot write --markdown ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary) appendFileSync(summary, markdown);
}

/**
 * Leaves with the verdict's exit code. With --json the verdict is already the one document on stdout,
 * so the outcome goes to stderr and the exit is direct (no second, error document on stdout).
 */
export function exitFor(gate: GateResult, json: boolean, exit: (code: number) => never): void {
  if (gate.outcome === 'no change') return;
  const code = gate.outcome === 'inconclusive' ? 4 : 3;
  if (json) {
    process.stderr.write(`${outcomeLine(gate)}\n`);
    exit(code);
  }
  if (code === 4) throw new InconclusiveError(outcomeLine(gate));
  throw new CheckFailedError(outcomeLine(gate));
}
