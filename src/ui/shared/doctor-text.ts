/**
 * `oxen doctor` as plain lines. On an interactive terminal (Ink mode) the same lines get colour:
 * a one-shot report gains nothing from a live-redrawing UI.
 */
import type { DoctorReport } from '../../core/config/doctor-report.js';
import { painter } from './paint.js';

export function formatDoctorReport(report: DoctorReport, options: { color: boolean }): string {
  const paint = painter(options.color);
  const ok = paint('green', 'ok');
  const lines: string[] = [];
  lines.push(`${paint('bold', 'oxen')} ${report.oxenVersion}   node ${report.nodeVersion}   ${report.platform}`);
  lines.push(`config:    ${report.configFile ?? 'none (flags, environment and defaults)'}`);
  const executor = report.executor;
  lines.push(
    executor.active === null
      ? `executor:  ${paint('red', `${executor.requested ?? 'none'} unavailable`)} (${executor.reason})`
      : `executor:  ${executor.active} (${executor.reason})`,
  );
  const info = executor.nativeInfo as { version?: string; profile?: string; testHooks?: boolean } | null;
  if (executor.nativeAvailable && info?.version) {
    const slow = info.profile === 'debug' ? paint('red', ' (debug build: slow, rebuild with `npm run build:native`)') : '';
    const hooks = info.testHooks ? ', with the test hooks (a test build)' : '';
    lines.push(`native:    addon ${info.version}, ${info.profile ?? 'unknown'} build${hooks}${slow}`);
  }
  lines.push('databases:');
  const nameWidth = Math.max(...report.databases.map((d) => d.name.length));
  for (const db of report.databases) {
    const head = `  ${db.name.padEnd(nameWidth)}  ${db.url}`;
    const from = paint('dim', `[from ${db.source}]`);
    if (db.reachable) {
      lines.push(`${head}  ${ok}  ${db.serverVersion ?? ''}  ${db.latencyMs ?? 0} ms  ${from}`);
      if (db.note !== null) lines.push(`    ${paint('dim', db.note)}`);
    } else {
      // Connection errors start by naming the URL, which the line already shows.
      const message = (db.error?.message ?? 'unknown error').replace(`cannot connect to ${db.url}: `, '');
      lines.push(`${head}  ${paint('red', 'unreachable')}: ${message}  ${from}`);
    }
    for (const replica of db.replicas ?? []) {
      const state = replica.state === 'healthy' ? ok : paint(replica.state === 'down' ? 'red' : 'yellow', replica.state);
      const lag = replica.lagMs === null ? '' : `  lag ${Math.round(replica.lagMs)} ms`;
      const version = replica.serverVersion === null ? '' : `  ${replica.serverVersion}`;
      const reason = replica.reason === null ? '' : `: ${replica.reason.replace(`cannot connect to ${replica.url}: `, '')}`;
      lines.push(`    replica ${replica.name}  ${replica.url}  ${state}${reason}${version}${lag}`);
    }
  }
  const downReplicas = report.databases.reduce((n, d) => n + (d.replicas ?? []).filter((r) => r.state === 'down').length, 0);
  const problems = report.databases.filter((d) => !d.reachable).length + downReplicas + (executor.active === null ? 1 : 0);
  lines.push(problems === 0 ? paint('green', 'No problems found.') : paint('red', `${problems} problem${problems === 1 ? '' : 's'} found.`));
  return lines.join('\n');
}
