/** Flags every `oxen migrate` command shares, and the folder of migration files they name. */
import { Flags } from '@oclif/core';
import type { ResolvedConfig } from '../../core/config/resolve-config.js';
import { migrationsDir } from '../../core/schema/migrate/migration-target.js';

export const migrationDirFlags = {
  dir: Flags.string({ description: 'The folder of migration files (else the config\'s `migrations` entry, then ./migrations).', helpValue: '<folder>' }),
};

export const lockFlags = {
  'lock-timeout': Flags.integer({ description: 'Seconds to wait for another `oxen migrate` run\'s lock.', default: 60, min: 0, max: 86_400 }),
};

export function migrationsDirOf(flags: { dir?: string | undefined }, config: ResolvedConfig): string {
  return migrationsDir(flags.dir, config.config.migrations, config.file, process.cwd());
}
