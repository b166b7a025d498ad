import { Flags } from '@oclif/core';
import { loadMigrationFiles } from '../../core/schema/migrate/migration-files.js';
import { openMigrationTarget } from '../../core/schema/migrate/migration-target.js';
import { migrateUp } from '../../core/schema/migrate/run-migrations.js';
import { dryRunText, plainProgress, runSummary } from '../../ui/migrate/run-lines.js';
import { OxenCommand, connectionFlags } from '../base-command.js';
import { lockFlags, migrationDirFlags, migrationsDirOf } from '../shared/migrate-flags.js';

export default class MigrateUp extends OxenCommand {
  static override summary = 'Apply the pending migrations, in order, each in one transaction where the database allows.';
  static override description =
    'Reads the migration files (--dir, else the config\'s `migrations` entry, else ./migrations), checks them against the history ' +
    'table (an applied file that was edited or is missing stops the run before anything runs), and applies the pending ones under a ' +
    'lock, so two runs started together apply each migration once. PostgreSQL and SQLite: one transaction per migration. ' +
    'MySQL/MariaDB: progress recorded per operation, so a failed migration resumes where it stopped. --dry-run prints the SQL instead.';
  static override examples = [
    '<%= config.bin %> migrate up',
    '<%= config.bin %> migrate up --to 0003_add_index --url postgres://app@db/app',
    '<%= config.bin %> migrate up --dry-run',
  ];
  static override flags = {
    ...connectionFlags,
    ...migrationDirFlags,
    ...lockFlags,
    to: Flags.string({ description: 'Stop after this migration (its name, e.g. 0003_add_index).', helpValue: '<name>' }),
    'dry-run': Flags.boolean({ description: 'Print the SQL that would run; run nothing, take no lock.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(MigrateUp);
    const config = await this.loadConfig({ url: flags.url, config: flags.config, executor: flags.executor });
    const files = await loadMigrationFiles(migrationsDirOf(flags, config));
    const json = this.renderMode() === 'json';
    const target = await openMigrationTarget(config.urls.default!, config.config.executor);
    try {
      const result = await migrateUp({
        executor: target.executor,
        dialect: target.dialect,
        files,
        url: target.url,
        lockTimeoutS: flags['lock-timeout'],
        dryRun: flags['dry-run'],
        ...(flags.to !== undefined ? { to: flags.to } : {}),
        ...(json || flags['dry-run'] ? {} : { onProgress: plainProgress('up', { out: (l) => this.print(l), err: (l) => process.stderr.write(`${l}\n`) }, flags['lock-timeout']) }),
      });
      if (json) this.printJson({ database: target.url, ...result });
      else if (result.dryRun) this.print(dryRunText('up', result));
      else this.print(runSummary('up', result));
    } finally {
      await target.close().catch(() => {});
    }
  }
}
