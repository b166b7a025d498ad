import { Flags } from '@oclif/core';
import { UsageError } from '../../core/ground/errors.js';
import type { MonitorSample } from '../../core/monitoring/monitor/monitor-sample.js';
import { openMonitor } from '../../core/monitoring/monitor/run-monitor.js';
import { plainMonitorLine } from '../../ui/monitor/plain-line.js';
import { EXIT_CHECK_FAILED, EXIT_INCONCLUSIVE } from '../../ui/shared/error-report.js';
import { OxenCommand } from '../base-command.js';
import { monitorFlags, monitorJob } from '../shared/monitor-flags.js';
import { untilStopped } from '../shared/until-stopped.js';

export default class MonitorCheck extends OxenCommand {
  static override summary = 'Take N samples and exit 3 when an alert fired: the monitor for cron and CI.';
  static override description =
    'Reads the server (--url) and/or an app exporter (--app) like `monitor start`, takes --samples samples one --interval apart ' +
    '(each diffed against the reading before it), and evaluates the --alert rules on each. Exits 0 when none fired, 3 when one ' +
    'did, 4 when a rule\'s metric had no value in any sample (so it could not be checked).';
  static override examples = [
    "<%= config.bin %> monitor check --url postgres://app@db/app --alert 'blocked>0' --alert 'cache_hit<0.95' --samples 3 --interval 5",
    "<%= config.bin %> monitor check --app http://127.0.0.1:9464 --alert 'p95>50ms' --alert 'pool.waiting>0' --json",
  ];
  static override flags = {
    ...monitorFlags,
    interval: Flags.string({ description: 'Seconds between samples.', default: '1', helpValue: '<seconds>' }),
    samples: Flags.integer({ description: 'Samples to take (each one interval after the reading before it).', default: 3, min: 1, max: 10_000 }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(MonitorCheck);
    if ((flags.alert ?? []).length === 0) throw new UsageError('USAGE', "monitor check needs at least one --alert rule, e.g. --alert 'p95>50ms'");
    const config = await this.loadConfig({ url: flags.url, config: flags.config });
    const job = monitorJob(flags, config);
    const json = this.renderMode() === 'json';
    const monitor = await openMonitor(job);
    const samples: MonitorSample[] = [];
    let fired: readonly string[];
    try {
      fired = await untilStopped(async (stop) => {
        const outcome = await monitor.run({
          emitBaseline: false,
          samples: flags.samples,
          signal: stop.signal,
          onSample: (s) => {
            samples.push(s);
            if (!json) this.print(plainMonitorLine(s));
          },
        });
        return outcome.fired;
      });
    } finally {
      await monitor.close();
    }
    const unanswered = job.alerts.filter((rule) => samples.every((s) => s.metrics[rule.metric] === null || s.metrics[rule.metric] === undefined)).map((r) => r.text);
    const verdict = fired.length > 0 ? 'fired' : unanswered.length > 0 ? 'inconclusive' : 'ok';
    if (json) {
      this.printJson({ verdict, samples: samples.length, fired, unanswered, alerts: samples.at(-1)?.alerts ?? [], last: samples.at(-1) ?? null });
    } else if (verdict === 'fired') {
      this.print(`monitor check: ${fired.join(', ')} fired in ${samples.length} sample${samples.length === 1 ? '' : 's'}`);
    } else if (verdict === 'inconclusive') {
      this.print(`monitor check: no alert fired, but ${unanswered.join(', ')} had no value in any of ${samples.length} samples (not checked)`);
    } else {
      this.print(`monitor check: no alert fired in ${samples.length} sample${samples.length === 1 ? '' : 's'}`);
    }
    if (verdict === 'fired') this.exit(EXIT_CHECK_FAILED);
    if (verdict === 'inconclusive') this.exit(EXIT_INCONCLUSIVE);
  }
}
