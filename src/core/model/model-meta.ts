import type { AnyField } from './field.js';
import { ForeignKeyDef } from './fields/foreign-key.js';
import type { AnyManyToMany } from './fields/many-to-many.js';
import type { AnyModel } from './model-types.js';
import { lowerFirst } from './naming.js';

export interface IndexDef {
  readonly name: string;
  /** Field names (for a ForeignKey, the relation name). */
  readonly fields: readonly string[];
  readonly unique: boolean;
}

/** A ForeignKey seen from its target: `User` has reverse relation `posts` through `Post.author`. */
export interface ReverseRelation {
  readonly name: string;
  readonly model: AnyModel;
  readonly field: ForeignKeyDef;
}

/**
 * A many-to-many relation seen from one side: `Post.tags` (forward) or `Tag.posts` (reverse). `from`
 * is the join model's key pointing at this side, `to` the one pointing at the other side.
 */
export interface ManyRelation {
  readonly name: string;
  readonly field: AnyManyToMany;
  readonly reverse: boolean;
}

/** The join model's two keys and the model on the other side, for a relation seen from one side. */
export function manyRelationEnds(relation: ManyRelation): { through: AnyModel; from: ForeignKeyDef; to: ForeignKeyDef; target: AnyModel } {
  const link = relation.field.link;
  return relation.reverse
    ? { through: link.through, from: link.target, to: link.source, target: relation.field.model }
    : { through: link.through, from: link.source, to: link.target, target: relation.field.to };
}

const registry = new Set<AnyModel>();

export function registerModel(model: AnyModel): void {
  registry.add(model);
}

/** Everything Oxen knows about one model at run time. */
export class ModelMeta {
  readonly name: string;
  readonly tableName: string;
  /** In declaration order; the primary key is among them. */
  readonly fields: readonly AnyField[];
  readonly pk: AnyField;
  readonly indexes: readonly IndexDef[];
  readonly ordering: readonly string[];
  /** Declared many-to-many relations: no column here, so not among `fields`. */
  readonly manyToMany: readonly AnyManyToMany[];
  private readonly byName = new Map<string, AnyField>();
  private reverseCache: Map<string, ReverseRelation> | undefined;
  private reverseCacheSize = -1;
  private manyCache: Map<string, ManyRelation> | undefined;
  private manyCacheSize = -1;

  constructor(init: {
    name: string; tableName: string; fields: readonly AnyField[]; pk: AnyField; indexes: readonly IndexDef[]; ordering: readonly string[];
    manyToMany?: readonly AnyManyToMany[];
  }) {
    this.name = init.name;
    this.tableName = init.tableName;
    this.fields = init.fields;
    this.pk = init.pk;
    this.indexes = init.indexes;
    this.ordering = init.ordering;
    this.manyToMany = init.manyToMany ?? [];
    for (const f of init.fields) {
      this.byName.set(f.name, f);
      this.byName.set(f.attname, f);
    }
    this.byName.set('pk', init.pk);
  }

  /** A field by its name, its attribute name (`authorId`) or `pk`. */
  field(name: string): AnyField | undefined {
    return this.byName.get(name);
  }

  get foreignKeys(): ForeignKeyDef[] {
    return this.fields.filter((f): f is ForeignKeyDef => f instanceof ForeignKeyDef);
  }

  /** Reverse relations from every model defined so far that points here. */
  reverseRelation(name: string): ReverseRelation | undefined {
    return this.reverseRelations().get(name);
  }

  reverseRelations(): Map<string, ReverseRelation> {
    if (this.reverseCache && this.reverseCacheSize === registry.size) return this.reverseCache;
    const found = new Map<string, ReverseRelation>();
    for (const model of registry) {
      for (const fk of model.meta.foreignKeys) {
        if (fk.to.meta !== this) continue;
        // A relatedName ending in '+' (the automatic join models' keys) is kept for cascades but hidden from users.
        const name = fk.relatedName ?? `${lowerFirst(model.meta.name)}Set`;
        found.set(name, { name, model, field: fk });
      }
    }
    this.reverseCache = found;
    this.reverseCacheSize = registry.size;
    return found;
  }

  /** Reverse relation names a user may name (hidden ones, ending in '+', left out). */
  reverseRelationNames(): string[] {
    return [...this.reverseRelations().keys()].filter((n) => !n.endsWith('+'));
  }

  /** A many-to-many relation by name: declared here (`post.tags`) or pointing here (`tag.posts`). */
  manyRelation(name: string): ManyRelation | undefined {
    return this.manyRelations().get(name);
  }

  manyRelations(): Map<string, ManyRelation> {
    if (this.manyCache && this.manyCacheSize === registry.size) return this.manyCache;
    const found = new Map<string, ManyRelation>();
    for (const model of registry) {
      for (const field of model.meta.manyToMany) {
        // A symmetrical relation has no reverse side (asked only of self relations, the only kind that can be).
        if (field.to.meta === this && !(field.model.meta === this && field.symmetrical)) found.set(field.reverseName, { name: field.reverseName, field, reverse: true });
      }
    }
    // Declared names win over reverse ones: a self-referential field's two sides have different names.
    for (const field of this.manyToMany) found.set(field.name, { name: field.name, field, reverse: false });
    this.manyCache = found;
    this.manyCacheSize = registry.size;
    return found;
  }
}
