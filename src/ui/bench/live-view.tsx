/** The Ink live view: one row per workload and concurrency with progress, live ops/s and p50/p99 per variant. */
import { Box, Text } from 'ink';
import type { LiveRow, LiveState } from './live-state.js';
import { formatMs, formatOps, formatPercent } from './format.js';

const BAR = 12;

export function LiveView({ state }: { readonly state: LiveState }) {
  const width = Math.max(8, ...state.rows.map((r) => r.key.length));
  return (
    <Box flexDirection="column">
      <Text bold>{state.title}</Text>
      {state.status ? <Text dimColor>{state.status}</Text> : null}
      {state.rows.map((row) => (
        <LiveLine key={row.key} row={row} width={width} />
      ))}
    </Box>
  );
}

function LiveLine({ row, width }: { readonly row: LiveRow; readonly width: number }) {
  const filled = row.total === 0 ? 0 : Math.round((row.done / row.total) * BAR);
  return (
    <Box>
      <Text>{row.key.padEnd(width)} </Text>
      <Text color={row.finished ? 'green' : 'yellow'}>{'█'.repeat(filled) + '░'.repeat(BAR - filled)}</Text>
      {row.variantNames.map((name) => {
        const v = row.variants[name];
        const ratio = row.ratios[name];
        return (
          <Text key={name}>
            {'  '}
            <Text bold>{name}</Text> {v ? `${formatOps(v.opsPerSec)} ops/s p50 ${formatMs(v.p50Ms)} p99 ${formatMs(v.p99Ms)} ms` : '…'}
            {ratio !== undefined ? ` (${formatPercent(ratio)} of raw)` : ''}
            {v && v.errors > 0 ? <Text color="red"> {v.errors} errors</Text> : null}
          </Text>
        );
      })}
    </Box>
  );
}
