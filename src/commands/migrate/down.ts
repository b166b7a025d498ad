import { Flags } from '@oclif/core';
import { migrateDown } from '../../core/schema/migrate/run-down.js';
import { connectionFlags } from '../base-command.js';
import { lockFlags, migrationDirFlags } from '../shared/migrate-flags.js';
import { MigrationRunCommand } from '../shared/migration-run-command.js';

export default class MigrateDown extends MigrationRunCommand {
  static override summary = 'Revert applied migrations, newest first (one by default).';
  static override description =
    'Each migration is reverted by the reverse of its operations, computed from the migration files. Everything is decided before ' +
    'anything runs: an operation with no reverse (runSql / runJs without `down`) stops the run naming it, and a reverse that cannot ' +
    'bring data back (a dropped table or column comes back empty) stops it unless --accept-data-loss.';
  static override examples = [
    '<%= config.bin %> migrate down',
    '<%= config.bin %> migrate down --steps 3',
    '<%= config.bin %> migrate down --to 0002_add_age --dry-run',
  ];
  static override flags = {
    ...connectionFlags,
    ...migrationDirFlags,
    ...lockFlags,
    to: Flags.string({ description: 'Revert the migrations applied after this one (it stays applied).', helpValue: '<name>', exclusive: ['steps'] }),
    steps: Flags.integer({ description: 'How many migrations to revert, newest first (default 1).', min: 0, exclusive: ['to'] }),
    'accept-data-loss': Flags.boolean({ description: 'Revert even where a dropped table or column comes back empty.', default: false }),
    'dry-run': Flags.boolean({ description: 'Print the SQL that would run; run nothing, take no lock.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(MigrateDown);
    await this.runMigrations(flags, 'down', (options) => migrateDown({
      ...options,
      acceptDataLoss: flags['accept-data-loss'],
      ...(flags.to !== undefined ? { to: flags.to } : { steps: flags.steps ?? 1 }),
    }));
  }
}
