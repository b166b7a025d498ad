/**
 * Prisma Client is generated from a schema, so the peer writes the schema of the benchmark's tables
 * (their names carry a run's prefix), runs the project's own `prisma generate` once per distinct schema
 * into a cache beside its @prisma/client (where the generated code's `@prisma/client/runtime/*`
 * imports resolve), and loads the generated TypeScript with jiti, as an app would import it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { promisify } from 'node:util';
import { createJiti } from 'jiti';
import type { DialectName } from '../../ground/values.js';
import type { PeerTables } from './peer.js';
import { PeerMissing } from './load-peer-package.js';
import { POST_COLUMNS, USER_COLUMNS } from './peer-connection.js';

const PROVIDER: Readonly<Record<DialectName, string>> = { sqlite: 'sqlite', postgres: 'postgresql', mysql: 'mysql' };

/** Native types where Prisma's default differs from the column Oxen created. */
const DATETIME: Readonly<Record<DialectName, string>> = { sqlite: '', postgres: ' @db.Timestamptz(6)', mysql: ' @db.DateTime(6)' };

export function prismaSchema(dialect: DialectName, tables: PeerTables): string {
  const dt = DATETIME[dialect];
  return `generator client {
  provider     = "prisma-client"
  output       = "./client"
  moduleFormat = "esm"
}

datasource db {
  provider = "${PROVIDER[dialect]}"
}

model User {
  id        Int      @id @default(autoincrement()) @map("${USER_COLUMNS.id}")
  name      String   @map("${USER_COLUMNS.name}")
  email     String   @unique @map("${USER_COLUMNS.email}")
  age       Int?     @map("${USER_COLUMNS.age}")
  isActive  Boolean  @map("${USER_COLUMNS.isActive}")
  createdAt DateTime @map("${USER_COLUMNS.createdAt}")${dt}
  posts     Post[]

  @@map("${tables.users}")
}

model Post {
  id        Int      @id @default(autoincrement()) @map("${POST_COLUMNS.id}")
  authorId  Int      @map("${POST_COLUMNS.authorId}")
  author    User     @relation(fields: [authorId], references: [id])
  title     String   @map("${POST_COLUMNS.title}")
  views     Int      @map("${POST_COLUMNS.views}")
  createdAt DateTime @map("${POST_COLUMNS.createdAt}")${dt}

  @@map("${tables.posts}")
}

model Item {
  id    Int    @id @default(autoincrement())
  name  String
  qty   Int
  price Float

  @@map("${tables.items}")
}
`;
}

/** Resolves from the user's project first, then beside Oxen, as load-peer-package.ts does. */
function resolveFromProject(specifier: string, packageName: string): string {
  for (const base of [join(process.cwd(), 'package.json'), import.meta.url]) {
    try {
      return createRequire(base).resolve(specifier);
    } catch {
      // not here: try the next place
    }
  }
  throw new PeerMissing(packageName);
}

function versionOf(packageJson: string): string {
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

/** The generated client's entry module, generating it first unless this exact schema was generated before. */
export async function generatedClient(schema: string): Promise<string> {
  const clientPackage = resolveFromProject('@prisma/client/package.json', '@prisma/client');
  const cli = resolveFromProject('prisma/build/index.js', 'prisma');
  const cliVersion = versionOf(join(dirname(cli), '..', 'package.json'));
  const key = createHash('sha256').update(`${cliVersion}\n${versionOf(clientPackage)}\n${schema}`).digest('hex').slice(0, 16);
  // node_modules/@prisma/client/package.json → node_modules/.cache/oxen/prisma-<key>
  const nodeModules = clientPackage.slice(0, clientPackage.lastIndexOf(`${sep}node_modules${sep}`) + `${sep}node_modules`.length);
  const dir = join(nodeModules, '.cache', 'oxen', `prisma-${key}`);
  const entry = join(dir, 'client', 'client.ts');
  if (existsSync(entry)) return entry;
  // Generated beside the final place and renamed into it, so a concurrent run never loads half a client.
  const work = `${dir}.${process.pid}.tmp`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'schema.prisma'), schema);
  // `generate` never runs the schema engine (that is migrate's and db's), but the CLI insists on having
  // one and downloads it when npm's postinstall could not (an offline install). Its documented override
  // names a stand-in, so generating needs no network; a path the user set is theirs to keep.
  const standIn = join(work, 'schema-engine-unused');
  writeFileSync(standIn, '');
  try {
    await promisify(execFile)(process.execPath, [cli, 'generate', '--schema', join(work, 'schema.prisma')], {
      // Run where no prisma.config.ts of the user's applies: the schema file says everything.
      cwd: work,
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? standIn, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      timeout: 120_000,
    });
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    const { stderr, message } = error as { stderr?: string; message: string };
    // A skip line is one line: the CLI's message with its line breaks folded.
    const why = (stderr?.trim() || message).replace(/\s+/g, ' ').slice(0, 300);
    throw new Error(`prisma generate failed: ${why}`);
  }
  try {
    renameSync(work, dir);
  } catch {
    // Another run renamed its identical client into place first.
    rmSync(work, { recursive: true, force: true });
  }
  return entry;
}

/** Loads the generated TypeScript (Node 20 cannot import it itself). */
export function importGenerated<T>(entry: string): Promise<T> {
  return createJiti(import.meta.url).import<T>(entry);
}
