import { existsSync } from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { UsageError } from '../../core/ground/errors.js';
import type { DialectName } from '../../core/ground/values.js';
import { DEFAULT_LARGE_ROWS, lintMigrations, type LintReport } from '../../core/schema/migrate/lint-migrations.js';
import { loadMigrationFiles } from '../../core/schema/migrate/migration-files.js';
import { offlineDialect } from '../../core/schema/migrate/migration-sql.js';
import { openMigrationTarget } from '../../core/schema/migrate/migration-target.js';
import { lintLines } from '../../ui/migrate/lint-lines.js';
import { EXIT_CHECK_FAILED } from '../../ui/shared/error-report.js';
import { OxenCommand, connectionFlags } from '../base-command.js';
import { migrationDirFlags, migrationsDirOf } from '../shared/migrate-flags.js';

export default class MigrateLint extends OxenCommand {
  static override summary = 'Flag dangerous changes in migrations: data lost, types narrowed, NOT NULL on rows, renames, locks, rewrites.';
  static override description =
    'Checks each operation against the state the migrations before it build: a dropped table or column, a narrower type, a NOT NULL ' +
    'column without a default on a table with rows, a rename the running app breaks on, an index built without CONCURRENTLY or a ' +
    'foreign key added without NOT VALID on ' +
    'PostgreSQL, a change that rewrites a large table. With a database (--url or the config) it lints the pending migrations and ' +
    'reads which tables have rows and how many (estimates); without one (or with --dialect) it lints every file and table sizes ' +
    'are unknown. Findings are warnings; --check exits 3 when there is any (for CI). A migration file\'s allowLint: [rule, …] ' +
    'accepts its findings of those rules.';
  static override examples = [
    '<%= config.bin %> migrate lint',
    '<%= config.bin %> migrate lint 0004_drop_name --dialect postgres',
    '<%= config.bin %> migrate lint --check --url postgres://app@db/app',
  ];
  static override args = {
    name: Args.string({ description: 'Lint only this migration: 0002_add_age, 0002 or add_age.', required: false }),
  };
  static override flags = {
    ...connectionFlags,
    ...migrationDirFlags,
    dialect: Flags.string({ description: 'Lint for this database without connecting to one (table sizes unknown).', options: ['postgres', 'mysql', 'sqlite'], exclusive: ['url'] }),
    all: Flags.boolean({ description: 'Lint every migration file, not only those pending on the database.', default: false }),
    'large-rows': Flags.integer({ description: 'A table with this many rows (estimated) or more is large: rewriting it is flagged.', default: DEFAULT_LARGE_ROWS, min: 0 }),
    check: Flags.boolean({ description: 'Exit 3 when there is any finding (for CI).', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(MigrateLint);
    if (args.name !== undefined && flags.all) throw new UsageError('USAGE', 'give NAME or --all, not both: NAME lints one migration, --all every file');
    const config = await this.loadConfig({ url: flags.url, config: flags.config, executor: flags.executor });
    const files = await loadMigrationFiles(migrationsDirOf(flags, config));
    const url = config.urls.default!;
    const base = { files, largeRows: flags['large-rows'], all: flags.all, ...(args.name !== undefined ? { name: args.name } : {}) };
    let report: LintReport;
    let database: string | null = null;
    const noDatabase = this.offlineReason(flags.dialect, config.sources.databases.default === 'default', url);
    if (noDatabase !== undefined) {
      if (noDatabase !== '') process.stderr.write(`${noDatabase}\n`);
      report = await lintMigrations({ ...base, dialect: await offlineDialect((flags.dialect ?? url.dialect) as DialectName) });
    } else {
      const target = await openMigrationTarget(url, config.config.executor);
      try {
        database = target.url;
        report = await lintMigrations({ ...base, dialect: target.dialect, executor: target.executor });
      } finally {
        await target.close().catch(() => {});
      }
    }
    if (this.renderMode() === 'json') this.printJson({ database, ...report });
    else for (const line of lintLines(report, { color: this.colorEnabled && process.stdout.isTTY === true })) this.print(line);
    if (flags.check && report.findings.length > 0) this.exit(EXIT_CHECK_FAILED);
  }

  /** Why no database is read ('' when that needs no saying), or undefined when one is. */
  private offlineReason(dialect: string | undefined, unconfigured: boolean, url: { dialect: DialectName; filename?: string | undefined; redacted: string }): string | undefined {
    if (dialect !== undefined || unconfigured) return '';
    if (url.dialect !== 'sqlite') return undefined;
    const file = url.filename ?? '';
    // Opening it would create the file; an empty database says nothing of the one that will be migrated.
    if (file === '' || file === ':memory:' || !existsSync(file)) return `no SQLite database at ${url.redacted} yet: linting every migration, table sizes unknown`;
    return undefined;
  }
}
