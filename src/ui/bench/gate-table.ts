/**
 * A gate result for a terminal: one line per cell in at most 100 columns (no borders, two spaces
 * between columns), latency percentiles under each line with --verbose, the notes, the outcome.
 */
import Table from 'cli-table3';
import type { GateResult } from '../../core/bench/gate/gate-result.js';
import { painter } from '../shared/paint.js';
import { GATE_HEADER, gateNotes, gateRows, gateRule, latencyLine, outcomeLine } from './gate-rows.js';

const NO_BORDER = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

const VERDICT_COLOR: Record<string, 'green' | 'red' | 'yellow' | undefined> = { 'no change': undefined, faster: 'green', 'not slower': undefined, regression: 'red', inconclusive: 'yellow' };

export function renderGateTable(g: GateResult, options: { color?: boolean; verbose?: boolean } = {}): string {
  const table = new Table({ head: [...GATE_HEADER], chars: NO_BORDER, style: { head: options.color ? ['cyan'] : [], border: [], 'padding-left': 0, 'padding-right': 0 } });
  const rows = gateRows(g);
  const paint = painter(options.color === true);
  g.rows.forEach((row, i) => {
    const cells = rows[i]!;
    const color = VERDICT_COLOR[row.judgement.verdict];
    if (color && row.gated) cells[6] = paint(color, cells[6]!);
    table.push(cells);
    const latency = options.verbose ? latencyLine(row) : undefined;
    if (latency) table.push([{ colSpan: 7, content: `    ${latency}` }]);
  });
  const lines = [...wrap(gateRule(g), ''), '', table.toString().replace(/ +$/gm, '')];
  const notes = gateNotes(g);
  if (notes.length > 0) lines.push('', ...notes.flatMap((n) => wrap(`  - ${n}`, '    ')));
  lines.push('', ...wrap(outcomeLine(g), ''));
  return `${lines.join('\n')}\n`;
}

const WIDTH = 100;

/** Breaks text at spaces into lines of at most WIDTH columns (a longer word stays whole). */
function wrap(text: string, indent: string): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > WIDTH) {
      out.push(line);
      line = indent + word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  out.push(line);
  return out;
}
