/**
 * The `?` overlay: the keys, then the metric names `--alert` rules are written against, read from
 * the same list the alert parser uses so the two cannot disagree.
 */
import { METRICS } from '../../core/monitoring/monitor/metrics.js';
import type { Section } from './fit-sections.js';
import { INTERVAL_STEPS_S } from './interval-steps.js';
import { line, type Line } from './line.js';
import { SORT_LABEL, STATEMENT_SORTS } from './statement-table.js';

const KEYS: readonly (readonly [string, string])[] = [
  ['q  Ctrl-C', 'quit'],
  ['p', 'pause / resume the display (sampling goes on; held samples show on resume)'],
  ['s', `sort statements: ${STATEMENT_SORTS.map((s) => SORT_LABEL[s]).join(' → ')}`],
  ['+  -', `sampling interval: ${INTERVAL_STEPS_S.join(' ')} s`],
  ['/', 'filter statements by text (Enter applies, Esc clears)'],
  ['?  Esc', 'close this help'],
];

const UNIT_LABEL = { per_s: '/s', ratio: '0..1', ms: 'ms', s: 's', count: 'count', bytes: 'bytes', mb: 'MB' } as const;

export function helpSections(): Section<Line>[] {
  const keyWidth = Math.max(...KEYS.map(([k]) => k.length));
  const keys = [line('keys-title', 'Keys', { bold: true }), ...KEYS.map(([k, what]) => line(`key-${k}`, `  ${k.padEnd(keyWidth)}  ${what}`))];
  const nameWidth = Math.max(...METRICS.map((m) => m.name.length));
  const metrics = [
    line('metrics-title', "Alert metrics  --alert 'p95>50ms'  'cache_hit<95%'  'pool.waiting>0'  'blocked>0 for 3'", { bold: true }),
    ...METRICS.map((m) => line(`metric-${m.name}`, `  ${m.name.padEnd(nameWidth)}  ${UNIT_LABEL[m.unit].padEnd(5)}  ${m.source.padEnd(6)}  ${m.help}`)),
  ];
  // Asked for with `?`, so it outranks everything but the header: on a short terminal the metric
  // list shrinks first.
  return [
    { name: 'keys', priority: Infinity, lines: keys },
    { name: 'metrics', priority: 90, lines: metrics, minLines: 1 },
  ];
}
