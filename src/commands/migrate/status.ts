import { Flags } from '@oclif/core';
import { loadMigrationFiles } from '../../core/schema/migrate/migration-files.js';
import { migrationStatus } from '../../core/schema/migrate/migration-status.js';
import { openMigrationTarget } from '../../core/schema/migrate/migration-target.js';
import { statusLines } from '../../ui/migrate/status-lines.js';
import { EXIT_CHECK_FAILED } from '../../ui/shared/error-report.js';
import { OxenCommand, connectionFlags } from '../base-command.js';
import { migrationDirFlags, migrationsDirOf } from '../shared/migrate-flags.js';

export default class MigrateStatus extends OxenCommand {
  static override summary = 'List each migration (applied, pending, edited, partial, missing) and any drift of the database.';
  static override description =
    'Compares the migration files with the history table: applied (when, how long), pending, edited after it was applied (checksum ' +
    'mismatch), partial (a MySQL migration that failed half-way, naming the operation `up` resumes at), or missing (applied, file ' +
    'gone). Then reads the database and compares it with the state the applied migrations describe: a column, index or table made ' +
    'by hand is drift. Reads only: no lock, nothing created. --check exits 3 when anything is pending, edited, partial, missing or drifted.';
  static override examples = [
    '<%= config.bin %> migrate status',
    '<%= config.bin %> migrate status --check --url postgres://app@db/app',
  ];
  static override flags = {
    ...connectionFlags,
    ...migrationDirFlags,
    check: Flags.boolean({ description: 'Exit 3 when anything is pending, edited, partial, missing or drifted (for CI).', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(MigrateStatus);
    const config = await this.loadConfig({ url: flags.url, config: flags.config, executor: flags.executor });
    const files = await loadMigrationFiles(migrationsDirOf(flags, config));
    const target = await openMigrationTarget(config.urls.default!, config.config.executor);
    let problems: number;
    try {
      const status = await migrationStatus({ executor: target.executor, dialect: target.dialect, files });
      problems = status.problems;
      if (this.renderMode() === 'json') {
        this.printJson({ database: target.url, ...status });
      } else {
        for (const line of statusLines(status)) this.print(line);
        for (const w of status.warnings) process.stderr.write(`warning: ${w.object}: ${w.message}\n`);
      }
    } finally {
      await target.close().catch(() => {});
    }
    if (flags.check && problems > 0) this.exit(EXIT_CHECK_FAILED);
  }
}
