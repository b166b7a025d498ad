/**
 * The Ink live view: per workload and concurrency a progress bar, then one line per variant with its
 * live ops/s and p50/p99 (and, once the cell is done, its share of raw). Lines truncate rather than
 * wrap, so a narrow terminal never garbles the redraw.
 */
import { Box, Text } from 'ink';
import type { LiveRow, LiveState } from './live-state.js';
import { formatMs, formatOps, formatPercent } from './format.js';

const BAR = 12;

export function LiveView({ state }: { readonly state: LiveState }) {
  const width = Math.max(8, ...state.rows.map((r) => r.key.length));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {state.title}
      </Text>
      {state.status ? (
        <Text dimColor wrap="truncate-end">
          {state.status}
        </Text>
      ) : null}
      {state.rows.map((row) => (
        <LiveCell key={row.key} row={row} width={width} />
      ))}
    </Box>
  );
}

function LiveCell({ row, width }: { readonly row: LiveRow; readonly width: number }) {
  const filled = row.total === 0 ? 0 : Math.round((row.done / row.total) * BAR);
  const nameWidth = Math.max(...row.variantNames.map((n) => n.length));
  return (
    <Box flexDirection="column">
      {row.variantNames.map((name, i) => {
        const v = row.variants[name];
        const ratio = row.ratios[name];
        const lead = i === 0 ? `${row.key.padEnd(width)}  ` : ' '.repeat(width + 2);
        const figures = v ? `${formatOps(v.opsPerSec).padStart(8)} ops/s  p50 ${formatMs(v.p50Ms).padStart(6)}  p99 ${formatMs(v.p99Ms).padStart(6)} ms` : '       …';
        return (
          <Text key={name} wrap="truncate-end">
            {lead}
            {i === 0 ? <Text color={row.finished ? 'green' : 'yellow'}>{'█'.repeat(filled) + '░'.repeat(BAR - filled)}</Text> : ' '.repeat(BAR)}
            {`  ${name.padEnd(nameWidth)} ${figures}`}
            {ratio !== undefined ? `  ${formatPercent(ratio)} of raw` : ''}
            {v && v.errors > 0 ? <Text color="red">{`  ${v.errors} errors`}</Text> : null}
          </Text>
        );
      })}
    </Box>
  );
}
