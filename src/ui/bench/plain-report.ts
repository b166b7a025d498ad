/** The final results as a plain cli-table3 table: what pipes and CI logs get. */
import Table from 'cli-table3';
import type { BenchmarkReport } from '../../core/bench/report.js';
import { peerLines, RESULT_HEADER, reportWarnings, resultRows } from './result-rows.js';

export function renderPlainReport(report: BenchmarkReport, options: { color?: boolean } = {}): string {
  const table = new Table({
    head: [...RESULT_HEADER],
    style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] },
    colAligns: ['left', 'right', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const row of resultRows(report)) table.push(row);
  const lines = [describeRun(report), table.toString(), ...peerLines(report)];
  const warnings = reportWarnings(report);
  if (warnings.length > 0) lines.push('Warnings:', ...warnings.map((w) => `  - ${w}`));
  return `${lines.join('\n')}\n`;
}

export function describeRun(report: BenchmarkReport): string {
  const env = report.environment;
  const db = report.http
    ? `${report.http.target} (${report.http.loadGenerator}${report.http.pipelining > 1 ? `, pipelining ${report.http.pipelining}` : ''})`
    : env.database
      ? `${env.database.serverVersion} (${env.database.url})`
      : 'no database';
  const size = Object.entries(env.dataset).map(([k, n]) => `${n.toLocaleString('en-US')} ${k}`).join(', ');
  return `${db} · ${env.cpu.model} × ${env.cpu.cores} · Node ${env.node}${size ? ` · ${size}` : ''}${env.poolSize ? ` · pool ${env.poolSize}` : ''}`;
}
