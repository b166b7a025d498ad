/**
 * The join model of a many-to-many relation: the user's `through` model with its two keys found by the
 * models they point at, or an automatic one like Django's (table `<table>_<field>`, a key to each side
 * with ON DELETE CASCADE, the pair unique).
 */
import { UsageError } from '../ground/errors.js';
import type { AnyField } from '../model/field.js';
import { ForeignKey, ForeignKeyDef } from '../model/fields/foreign-key.js';
import { AutoField } from '../model/fields/numeric-fields.js';
import type { AnyManyToMany, ManyToManyLink, ThroughFactory } from '../model/fields/many-to-many.js';
import type { AnyModel } from '../model/model-types.js';
import { lowerFirst, snakeCase } from '../model/naming.js';

type DefineModel = (name: string, fields: Record<string, AnyField>, options: { tableName: string; uniqueTogether: string[][] }) => AnyModel;

export function throughLinkMaker(define: DefineModel): ThroughFactory {
  return (field) => (field.throughOption ? userLink(field) : autoLink(field, define));
}

function autoLink(field: AnyManyToMany, define: DefineModel): ManyToManyLink {
  const source = field.model;
  const target = field.to;
  const self = source.meta === target.meta;
  // Two keys to the same model need two names: Django's from_<model> / to_<model>.
  const sourceName = self ? `from${source.meta.name}` : lowerFirst(source.meta.name);
  const targetName = self ? `to${target.meta.name}` : lowerFirst(target.meta.name);
  const modelName = `${source.meta.name}_${field.name}`;
  // A relatedName ending in '+' hides the join model's reverse relations from users; deletes still see them.
  const through = define(
    modelName,
    {
      id: AutoField(),
      [sourceName]: ForeignKey(() => source, { relatedName: `${modelName}_${sourceName}+` }),
      [targetName]: ForeignKey(() => target, { relatedName: `${modelName}_${targetName}+` }),
    },
    { tableName: field.dbTable ?? `${source.meta.tableName}_${snakeCase(field.name)}`, uniqueTogether: [[sourceName, targetName]] },
  );
  return { through, source: through.meta.field(sourceName) as ForeignKeyDef, target: through.meta.field(targetName) as ForeignKeyDef, autoCreated: true };
}

function userLink(field: AnyManyToMany): ManyToManyLink {
  const through = field.throughOption!();
  if (!through || typeof through !== 'function' || !('meta' in through)) {
    throw new UsageError('MODEL_INVALID', `ManyToManyField ${field.describe()}: through is not a model (pass a function returning one, e.g. () => Membership)`);
  }
  if (field.throughFields) return namedLink(field, through, field.throughFields);
  const keysTo = (m: AnyModel): ForeignKeyDef[] => through.meta.fields.filter((f): f is ForeignKeyDef => f instanceof ForeignKeyDef && f.to.meta === m.meta);
  const toSource = keysTo(field.model);
  const toTarget = keysTo(field.to);
  const self = field.model.meta === field.to.meta;
  const [source, target] = self ? [toSource[0], toSource[1]] : [toSource[0], toTarget[0]];
  const wanted = self ? toSource.length === 2 : toSource.length === 1 && toTarget.length === 1;
  if (!wanted || !source || !target) {
    throw new UsageError(
      'MODEL_INVALID',
      `ManyToManyField ${field.describe()}: the through model ${through.meta.name} needs exactly one ForeignKey to ${field.model.meta.name} and one to ${field.to.meta.name}${self ? ' (two, for a relation of a model to itself)' : ''}, or throughFields naming the two to use`,
    );
  }
  return { through, source, target, autoCreated: false };
}

/** The two keys named by `throughFields`, each checked to be a ForeignKey to its side. */
function namedLink(field: AnyManyToMany, through: AnyModel, [sourceName, targetName]: readonly [string, string]): ManyToManyLink {
  const key = (name: unknown, side: AnyModel, role: string): ForeignKeyDef => {
    const found = typeof name === 'string' ? through.meta.field(name) : undefined;
    if (found instanceof ForeignKeyDef && found.to.meta === side.meta) return found;
    const keys = through.meta.fields.filter((f): f is ForeignKeyDef => f instanceof ForeignKeyDef && f.to.meta === side.meta).map((f) => f.name);
    throw new UsageError(
      'MODEL_INVALID',
      `ManyToManyField ${field.describe()}: throughFields names ${JSON.stringify(name)} as the key to ${role} ${side.meta.name}, but ${through.meta.name}'s ForeignKeys to ${side.meta.name} are ${keys.length ? keys.join(', ') : 'none'}`,
    );
  };
  const source = key(sourceName, field.model, 'the source');
  const target = key(targetName, field.to, 'the target');
  if (source === target) throw new UsageError('MODEL_INVALID', `ManyToManyField ${field.describe()}: throughFields names ${source.name} twice; name the key to each side`);
  return { through, source, target, autoCreated: false };
}
