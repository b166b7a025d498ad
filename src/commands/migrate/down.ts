import { Flags } from '@oclif/core';
import { loadMigrationFiles } from '../../core/schema/migrate/migration-files.js';
import { openMigrationTarget } from '../../core/schema/migrate/migration-target.js';
import { migrateDown } from '../../core/schema/migrate/run-down.js';
import { dryRunText, plainProgress, runSummary } from '../../ui/migrate/run-lines.js';
import { OxenCommand, connectionFlags } from '../base-command.js';
import { lockFlags, migrationDirFlags, migrationsDirOf } from '../shared/migrate-flags.js';

export default class MigrateDown extends OxenCommand {
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
    const config = await this.loadConfig({ url: flags.url, config: flags.config, executor: flags.executor });
    const files = await loadMigrationFiles(migrationsDirOf(flags, config));
    const json = this.renderMode() === 'json';
    const target = await openMigrationTarget(config.urls.default!, config.config.executor);
    try {
      const result = await migrateDown({
        executor: target.executor,
        dialect: target.dialect,
        files,
        url: target.url,
        lockTimeoutS: flags['lock-timeout'],
        dryRun: flags['dry-run'],
        acceptDataLoss: flags['accept-data-loss'],
        ...(flags.to !== undefined ? { to: flags.to } : { steps: flags.steps ?? 1 }),
        ...(json || flags['dry-run'] ? {} : { onProgress: plainProgress('down', { out: (l) => this.print(l), err: (l) => process.stderr.write(`${l}\n`) }, flags['lock-timeout']) }),
      });
      if (json) this.printJson({ database: target.url, ...result });
      else if (result.dryRun) this.print(dryRunText('down', result));
      else this.print(runSummary('down', result));
    } finally {
      await target.close().catch(() => {});
    }
  }
}
