/**
 * The instance attributes of many-to-many relations: `post.tags` on the declaring model, installed by
 * model(), and `tag.posts` on the target, installed once the target exists (the field names it with a
 * function that cannot be called while both models are still being defined).
 */
import { UsageError } from '../ground/errors.js';
import type { AnyManyToMany } from '../model/fields/many-to-many.js';
import type { ManyRelation } from '../model/model-meta.js';
import type { AnyModel } from '../model/model-types.js';
import { ManyRelatedManagerImpl } from './many-related-manager.js';

const awaitingTarget = new Set<AnyManyToMany>();
const managers = new WeakMap<object, Map<string, ManyRelatedManagerImpl>>();

export function installManyAccessors(model: AnyModel): void {
  for (const field of model.meta.manyToMany) {
    defineAccessor(model, { name: field.name, field, reverse: false });
    awaitingTarget.add(field);
  }
}

/** Installs the reverse accessors whose target models exist by now; cheap when there are none left. */
export function settleManyAccessors(): void {
  if (awaitingTarget.size === 0) return;
  for (const field of [...awaitingTarget]) {
    let target: AnyModel;
    try {
      target = field.to;
    } catch {
      continue; // not defined yet (or not a model: using the relation will say so)
    }
    awaitingTarget.delete(field);
    if (field.symmetrical) continue;
    const name = field.reverseName;
    if (target.meta.field(name) || name in target.prototype) {
      throw new UsageError('MODEL_INVALID', `ManyToManyField ${field.describe()}: ${target.meta.name} already has an attribute ${JSON.stringify(name)}; give the field another relatedName`);
    }
    defineAccessor(target, { name, field, reverse: true });
  }
}

/** The manager of one instance for one relation, kept so that what prefetchRelated loaded stays with it. */
export function managerOf(instance: object, relation: ManyRelation, model: AnyModel): ManyRelatedManagerImpl {
  let byName = managers.get(instance);
  if (!byName) managers.set(instance, (byName = new Map()));
  let manager = byName.get(relation.name);
  if (!manager) byName.set(relation.name, (manager = new ManyRelatedManagerImpl(instance as Record<string, unknown>, model, relation)));
  return manager;
}

function defineAccessor(model: AnyModel, relation: ManyRelation): void {
  Object.defineProperty(model.prototype, relation.name, {
    configurable: true,
    get(this: object) {
      return managerOf(this, relation, model);
    },
    set() {
      throw new UsageError('USAGE', `${model.meta.name}.${relation.name} is a many-to-many relation and cannot be assigned: call ${relation.name}.set([...])`);
    },
  });
}
