import { Flags } from '@oclif/core';
import { loadModels, modelsSource } from '../../core/config/load-models.js';
import { diffDatabase } from '../../core/schema/diff/diff-database.js';
import { describeDifference } from '../../core/schema/diff/schema-difference.js';
import { EXIT_CHECK_FAILED } from '../../ui/shared/error-report.js';
import { OxenCommand, connectionFlags } from '../base-command.js';
import { inspectScopeFlags, inspectScope } from '../shared/inspect-flags.js';

export default class InspectDiff extends OxenCommand {
  static override summary = "Compare the project's models with a live database: list every difference, exit 3 when there is any.";
  static override description =
    'Loads the models (the config\'s `models` entry, or --models), reads the database like `oxen inspect`, and lists missing and ' +
    'extra tables and columns, type / null / default changes, and index, unique, foreign-key and check differences. Exits 0 when ' +
    'the database matches the models, 3 when it does not: the drift check for CI.';
  static override examples = [
    '<%= config.bin %> inspect diff --url postgres://app@db/app',
    '<%= config.bin %> inspect diff --models ./src/models.ts --url sqlite:///var/app.db --json',
  ];
  static override flags = {
    ...connectionFlags,
    ...inspectScopeFlags,
    models: Flags.string({ description: 'Module(s) exporting the models, comma-separated (else the config\'s `models` entry).', helpValue: '<file>' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(InspectDiff);
    const scope = inspectScope(flags);
    const config = await this.loadConfig({ url: flags.url, config: flags.config, executor: flags.executor });
    const models = await loadModels(modelsSource(flags.models, config.config.models, config.file, process.cwd()));
    const url = config.urls.default!;
    const result = await diffDatabase(url, models, { ...scope, ...(config.config.executor ? { executor: config.config.executor } : {}) });
    const { differences, inspection } = result;
    if (this.renderMode() === 'json') {
      this.printJson({ database: url.redacted, schema: inspection.schema, tablesCompared: result.tablesCompared, differences, warnings: inspection.warnings });
    } else {
      for (const d of differences) this.print(describeDifference(d));
      for (const w of inspection.warnings) process.stderr.write(`warning: ${w.object}: ${w.message}\n`);
      const summary = differences.length === 0
        ? `inspect diff: the database matches the models (${result.tablesCompared} table${result.tablesCompared === 1 ? '' : 's'} compared)`
        : `inspect diff: ${differences.length} difference${differences.length === 1 ? '' : 's'} between the models and ${url.redacted}`;
      this.print(summary);
    }
    if (differences.length > 0) this.exit(EXIT_CHECK_FAILED);
  }
}
