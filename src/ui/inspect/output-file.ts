/**
 * `oxen inspect --output FILE`: checked before the database is read (a mistake costs no connection),
 * written only once the whole text is made, atomically (a temporary file beside it, then linked or
 * renamed into place), so a failure never leaves half a file. An existing file is kept unless --force.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, linkSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { OxenError, UsageError } from '../../core/ground/errors.js';
import type { InspectFormat } from '../../core/schema/inspect/format-inspection.js';

const USER_FIXABLE: ReadonlySet<string> = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG']);

const FORMAT_OF_EXTENSION: Readonly<Record<string, InspectFormat>> = {
  '.json': 'json',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.sql': 'sql',
  '.mmd': 'mermaid',
  '.mermaid': 'mermaid',
};

/** `--output schema.sql` without --format: the format its extension names. */
export function formatOfPath(path: string): InspectFormat {
  const format = FORMAT_OF_EXTENSION[extname(path).toLowerCase()];
  if (format === undefined) {
    throw new UsageError('USAGE', `cannot tell the format of ${path} from its extension: give --format json|typescript|sql|mermaid`);
  }
  return format;
}

export function assertOutputWritable(path: string, force: boolean): void {
  const target = resolve(path);
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) throw new UsageError('USAGE', `${path} is a directory: give --output a file name`);
    if (!force) throw new UsageError('USAGE', `${path} already exists: pass --force to overwrite it, or choose another --output`);
  }
  const dir = dirname(target);
  if (!existsSync(dir)) throw new UsageError('USAGE', `cannot write ${path}: the directory ${dirname(path)} does not exist; create it first`);
  if (!statSync(dir).isDirectory()) throw new UsageError('USAGE', `cannot write ${path}: ${dirname(path)} is not a directory`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError('USAGE', `cannot write ${path}: ${dirname(path)} is not writable; choose another --output`);
  }
}

/**
 * Without --force the temporary file is hard-linked to the target, which fails if a file appeared there
 * since the check; with it, renamed over it. Either way the target is whole or untouched.
 */
export function writeOutputFile(path: string, text: string, force: boolean): void {
  const target = resolve(path);
  const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    if (force) renameSync(temp, target);
    else linkWithoutReplacing(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError('USAGE', `${path} already exists: pass --force to overwrite it, or choose another --output`);
    const reason = code ?? (error as Error).message;
    // A path the user can fix is a usage mistake; a full disk or an I/O error is a failure of the run.
    if (code !== undefined && USER_FIXABLE.has(code)) throw new UsageError('USAGE', `cannot write ${path}: ${reason}`, { cause: error });
    throw new OxenError('INTERNAL', `cannot write ${path}: ${reason}`, { cause: error });
  } finally {
    if (existsSync(temp)) unlinkSync(temp);
  }
}

/** Filesystems without hard links (some network and FAT mounts): a rename, after one more look for the file. */
function linkWithoutReplacing(temp: string, target: string): void {
  try {
    linkSync(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    if (existsSync(target)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
    renameSync(temp, target);
  }
}
