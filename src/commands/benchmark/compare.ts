import { Args, Flags } from '@oclif/core';
import { COMPARE_METRICS, compareReports, type CompareMetric } from '../../core/bench/compare-reports.js';
import { settingsDifferences } from '../../core/bench/gate/settings-differences.js';
import { parseThreshold } from '../../core/bench/parse-threshold.js';
import { readReport } from '../../core/bench/report-file.js';
import { UsageError } from '../../core/ground/errors.js';
import { renderGateTable } from '../../ui/bench/gate-table.js';
import { toActionBenchmark } from '../../ui/bench/github-action-benchmark.js';
import { OxenCommand } from '../base-command.js';
import { exitFor, writeMarkdown } from '../shared/gate-output.js';

export default class BenchmarkCompare extends OxenCommand {
  static override summary = 'Compare two benchmark reports from separate runs, honestly.';
  static override description =
    'Two runs of identical code on one machine differ by more than 10% in many cells, so this gates what each run measured ' +
    'against its own raw driver: the ORM\'s share of raw, compared at --threshold. An absolute change counts as a regression only ' +
    'past --noise-floor, and otherwise decides nothing. Reports made with different settings are refused. To gate a change, ' +
    'prefer `oxen benchmark ab`, which measures both builds in one run. ' +
    'Exits 0 (no change), 3 (regression, or a cell missing or failing in head), 4 (inconclusive), 2 (bad usage).';
  static override examples = [
    '<%= config.bin %> benchmark compare bench-results/main.json bench-results/pr.json',
    '<%= config.bin %> benchmark compare base.json head.json --threshold 5% --metric p99 --markdown summary.md',
    '<%= config.bin %> benchmark compare base.json head.json --format github-action-benchmark > bench.json',
  ];
  static override args = {
    base: Args.string({ description: 'The report to compare against (e.g. from the main branch).', required: true }),
    head: Args.string({ description: 'The report under test.', required: true }),
  };
  static override flags = {
    threshold: Flags.string({ description: 'Smallest change of the share of raw that counts, in percent.', default: '5%' }),
    'noise-floor': Flags.string({ description: 'Smallest absolute change between two runs that counts, in percent.', default: '25%' }),
    metric: Flags.string({ description: 'The metric that gates.', options: [...COMPARE_METRICS], default: 'ops' }),
    'allow-different-settings': Flags.boolean({ description: 'Compare reports made with different settings anyway.', default: false }),
    markdown: Flags.string({ description: 'Also write a PR-ready Markdown summary here (and append it to $GITHUB_STEP_SUMMARY).', helpValue: '<file>' }),
    format: Flags.string({ description: 'What to print on stdout.', options: ['table', 'json', 'github-action-benchmark'], default: 'table' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(BenchmarkCompare);
    const threshold = parseThreshold(flags.threshold);
    const noiseFloor = parseThreshold(flags['noise-floor'], 'noise-floor');
    const base = readReport(args.base);
    const head = readReport(args.head);
    const differences = settingsDifferences(base, head);
    if (differences.length > 0 && !flags['allow-different-settings']) {
      throw new UsageError('USAGE', `the reports were made with different settings (${differences.join('; ')}): rerun with the same settings, or pass --allow-different-settings`);
    }
    const gate = compareReports(base, head, { threshold, noiseFloor, metric: flags.metric as CompareMetric });
    const shown = differences.length > 0 ? { ...gate, notes: [...differences.map((d) => `settings differ: ${d}`), ...gate.notes] } : gate;
    const format = this.renderMode() === 'json' ? 'json' : flags.format;
    if (format === 'json') this.printJson(shown);
    else if (format === 'github-action-benchmark') this.printJson(toActionBenchmark(head));
    else this.print(renderGateTable(shown, { color: this.renderMode() === 'ink' && this.colorEnabled, verbose: this.verbose }));
    if (flags.markdown !== undefined) writeMarkdown(flags.markdown, shown);
    exitFor(shown, format === 'json', (code) => this.exit(code));
  }
}
