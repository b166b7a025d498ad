import { Args } from '@oclif/core';
import { baselineMigrations } from '../../core/schema/migrate/baseline.js';
import { loadMigrationFiles } from '../../core/schema/migrate/migration-files.js';
import { openMigrationTarget } from '../../core/schema/migrate/migration-target.js';
import { OxenCommand, connectionFlags } from '../base-command.js';
import { lockFlags, migrationDirFlags, migrationsDirOf } from '../shared/migrate-flags.js';

export default class MigrateBaseline extends OxenCommand {
  static override summary = 'Mark an existing database as migrated up to NAME, without running anything.';
  static override description =
    'For a database that already has the schema (made by createTables, another tool, or by hand): records every migration up to ' +
    'NAME in the history table, with its checksum, so `up` starts after it. Runs none of their SQL. Refused, with nothing recorded, ' +
    'when a migration after NAME is already applied, or one is part-applied, edited or missing. `oxen migrate status` then shows ' +
    'them applied, and any difference between the database and the migrations as drift.';
  static override examples = [
    '<%= config.bin %> migrate baseline 0001_initial',
    '<%= config.bin %> migrate baseline 0004_add_orders --url postgres://app@db/app',
  ];
  static override args = {
    name: Args.string({ description: 'The last migration the database already has (e.g. 0001_initial).', required: true }),
  };
  static override flags = { ...connectionFlags, ...migrationDirFlags, ...lockFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(MigrateBaseline);
    const config = await this.loadConfig({ url: flags.url, config: flags.config, executor: flags.executor });
    const files = await loadMigrationFiles(migrationsDirOf(flags, config));
    const target = await openMigrationTarget(config.urls.default!, config.config.executor);
    try {
      const result = await baselineMigrations({ executor: target.executor, dialect: target.dialect, files, name: args.name, url: target.url, lockTimeoutS: flags['lock-timeout'] });
      if (this.renderMode() === 'json') {
        this.printJson({ database: target.url, ...result });
        return;
      }
      for (const name of result.recorded) this.print(`baselined ${name} (recorded as applied, not run)`);
      const n = result.recorded.length;
      const already = result.alreadyApplied.length > 0 ? ` (${result.alreadyApplied.length} already applied)` : '';
      this.print(n === 0 ? `Nothing to record: every migration up to ${args.name} is applied already.` : `Baselined ${n} migration${n === 1 ? '' : 's'} up to ${args.name}${already}.`);
    } finally {
      await target.close().catch(() => {});
    }
  }
}
