import { UsageError } from '../ground/errors.js';
import { QuerySet } from './query-set.js';
import { initialState, type QueryState } from './query-state.js';
import type { AnyField } from '../model/field.js';
import { ForeignKeyDef } from '../model/fields/foreign-key.js';
import { ManyToManyDef, type AnyManyToMany } from '../model/fields/many-to-many.js';
import { installManyAccessors, settleManyAccessors } from './many-accessors.js';
import { throughLinkMaker } from './through-link.js';
import { AutoField } from '../model/fields/numeric-fields.js';
import { HYDRATE } from '../model/hydrate-token.js';
import { DateTimeFieldDef } from '../model/fields/temporal-fields.js';
import { installInstanceMethods, RESERVED_NAMES } from './instance-methods.js';
import { ModelMeta, registerModel, type IndexDef } from '../model/model-meta.js';
import type { AnyModel, Fields, WithPk } from '../model/model-types.js';
import type { Model } from './model-api.js';
import { snakeCase } from '../model/naming.js';
import { constraintName } from '../dialect/constraint-name.js';

export interface ModelOptions<K extends string> {
  /** Default: the model name in snake_case. */
  tableName?: string;
  /** Composite indexes, as in the seed: `[['email', 'username'], ['createdAt', 'isActive']]`, or with a name/unique flag. */
  indexes?: readonly (readonly K[] | { fields: readonly K[]; name?: string; unique?: boolean })[];
  /** Sets of fields whose combination must be unique. */
  uniqueTogether?: readonly (readonly K[])[];
  /** Default ordering for query sets, e.g. ['-createdAt']. */
  ordering?: readonly string[];
}


/** Automatic join models are defined with model() itself, handed over to keep the import graph acyclic. */
const makeThroughLink = throughLinkMaker((name, fields, options) => model(name, fields, options) as unknown as AnyModel);

const QUERYSET_METHODS = [
  'filter', 'exclude', 'get', 'count', 'exists', 'first', 'last', 'orderBy', 'limit', 'offset', 'only', 'defer', 'values', 'valuesList',
  'selectRelated', 'prefetchRelated', 'aggregate', 'annotate', 'using', 'distinct', 'create', 'bulkCreate', 'bulkUpdate', 'getOrCreate',
  'updateOrCreate', 'cache', 'inBulk',
] as const;

/**
 * Defines a model. Row, instance and input types are inferred from the field objects:
 *   const User = model('User', { id: AutoField(), email: CharField({ maxLength: 255, unique: true }) });
 */
export function model<const F extends Fields>(name: string, fields: F, options: ModelOptions<Extract<keyof F, string>> = {}): Model<WithPk<F>> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError('MODEL_INVALID', `model name ${JSON.stringify(name)} must be an identifier`);
  const all: Record<string, AnyField> = {};
  const many: [string, AnyManyToMany][] = [];
  for (const [attr, f] of Object.entries(fields)) {
    if (f instanceof ManyToManyDef) many.push([attr, f]);
    else all[attr] = f as AnyField;
  }
  if (!Object.values(all).some((f) => f.primaryKey)) all.id = AutoField();
  else if ('id' in all === false && Object.values(all).filter((f) => f.primaryKey).length > 1) {
    throw new UsageError('MODEL_INVALID', `model ${name} has more than one primary key field: keep one and use uniqueTogether for the others`);
  }

  const list: AnyField[] = [];
  for (const [attr, field] of Object.entries(all)) {
    if (RESERVED_NAMES.has(attr)) throw new UsageError('MODEL_INVALID', `field ${name}.${attr} clashes with an instance method: rename it`);
    if (attr.includes('__')) throw new UsageError('MODEL_INVALID', `field ${name}.${attr}: names may not contain "__" (it separates lookups)`);
    const isFk = field instanceof ForeignKeyDef;
    field.bind({
      name: attr,
      attname: isFk ? `${attr}Id` : attr,
      column: field.options.column ?? (isFk ? `${snakeCase(attr)}_id` : snakeCase(attr)),
      modelName: name,
    });
    list.push(field);
  }
  for (const [attr] of many) {
    if (RESERVED_NAMES.has(attr)) throw new UsageError('MODEL_INVALID', `field ${name}.${attr} clashes with an instance method: rename it`);
    if (attr.includes('__')) throw new UsageError('MODEL_INVALID', `field ${name}.${attr}: names may not contain "__" (it separates lookups)`);
  }
  const pk = list.find((f) => f.primaryKey)!;
  const tableName = options.tableName ?? snakeCase(name);

  const indexes: IndexDef[] = [];
  const fieldNames = new Set(list.map((f) => f.name));
  const checkFields = (names: readonly string[], what: string): void => {
    for (const n of names) if (!fieldNames.has(n)) throw new UsageError('MODEL_INVALID', `${what} of model ${name} names unknown field ${JSON.stringify(n)}`);
  };
  for (const spec of options.indexes ?? []) {
    const s = Array.isArray(spec) ? { fields: spec as readonly string[] } : (spec as { fields: readonly string[]; name?: string; unique?: boolean });
    checkFields(s.fields, 'an index');
    indexes.push({ name: s.name ?? indexName(tableName, s.fields, list), fields: s.fields, unique: s.unique === true });
  }
  for (const fieldsTogether of options.uniqueTogether ?? []) {
    checkFields(fieldsTogether, 'uniqueTogether');
    indexes.push({ name: indexName(tableName, fieldsTogether, list, 'uniq'), fields: fieldsTogether, unique: true });
  }

  const meta = new ModelMeta({ name, tableName, fields: list, pk, indexes, ordering: options.ordering ?? [], manyToMany: many.map(([, f]) => f) });

  // A named function, so stack traces and console.log show the model's name.
  const ctor = new Function('init', 'HYDRATE', `return function ${name}(values) { if (values !== HYDRATE) init(this, values); }`)(
    (self: Record<string, unknown>, values: Record<string, unknown> | undefined) => initInstance(meta, self, values),
    HYDRATE,
  ) as AnyModel;
  Object.defineProperty(ctor, 'meta', { value: meta });
  installInstanceMethods(ctor);
  for (const [attr, field] of many) field.attach(attr, ctor, makeThroughLink);
  installManyAccessors(ctor);
  const statics = ctor as unknown as Record<string, unknown>;
  statics.all = statics.objects = function all(this: AnyModel) {
    settleManyAccessors();
    return new QuerySet(this);
  };
  for (const method of QUERYSET_METHODS) {
    statics[method] = function (this: AnyModel, ...args: unknown[]) {
      settleManyAccessors();
      const qs = new QuerySet(this) as unknown as Record<string, (...a: unknown[]) => unknown>;
      return qs[method]!(...args);
    };
  }
  // `Model.using(name)` starts the query set on that database: one query set and one state, as
  // `Model.filter()` starts its own, not a query set on the default database and then a copy.
  statics.using = function using(this: AnyModel, database: string) {
    settleManyAccessors();
    const state = initialState(this);
    (state as { using: QueryState['using'] }).using = database;
    return new QuerySet(this, state);
  };
  registerModel(ctor);
  settleManyAccessors();
  return ctor as unknown as Model<WithPk<F>>;
}

function indexName(table: string, names: readonly string[], fields: readonly AnyField[], kind = 'idx'): string {
  return constraintName(table, names.map((n) => fields.find((f) => f.name === n)!.column), kind);
}

interface InitStep {
  readonly field: AnyField;
  readonly attname: string;
  readonly fk: ForeignKeyDef | undefined;
  readonly autoNow: boolean;
  /** What an omitted attribute becomes when there is no default: null for nullable fields, unset otherwise. */
  readonly omitted: null | undefined;
}

const initSteps = new WeakMap<ModelMeta, readonly InitStep[]>();

function stepsFor(meta: ModelMeta): readonly InitStep[] {
  let steps = initSteps.get(meta);
  if (!steps) {
    steps = meta.fields.map((field) => ({
      field,
      attname: field.attname,
      fk: field instanceof ForeignKeyDef ? field : undefined,
      autoNow: field instanceof DateTimeFieldDef && (field.autoNowAdd || field.autoNow),
      omitted: field.dbGenerated ? undefined : field.nullable ? null : undefined,
    }));
    initSteps.set(meta, steps);
  }
  return steps;
}

/** `new User({...})`: defaults, autoNow timestamps, and ForeignKey instances split into id + cached relation. */
function initInstance(meta: ModelMeta, self: Record<string, unknown>, values: Record<string, unknown> = {}): void {
  settleManyAccessors();
  for (const key in values) {
    if (!meta.field(key) && !meta.reverseRelation(key)) {
      if (meta.manyRelation(key)) {
        throw new UsageError('FIELD_UNKNOWN', `${meta.name}.${key} is a many-to-many relation: save the ${meta.name}, then call ${key}.set([...]) or ${key}.add(...)`);
      }
      throw new UsageError('FIELD_UNKNOWN', `${meta.name} has no field ${JSON.stringify(key)}; fields: ${meta.fields.map((f) => f.attname).join(', ')}`);
    }
  }
  for (const step of stepsFor(meta)) {
    if (step.fk) {
      const related = values[step.fk.name];
      if (related !== undefined && related !== null && typeof related === 'object') {
        self[step.fk.name] = related;
        self[step.attname] = (related as Record<string, unknown>)[step.fk.to.meta.pk.attname] ?? null;
        continue;
      }
      if (related === null) self[step.fk.name] = null;
    }
    let v = values[step.attname];
    if (v === undefined && step.autoNow) v = new Date();
    if (v === undefined) v = step.field.defaultValue();
    self[step.attname] = v === undefined ? step.omitted : v;
  }
}
