import { Flags } from '@oclif/core';
import { parseListenAddress } from '../../core/monitoring/monitor/listen-address.js';
import { openMonitor } from '../../core/monitoring/monitor/run-monitor.js';
import { createMonitorView } from '../../ui/monitor/monitor-view.js';
import { OxenCommand } from '../base-command.js';
import { monitorFlags, monitorJob, parseSeconds } from '../shared/monitor-flags.js';
import { untilStopped } from '../shared/until-stopped.js';

export default class MonitorStart extends OxenCommand {
  static override summary = 'Watch a database server and your app\'s queries live: a dashboard on a terminal, one line (or JSON) per sample elsewhere.';
  static override description =
    'Samples the server\'s own statistics (--url) and an app exporter (--app, started with serveMetrics() in the app) every ' +
    '--interval seconds, diffs counters into rates, and evaluates --alert rules. On a terminal: a live dashboard (q quit, p pause, ' +
    's sort, +/- interval, / filter, ? help). Not on a terminal: one plain line per sample; --json: one JSON object per sample ' +
    '(NDJSON). --prometheus serves the sampled server metrics under postgres_exporter / mysqld_exporter names.';
  static override examples = [
    '<%= config.bin %> monitor start --url postgres://app@127.0.0.1:5432/app --interval 5',
    '<%= config.bin %> monitor start --url mysql://root@127.0.0.1:3306/app --app http://127.0.0.1:9464 --alert \'p95>50ms\'',
    '<%= config.bin %> monitor start --app http://127.0.0.1:9464 --json --duration 60',
    '<%= config.bin %> monitor start --url postgres://app@db/app --prometheus 127.0.0.1:9465',
  ];
  static override flags = {
    ...monitorFlags,
    once: Flags.boolean({ description: 'Print one sample (taken one interval after the first reading, so rates exist) and exit.', default: false, exclusive: ['duration'] }),
    duration: Flags.string({ description: 'Stop by itself after this many seconds.', helpValue: '<seconds>' }),
    prometheus: Flags.string({ description: 'Serve the sampled server metrics for Prometheus at host:port (path /metrics).', helpValue: '<host:port>' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(MonitorStart);
    const durationS = flags.duration !== undefined ? parseSeconds('duration', flags.duration, 0.001, 31_536_000) : undefined;
    const prometheus = flags.prometheus !== undefined ? parseListenAddress('prometheus', flags.prometheus) : undefined;
    const config = await this.loadConfig({ url: flags.url, config: flags.config });
    const job = monitorJob(flags, config);
    const monitor = await openMonitor({ ...job, ...(prometheus ? { prometheus } : {}) });
    try {
      // One sample has nothing to animate: on a terminal --once prints the plain line.
      const mode = flags.once && this.renderMode() === 'ink' ? 'plain' : this.renderMode();
      await untilStopped(async (stop) => {
        const view = await createMonitorView(mode, {
          controls: { quit: stop.quit, setIntervalS: (s) => monitor.setIntervalS(s), intervalS: monitor.intervalS },
          color: this.colorEnabled,
        });
        try {
          if (monitor.exporterUrl) view.status(`Prometheus metrics at ${monitor.exporterUrl}`);
          await monitor.run({
            onSample: (s) => view.sample(s),
            emitBaseline: !flags.once,
            ...(flags.once ? { samples: 1 } : {}),
            ...(durationS !== undefined ? { durationS } : {}),
            signal: stop.signal,
          });
        } finally {
          await view.close();
        }
      });
    } finally {
      await monitor.close();
    }
  }
}
