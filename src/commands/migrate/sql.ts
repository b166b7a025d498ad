import { Args, Flags } from '@oclif/core';
import type { Dialect } from '../../core/dialect/dialect.js';
import type { DialectName, ExecutorKind } from '../../core/ground/values.js';
import { loadMigrationFiles } from '../../core/schema/migrate/migration-files.js';
import { findMigration, migrationSql, offlineDialect } from '../../core/schema/migrate/migration-sql.js';
import { openMigrationTarget } from '../../core/schema/migrate/migration-target.js';
import { OxenCommand, connectionFlags } from '../base-command.js';
import { migrationDirFlags, migrationsDirOf } from '../shared/migrate-flags.js';

export default class MigrateSql extends OxenCommand {
  static override summary = 'Print the exact SQL a migration runs, for one database.';
  static override description =
    'Compiles migration NAME against the state the migrations before it build, exactly as `oxen migrate up` would, and prints its ' +
    'statements, each operation\'s under a `-- ` comment describing it. With --dialect no database is needed (MySQL compiles for ' +
    'MariaDB 10.11); otherwise the database of --url or the config is connected to only to learn its dialect. NAME is the full name ' +
    '(0002_add_age), its number (0002) or the part after the number (add_age).';
  static override examples = [
    '<%= config.bin %> migrate sql 0002_add_age --dialect postgres',
    '<%= config.bin %> migrate sql add_age --url mysql://root@127.0.0.1:3306/app',
  ];
  static override args = {
    name: Args.string({ description: 'The migration: 0002_add_age, 0002 or add_age.', required: true }),
  };
  static override flags = {
    ...migrationDirFlags,
    ...connectionFlags,
    dialect: Flags.string({ description: 'Compile for this database without connecting to one.', options: ['postgres', 'mysql', 'sqlite'], exclusive: ['url'] }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(MigrateSql);
    const config = await this.loadConfig({ url: flags.url, config: flags.config, executor: flags.executor });
    // The files first: a wrong NAME is answered without a connection.
    const files = await loadMigrationFiles(migrationsDirOf(flags, config));
    const { file, index } = findMigration(files, args.name);
    const url = config.urls.default!;
    let dialect: Dialect;
    if (flags.dialect !== undefined) dialect = await offlineDialect(flags.dialect as DialectName);
    else if (url.dialect === 'sqlite') dialect = await offlineDialect('sqlite'); // nothing to learn, and no file to create
    else {
      const target = await openMigrationTarget(url, config.config.executor as ExecutorKind | undefined);
      try {
        dialect = target.dialect;
      } finally {
        await target.close();
      }
    }
    const sql = migrationSql(files, index, dialect);
    if (this.renderMode() === 'json') this.printJson({ migration: file.name, dialect: dialect.name, sql });
    else process.stdout.write(sql);
  }
}
