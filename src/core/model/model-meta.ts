import type { AnyField } from './field.js';
import { ForeignKeyDef } from './fields/foreign-key.js';
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
  private readonly byName = new Map<string, AnyField>();
  private reverseCache: Map<string, ReverseRelation> | undefined;
  private reverseCacheSize = -1;

  constructor(init: { name: string; tableName: string; fields: readonly AnyField[]; pk: AnyField; indexes: readonly IndexDef[]; ordering: readonly string[] }) {
    this.name = init.name;
    this.tableName = init.tableName;
    this.fields = init.fields;
    this.pk = init.pk;
    this.indexes = init.indexes;
    this.ordering = init.ordering;
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
        const name = fk.relatedName ?? `${lowerFirst(model.meta.name)}Set`;
        found.set(name, { name, model, field: fk });
      }
    }
    this.reverseCache = found;
    this.reverseCacheSize = registry.size;
    return found;
  }
}
