import { UsageError } from '../../ground/errors.js';
import type { ForeignKeyDef } from './foreign-key.js';
import type { AnyModel } from '../model-types.js';

export interface ManyToManyOptions {
  /** A model of your own for the join rows (with extra fields); it needs one ForeignKey to each side. */
  through?: () => AnyModel;
  /** Name of the accessor on the target model (`tag.posts`); default `<model>Set`, e.g. `postSet`. */
  relatedName?: string;
  /** Table of the automatic join model; default `<table>_<field>` in snake_case, e.g. `post_tags`. */
  dbTable?: string;
}

/** The join model and its two foreign keys: `source` points at the model declaring the field. */
export interface ManyToManyLink {
  readonly through: AnyModel;
  readonly source: ForeignKeyDef;
  readonly target: ForeignKeyDef;
  /** False for a `through` model of the user's: its pairs may repeat unless it says otherwise. */
  readonly autoCreated: boolean;
}

/** Made by the query layer (which can define models) when the field joins its model. */
export type ThroughFactory = (field: ManyToManyDef) => ManyToManyLink;

/**
 * A many-to-many relation. It has no column on its model: the pairs live in a join model, created
 * automatically (table `<table>_<field>`, one ForeignKey to each side, the pair unique) or given as
 * `through`. Kept apart from the model's fields, so nothing that reads or writes columns sees it.
 */
export class ManyToManyDef<M extends AnyModel = AnyModel> {
  declare readonly __manyToMany: M;
  readonly kind = 'manyToMany' as const;
  readonly relatedName: string | undefined;
  readonly dbTable: string | undefined;
  readonly throughOption: (() => AnyModel) | undefined;
  private readonly target: () => M;
  private owner: { name: string; model: AnyModel; makeLink: ThroughFactory } | undefined;
  private linkValue: ManyToManyLink | undefined;

  constructor(to: () => M, options: ManyToManyOptions = {}) {
    this.target = to;
    this.relatedName = options.relatedName;
    this.dbTable = options.dbTable;
    this.throughOption = options.through;
  }

  /** Called once by `model()`, after the model's class exists. */
  attach(name: string, model: AnyModel, makeLink: ThroughFactory): void {
    if (this.owner) throw new UsageError('MODEL_INVALID', `field ${model.meta.name}.${name} is already used by ${this.owner.model.meta.name}.${this.owner.name}: create a new field object for each model`);
    this.owner = { name, model, makeLink };
  }

  get name(): string {
    return this.bound.name;
  }
  /** The model that declares the field. */
  get model(): AnyModel {
    return this.bound.model;
  }
  /** The related model; a function so that models may refer to each other before both exist. */
  get to(): M {
    const m = this.target();
    if (!m || typeof m !== 'function' || !('meta' in m)) {
      throw new TypeError(`ManyToManyField ${this.describe()}: the target is not a model (pass a function returning one, e.g. () => Tag)`);
    }
    return m;
  }
  /** The join model, found or made on first use: by then both sides exist. */
  get link(): ManyToManyLink {
    if (!this.linkValue) this.linkValue = this.bound.makeLink(this);
    return this.linkValue;
  }
  /** The accessor name on the target model. */
  get reverseName(): string {
    const source = this.model.meta.name;
    return this.relatedName ?? `${source.charAt(0).toLowerCase()}${source.slice(1)}Set`;
  }

  describe(): string {
    return this.owner ? `${this.owner.model.meta.name}.${this.owner.name}` : 'a ManyToManyField';
  }

  private get bound(): { name: string; model: AnyModel; makeLink: ThroughFactory } {
    if (!this.owner) throw new UsageError('MODEL_INVALID', 'ManyToManyField is not part of a model yet');
    return this.owner;
  }
}

export type AnyManyToMany = ManyToManyDef<any>;

export function ManyToManyField<M extends AnyModel>(to: () => M, options?: ManyToManyOptions): ManyToManyDef<M> {
  return new ManyToManyDef(to, options);
}
