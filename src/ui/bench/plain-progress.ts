/** One stderr line per finished cell in plain mode: enough to follow a CI log without redraws. */
import type { EngineEvent } from '../../core/bench/engine.js';
import { formatOps, formatPercent } from './format.js';

export function plainProgressLine(event: EngineEvent): string | undefined {
  if (event.type !== 'cell-end') return undefined;
  const { cell } = event;
  const parts = cell.variants.map((v) => {
    const ratio = cell.ratios[v.variant];
    const errors = v.errors + v.timeouts;
    return `${v.variant} ${formatOps(v.opsPerSec)} ops/s${ratio !== undefined ? ` (${formatPercent(ratio)} of raw)` : ''}${errors > 0 ? `, ${errors} errors` : ''}`;
  });
  return `${cell.workload} c=${cell.concurrency}: ${parts.join(', ')}`;
}
