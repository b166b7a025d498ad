import { Flags } from '@oclif/core';
import { migrateUp } from '../../core/schema/migrate/run-migrations.js';
import { connectionFlags } from '../base-command.js';
import { lockFlags, migrationDirFlags } from '../shared/migrate-flags.js';
import { MigrationRunCommand } from '../shared/migration-run-command.js';

export default class MigrateUp extends MigrationRunCommand {
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
    await this.runMigrations(flags, 'up', (options) => migrateUp({
      ...options,
      ...(flags.to !== undefined ? { to: flags.to } : {}),
    }));
  }
}
