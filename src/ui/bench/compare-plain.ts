/** `oxen benchmark compare` as a cli-table3 table with the gate's outcome underneath. */
import Table from 'cli-table3';
import type { Comparison } from '../../core/bench/compare-reports.js';
import { COMPARE_HEADER, compareRows, inconclusiveReasons, outcomeLine } from './compare-rows.js';

export function renderPlainComparison(c: Comparison, options: { color?: boolean } = {}): string {
  const table = new Table({ head: [...COMPARE_HEADER], style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] } });
  for (const row of compareRows(c)) table.push(row);
  const lines = [table.toString()];
  for (const note of [...c.notes, ...c.unmatched.map((u) => `not compared: ${u}`), ...inconclusiveReasons(c)]) lines.push(`  - ${note}`);
  lines.push(outcomeLine(c));
  return `${lines.join('\n')}\n`;
}
