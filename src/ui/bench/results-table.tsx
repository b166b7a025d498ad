/** The final table in Ink, from the same rows as the plain table. */
import { Box, Text } from 'ink';
import type { BenchmarkReport } from '../../core/bench/report.js';
import { describeRun } from './plain-report.js';
import { peerLines, RESULT_HEADER, reportWarnings, resultRows } from './result-rows.js';

export function ResultsTable({ report, path }: { readonly report: BenchmarkReport; readonly path?: string }) {
  const rows = resultRows(report);
  const widths = RESULT_HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
  const warnings = reportWarnings(report);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text dimColor>{describeRun(report)}</Text>
      <Text bold wrap="truncate-end">
        {line(RESULT_HEADER)}
      </Text>
      {rows.map((r, i) => (
        <Text key={i} color={r[11] ? 'red' : undefined} wrap="truncate-end">
          {line(r)}
        </Text>
      ))}
      {peerLines(report).map((l, i) => (
        <Text key={`p${i}`}>{l}</Text>
      ))}
      {warnings.map((w, i) => (
        <Text key={`w${i}`} color="yellow">
          ! {w}
        </Text>
      ))}
      {path ? <Text>Report written to {path}</Text> : null}
    </Box>
  );
}
