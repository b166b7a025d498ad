/**
 * What `migrate up` and `migrate down` share: the migration files, a connection of their own, the
 * runner's options from the flags, and the same output — progress lines as it goes, then a summary,
 * the SQL of a dry run, or one JSON document.
 */
import type { MigrateResult } from '../../core/schema/migrate/run-migrations.js';
import type { RunOptions } from '../../core/schema/migrate/run-session.js';
import { loadMigrationFiles } from '../../core/schema/migrate/migration-files.js';
import { openMigrationTarget } from '../../core/schema/migrate/migration-target.js';
import { dryRunText, plainProgress, runSummary } from '../../ui/migrate/run-lines.js';
import { OxenCommand } from '../base-command.js';
import { migrationsDirOf } from './migrate-flags.js';

export interface MigrationRunFlags {
  readonly url?: string | undefined;
  readonly config?: string | undefined;
  readonly executor?: string | undefined;
  readonly dir?: string | undefined;
  readonly 'lock-timeout': number;
  readonly 'dry-run': boolean;
}

export abstract class MigrationRunCommand extends OxenCommand {
  protected async runMigrations(flags: MigrationRunFlags, direction: 'up' | 'down', run: (options: RunOptions) => Promise<MigrateResult>): Promise<void> {
    const config = await this.loadConfig({ url: flags.url, config: flags.config, executor: flags.executor });
    const files = await loadMigrationFiles(migrationsDirOf(flags, config));
    const mode = this.renderMode();
    const target = await openMigrationTarget(config.urls.default!, config.config.executor);
    // Ink is loaded only when there is a terminal to draw on.
    const live = mode === 'ink' && !flags['dry-run'] ? (await import('../../ui/migrate/run-view.js')).inkRunView(direction, target.url) : undefined;
    try {
      const result = await run({
        executor: target.executor,
        dialect: target.dialect,
        files,
        url: target.url,
        lockTimeoutS: flags['lock-timeout'],
        dryRun: flags['dry-run'],
        ...(live ? { onProgress: live.onProgress } : {}),
        ...(mode === 'plain' && !flags['dry-run']
          ? { onProgress: plainProgress(direction, { out: (l) => this.print(l), err: (l) => process.stderr.write(`${l}\n`) }, flags['lock-timeout']) }
          : {}),
      });
      await live?.close();
      if (mode === 'json') this.printJson({ database: target.url, ...result });
      else if (result.dryRun) this.print(dryRunText(direction, result));
      else this.print(runSummary(direction, result));
    } catch (error) {
      await live?.fail();
      throw error;
    } finally {
      await target.close().catch(() => {});
    }
  }
}
