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
  /**
   * For a relation of a model to itself: whether it holds both ways, as Django's `symmetrical` (the
   * default there). `a.friends.add(b)` then also makes `a` one of `b.friends`, and there is no reverse
   * accessor. `false` makes it directed: `a.follows` and its reverse `b.<relatedName>`.
   */
  symmetrical?: boolean;
  /**
   * With `through`: the names of its ForeignKey to this model and of its ForeignKey to the target, as
   * Django's `through_fields`; needed when the through model has more than one key to either side.
   */
  throughFields?: readonly [source: string, target: string];
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
  readonly throughFields: readonly [string, string] | undefined;
  private readonly symmetricalOption: boolean | undefined;
  private readonly target: () => M;
  private owner: { name: string; model: AnyModel; makeLink: ThroughFactory } | undefined;
  private linkValue: ManyToManyLink | undefined;

  constructor(to: () => M, options: ManyToManyOptions = {}) {
    this.target = to;
    this.relatedName = options.relatedName;
    this.dbTable = options.dbTable;
    this.throughOption = options.through;
    this.throughFields = options.throughFields;
    this.symmetricalOption = options.symmetrical;
    if (options.throughFields !== undefined && !options.through) {
      throw new UsageError('MODEL_INVALID', 'ManyToManyField: throughFields names the keys of a through model; give the model as through too');
    }
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
  /**
   * Whether the pairs hold both ways: by default for a relation of a model to itself, as in Django.
   * Each pair is stored in both directions, so every read goes through the source key alone.
   */
  get symmetrical(): boolean {
    const self = this.to.meta === this.model.meta;
    if (this.symmetricalOption && !self) {
      throw new UsageError('MODEL_INVALID', `ManyToManyField ${this.describe()}: symmetrical applies to a relation of a model to itself, and ${this.to.meta.name} is not ${this.model.meta.name}`);
    }
    const symmetrical = this.symmetricalOption ?? self;
    if (symmetrical && this.relatedName !== undefined) {
      // Django ignores the name here; a user who gave one most likely meant a directed relation.
      throw new UsageError(
        'MODEL_INVALID',
        `ManyToManyField ${this.describe()}: a relation of a model to itself is symmetrical by default and has no reverse accessor, so relatedName ${JSON.stringify(this.relatedName)} has nothing to name; pass symmetrical: false for a directed relation`,
      );
    }
    return symmetrical;
  }

  /** The accessor name on the target model (a symmetrical relation has none). */
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
