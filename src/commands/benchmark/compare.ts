import { appendFileSync, writeFileSync } from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { COMPARE_METRICS, compareReports, type CompareMetric } from '../../core/bench/compare-reports.js';
import { parseThreshold } from '../../core/bench/parse-threshold.js';
import { readReport } from '../../core/bench/report-file.js';
import { CheckFailedError, InconclusiveError, UsageError } from '../../core/errors.js';
import { renderMarkdownComparison } from '../../ui/bench/compare-markdown.js';
import { renderPlainComparison } from '../../ui/bench/compare-plain.js';
import { outcomeLine } from '../../ui/bench/compare-rows.js';
import { toActionBenchmark } from '../../ui/bench/github-action-benchmark.js';
import { OxenCommand } from '../base-command.js';

export default class BenchmarkCompare extends OxenCommand {
  static override summary = 'Compare two benchmark reports and gate on regressions.';
  static override description =
    'Shows the change of each workload, concurrency and variant, marked faster, slower, no change or inconclusive. ' +
    'A regression is called only when it is larger than --threshold and statistically significant (Welch, 95%). ' +
    'Exits 0 without regression, 3 on a regression, 4 when the samples cannot decide.';
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
    threshold: Flags.string({ description: 'Smallest change that counts, in percent.', default: '10%' }),
    metric: Flags.string({ description: 'The metric that gates.', options: [...COMPARE_METRICS], default: 'ops' }),
    markdown: Flags.string({ description: 'Also write a PR-ready Markdown summary here (and append it to $GITHUB_STEP_SUMMARY).', helpValue: '<file>' }),
    format: Flags.string({ description: 'What to print on stdout.', options: ['table', 'json', 'github-action-benchmark'], default: 'table' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(BenchmarkCompare);
    const threshold = parseThreshold(flags.threshold);
    const base = readReport(args.base);
    const head = readReport(args.head);
    const comparison = compareReports(base, head, { threshold, metric: flags.metric as CompareMetric });
    const format = this.renderMode() === 'json' ? 'json' : flags.format;
    if (format === 'json') this.printJson(comparison);
    else if (format === 'github-action-benchmark') this.printJson(toActionBenchmark(head));
    else this.print(renderPlainComparison(comparison, { color: this.renderMode() === 'ink' && this.colorEnabled }));

    if (flags.markdown !== undefined) {
      const markdown = renderMarkdownComparison(comparison);
      try {
        writeFileSync(flags.markdown, markdown);
      } catch (error) {
        throw new UsageError('USAGE', `cannot write --markdown ${flags.markdown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      const summary = process.env.GITHUB_STEP_SUMMARY;
      if (summary) appendFileSync(summary, markdown);
    }
    if (comparison.outcome === 'regression') throw new CheckFailedError(outcomeLine(comparison));
    if (comparison.outcome === 'inconclusive') throw new InconclusiveError(outcomeLine(comparison));
  }
}
