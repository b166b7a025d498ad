/**
 * The schema's objects other than tables and views: enum types go into the state; everything else is
 * named in a warning — domains, other types, sequences no auto column counts with, functions,
 * triggers, rules, policies, operators, … — and an extension's objects once, under the extension.
 *
 * With `--tables`, only what the chosen tables use or carry is reported: their enum and domain types,
 * the sequences their defaults call, their triggers, rules and policies.
 */
import type { InspectWarning } from '../introspector.js';
import type { EnumState } from '../schema-state.js';
import type { CatalogRows, ColumnRow } from './introspect-rows.js';

export interface ObjectScope {
  readonly schema: string;
  /** Names of the tables and views in the state. */
  readonly relations: ReadonlySet<string>;
  /** The relations chosen (`--tables` / `--exclude`), foreign tables included: their triggers, rules and policies are reported. */
  readonly keep: (name: string) => boolean;
  /** Only what those relations use (`--tables`), rather than the whole schema. */
  readonly scoped: boolean;
  readonly countedSequences: ReadonlySet<string>;
}

const RELATION_KINDS: Readonly<Record<string, string>> = { r: 'table', p: 'table', v: 'view', m: 'materialized view', f: 'foreign table', S: 'sequence' };
const TYPE_KINDS: Readonly<Record<string, string>> = { b: 'base type', c: 'composite type', r: 'range type', d: 'domain', e: 'enum type' };

export function readSchemaObjects(rows: CatalogRows, scope: ObjectScope, warn: (w: InspectWarning) => void): EnumState[] {
  const relName = new Map(rows.relations.map((r) => [r.oid, r.name]));
  const used = rows.columns.filter((c) => scope.relations.has(relName.get(c.relid) ?? ''));
  // An array column of the type uses it too: its type is the array type, named `_<type>`.
  const usesType = (name: string) => used.some((c) => c.typeSchema === scope.schema && (c.typeName === name || c.typeName === `_${name}`));
  const enums: EnumState[] = [];
  const extensions = new Map<string, string[]>();
  const ofExtension = (extension: string, kind: string) => extensions.set(extension, [...(extensions.get(extension) ?? []), kind]);

  for (const type of rows.types) {
    const object = `${TYPE_KINDS[type.kind] ?? 'type'} ${type.spelling}`;
    if (type.extension !== null) ofExtension(type.extension, TYPE_KINDS[type.kind] ?? 'type');
    else if (scope.scoped && !usesType(type.name)) continue;
    else if (type.kind !== 'e') warn({ object, message: typeMessage(type, columnsOfType(used, relName, scope.schema, type.name)) });
    else {
      enums.push({ name: type.name, values: type.values ?? [] });
      if (type.comment !== null) warn({ object, message: `its comment is not in the state: ${JSON.stringify(type.comment)}` });
    }
  }
  foreignTypes(used, relName, scope.schema, warn);
  const callers = nextvalCallers(used, relName);
  for (const rel of rows.relations) {
    if (rel.extension !== null) ofExtension(rel.extension, RELATION_KINDS[rel.kind] ?? 'relation');
    else if (rel.kind === 'S') sequence(rel, callers.get(rel.sequenceText ?? rel.name) ?? [], scope, warn);
  }
  for (const other of rows.others) {
    if (other.kind === 'extension') extensions.set(other.name, extensions.get(other.name) ?? []);
    else if (other.extension !== null) ofExtension(other.extension, other.kind);
    else if (other.table !== null ? scope.keep(other.table) : !scope.scoped) {
      const object = `${other.kind} ${other.table === null ? other.name : `${other.table}.${other.name}`}`;
      warn({ object, message: other.kind === 'trigger' && other.detail ? `not in the state: ${other.detail}` : 'not in the state' });
    }
  }
  if (!scope.scoped) for (const [extension, kinds] of extensions) warn({ object: `extension ${extension}`, message: extensionMessage(extension, kinds) });
  return enums;
}

function typeMessage(type: CatalogRows['types'][number], columns: readonly string[]): string {
  const using = columns.length === 0 ? '' : `; its columns (${columns.join(', ')}) are raw ${type.spelling}`;
  if (type.kind !== 'd') return `not in the state${using}`;
  const parts = [`a domain over ${type.base}`, ...(type.checks ?? []), ...(type.notNull ? ['NOT NULL'] : []), ...(type.default !== null ? [`DEFAULT ${type.default}`] : [])];
  return `${parts.join(' ')}: the domain and its constraints are not in the state${using}`;
}

function columnsOfType(columns: readonly ColumnRow[], relName: ReadonlyMap<number, string>, schema: string, type: string): string[] {
  return columns.filter((c) => c.typeSchema === schema && c.typeName === type).map((c) => `${relName.get(c.relid)}.${c.name}`);
}

/** Enum, domain, composite and range types of other schemas (not PostgreSQL's own): one warning per type. */
function foreignTypes(used: readonly ColumnRow[], relName: ReadonlyMap<number, string>, schema: string, warn: (w: InspectWarning) => void): void {
  const byType = new Map<string, string[]>();
  for (const c of used) {
    if (c.typeSchema === schema || c.typeSchema === 'pg_catalog' || !'edcr'.includes(c.typeKind)) continue;
    byType.set(c.spelling, [...(byType.get(c.spelling) ?? []), `${relName.get(c.relid)}.${c.name}`]);
  }
  for (const [type, columns] of byType) warn({ object: `type ${type}`, message: `defined in another schema: not in the state; its columns (${columns.join(', ')}) are raw ${type}` });
}

function sequence(rel: CatalogRows['relations'][number], callers: readonly string[], scope: ObjectScope, warn: (w: InspectWarning) => void): void {
  if (scope.countedSequences.has(rel.sequenceText ?? rel.name) || (scope.scoped && callers.length === 0)) return;
  const owner = rel.ownerTable === null ? 'not owned by a column' : `owned by ${rel.ownerTable}.${rel.ownerColumn} but not its counter`;
  const calls = callers.length === 0 ? '' : `; the defaults calling nextval() on it (${callers.join(', ')}) are kept as expressions, and need it to exist`;
  warn({ object: `sequence ${rel.name}`, message: `a sequence ${owner}: not in the state${calls}` });
}

/** The columns whose default calls nextval() on each sequence (named as regclass prints it). */
function nextvalCallers(columns: readonly ColumnRow[], relName: ReadonlyMap<number, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of columns) {
    if (c.default === null || !c.default.includes('nextval(')) continue;
    for (const m of c.default.matchAll(/nextval\('((?:[^']|'')*)'::regclass\)/g)) {
      const sequence = m[1]!.replaceAll("''", "'");
      out.set(sequence, [...(out.get(sequence) ?? []), `${relName.get(c.relid)}.${c.name}`]);
    }
  }
  return out;
}

function extensionMessage(extension: string, kinds: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  const objects = kinds.length === 0 ? 'installed in this schema' : `its ${[...counts].map(([k, n]) => `${n} ${n === 1 ? k : plural(k)}`).join(', ')} in this schema`;
  return `${objects}: not in the state; run CREATE EXTENSION ${extension} before the \`sql\` format's statements`;
}

function plural(kind: string): string {
  if (kind.endsWith('ss')) return `${kind}es`;
  if (kind.endsWith('y')) return `${kind.slice(0, -1)}ies`;
  return `${kind}s`;
}
