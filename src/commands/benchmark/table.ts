import { Args } from '@oclif/core';
import { readReport } from '../../core/bench/report-file.js';
import { renderReadmeTable } from '../../ui/bench/readme-table.js';
import { OxenCommand } from '../base-command.js';

export default class BenchmarkTable extends OxenCommand {
  static override summary = 'Render benchmark reports as the Markdown table the README shows.';
  static override description = 'One row per workload and concurrency, one column per report and variant, with each ORM variant as a share of raw.';
  static override examples = ['<%= config.bin %> benchmark table bench-results/*.json'];
  static override strict = false;
  static override args = { reports: Args.string({ description: 'Report files written by `oxen benchmark performance`.', required: true }) };

  async run(): Promise<void> {
    const { argv } = await this.parse(BenchmarkTable);
    const reports = (argv as string[]).map((path) => readReport(path));
    if (this.renderMode() === 'json') this.printJson({ markdown: renderReadmeTable(reports) });
    else this.print(renderReadmeTable(reports));
  }
}
