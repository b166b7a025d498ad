/** A PR-ready Markdown summary of a comparison (also appended to $GITHUB_STEP_SUMMARY in Actions). */
import type { Comparison } from '../../core/bench/compare-reports.js';
import { COMPARE_HEADER, compareRows, inconclusiveReasons, outcomeLine } from './compare-rows.js';

const ICON: Record<string, string> = { regression: '❌', inconclusive: '⚠️', pass: '✅' };

export function renderMarkdownComparison(c: Comparison): string {
  const rows = compareRows(c);
  const lines = [
    `### Oxen benchmark: ${ICON[c.outcome]} ${outcomeLine(c)}`,
    '',
    `Gate: ${c.metric === 'ops' ? 'throughput' : `${c.metric} latency`}, threshold ${Math.round(c.threshold * 100)}%, 95% confidence (Welch). Only ORM variants gate; \`raw\` is the bare driver.`,
    '',
    `| ${COMPARE_HEADER.join(' | ')} |`,
    `|${COMPARE_HEADER.map((_, i) => (i < 3 || i === COMPARE_HEADER.length - 1 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`),
  ];
  const notes = [...c.notes, ...c.unmatched.map((u) => `not compared: ${u}`), ...inconclusiveReasons(c)];
  if (notes.length > 0) lines.push('', ...notes.map((n) => `- ${escapeCell(n)}`));
  return `${lines.join('\n')}\n`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
