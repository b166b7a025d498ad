/**
 * Turns a lookup key such as `author__name__icontains` into the relations to cross, the field at the
 * end and the lookup. Results are cached per model: keys repeat on every call of the same query.
 */
import { UsageError } from '../ground/errors.js';
import type { AnyField } from '../model/field.js';
import { ForeignKeyDef } from '../model/fields/foreign-key.js';
import { manyRelationEnds, type ModelMeta, type ReverseRelation } from '../model/model-meta.js';
import type { Lookup } from '../model/model-types.js';

export const LOOKUPS: ReadonlySet<string> = new Set<Lookup>([
  'exact', 'iexact', 'contains', 'icontains', 'startswith', 'istartswith', 'endswith', 'iendswith',
  'in', 'gt', 'gte', 'lt', 'lte', 'range', 'isnull',
]);

export type Step =
  | { readonly kind: 'forward'; readonly fk: ForeignKeyDef; readonly target: ModelMeta }
  | { readonly kind: 'reverse'; readonly relation: ReverseRelation; readonly target: ModelMeta };

export interface ResolvedPath {
  readonly steps: readonly Step[];
  /** The field whose column the lookup compares; undefined when the path ends at a reverse relation. */
  readonly field: AnyField;
  readonly lookup: Lookup;
}

const cache = new WeakMap<ModelMeta, Map<string, ResolvedPath>>();

export function resolvePath(meta: ModelMeta, key: string, defaultLookup: Lookup = 'exact'): ResolvedPath {
  let perModel = cache.get(meta);
  if (!perModel) cache.set(meta, (perModel = new Map()));
  const cacheKey = defaultLookup === 'exact' ? key : `${key}\0${defaultLookup}`;
  let resolved = perModel.get(cacheKey);
  if (!resolved) {
    resolved = walk(meta, key, defaultLookup);
    perModel.set(cacheKey, resolved);
  }
  return resolved;
}

function walk(root: ModelMeta, key: string, defaultLookup: Lookup): ResolvedPath {
  const parts = key.split('__');
  const steps: Step[] = [];
  let meta = root;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const rest = parts.length - i - 1;
    const field = meta.field(part);
    const next = parts[i + 1];
    if (field) {
      const crossing = field instanceof ForeignKeyDef && rest > 0 && !(rest === 1 && LOOKUPS.has(next!));
      if (!crossing) {
        if (rest === 0) return { steps, field, lookup: defaultLookup };
        if (rest === 1 && LOOKUPS.has(next!)) return { steps, field, lookup: next as Lookup };
        throw unknown(root, key, `${meta.name}.${part} has no lookup or field ${JSON.stringify(parts.slice(i + 1).join('__'))}`);
      }
      const fk = field as ForeignKeyDef;
      const target = fk.to.meta;
      // `author__id` needs no join: the foreign key column already holds the target's primary key.
      if (rest === 1 || (rest === 2 && LOOKUPS.has(parts[i + 2]!))) {
        if (target.field(next!) === target.pk) return { steps, field: fk, lookup: rest === 2 ? (parts[i + 2] as Lookup) : defaultLookup };
      }
      steps.push({ kind: 'forward', fk, target });
      meta = target;
      continue;
    }
    const many = meta.manyRelation(part);
    if (many) {
      // `tags__name` is `<join rows pointing here>__tag__name`: a reverse step into the join model,
      // then its key to the other side, so filters get the reverse relations' EXISTS and same-row rule.
      const { through, from, to } = manyRelationEnds(many);
      steps.push({ kind: 'reverse', relation: { name: part, model: through, field: from }, target: through.meta });
      meta = through.meta;
      parts[i--] = to.name;
      continue;
    }
    const relation = meta.reverseRelation(part);
    if (relation) {
      const target = relation.model.meta;
      steps.push({ kind: 'reverse', relation, target });
      meta = target;
      // `posts` alone, or `posts__in`, compares the related primary key.
      if (rest === 0) return { steps, field: target.pk, lookup: defaultLookup };
      if (rest === 1 && LOOKUPS.has(next!)) return { steps, field: target.pk, lookup: next as Lookup };
      continue;
    }
    throw unknown(root, key, `${meta.name} has no field ${JSON.stringify(part)}; fields: ${fieldList(meta)}`);
  }
  throw unknown(root, key, 'the path ends at a relation');
}

function fieldList(meta: ModelMeta): string {
  return [...meta.fields.map((f) => f.attname), ...meta.manyRelations().keys(), ...meta.reverseRelationNames()].join(', ');
}

function unknown(root: ModelMeta, key: string, why: string): UsageError {
  const code = why.includes('lookup') ? 'LOOKUP_UNKNOWN' : 'FIELD_UNKNOWN';
  return new UsageError(code, `cannot resolve ${JSON.stringify(key)} on ${root.name}: ${why}`);
}
