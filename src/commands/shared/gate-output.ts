/** What `ab` and `compare` do with a verdict once shown: the Markdown file, and the exit code. */
import { appendFileSync, writeFileSync } from 'node:fs';
import type { GateResult } from '../../core/bench/gate/gate-result.js';
import { CheckFailedError, InconclusiveError, UsageError } from '../../core/errors.js';
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

export function exitFor(gate: GateResult): void {
  if (gate.outcome === 'regression' || gate.outcome === 'failed') throw new CheckFailedError(outcomeLine(gate));
  if (gate.outcome === 'inconclusive') throw new InconclusiveError(outcomeLine(gate));
}

