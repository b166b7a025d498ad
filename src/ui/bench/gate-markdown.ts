/** A gate result as a PR comment (also appended to $GITHUB_STEP_SUMMARY in Actions). */
import type { GateResult } from '../../core/bench/gate/gate-result.js';
import { GATE_HEADER, gateNotes, gateRows, gateRule, latencyLine, outcomeLine } from './gate-rows.js';

const ICON: Record<GateResult['outcome'], string> = { 'no change': '✅', regression: '❌', inconclusive: '⚠️', failed: '❌' };

export function renderGateMarkdown(g: GateResult): string {
  const commit = (c: string | null, dirty: boolean | null): string => (c ? `\`${c.slice(0, 10)}\`${dirty ? ' (modified)' : ''}` : 'unknown commit');
  const lines = [
    `### Oxen benchmark: ${ICON[g.outcome]} ${escapeCell(outcomeLine(g))}`,
    '',
    `Base ${commit(g.base.commit, g.base.dirty)}, head ${commit(g.head.commit, g.head.dirty)}. ${gateRule(g)}`,
    '',
    `| ${[...GATE_HEADER, 'Latency p50 / p95 / p99 (base → head)'].join(' | ')} |`,
    `|${[...GATE_HEADER, ''].map((_, i) => (i < 3 || i === GATE_HEADER.length - 1 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...gateRows(g).map((r, i) => `| ${[...r, latencyLine(g.rows[i]!) ?? '–'].map(escapeCell).join(' | ')} |`),
  ];
  const notes = gateNotes(g);
  if (notes.length > 0) lines.push('', ...notes.map((n) => `- ${escapeCell(n)}`));
  return `${lines.join('\n')}\n`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
