import type { DialectName, SqlValue } from '../../ground/values.js';
import { Field, type FieldOptions, type OnDelete } from '../field.js';
import type { AnyModel, PkValueOf } from '../model-types.js';
import type { NullOf } from './options.js';

export interface ForeignKeyOptions {
  onDelete?: OnDelete;
  /** Name of the reverse accessor on the target model (`user.posts`); default `<model>Set`, e.g. `postSet`. */
  relatedName?: string;
  null?: boolean;
  /** Indexed unless `dbIndex: false`. */
  dbIndex?: boolean;
  unique?: boolean;
  /** Column name; default `<name>_id` in snake_case. */
  column?: string;
  /** The foreign key constraint's name; default `<table>_<column>_fk`. For a database Oxen did not create (`oxen inspect` writes it). */
  constraintName?: string;
}

/**
 * A many-to-one relation. The model gets two attributes: `<name>Id` holding the column's value, and
 * `<name>`, the related instance once loaded by `selectRelated` / `prefetchRelated` (or assigned).
 */
export class ForeignKeyDef<M extends AnyModel = AnyModel, N extends boolean = boolean> extends Field<PkValueOf<M>, N, N, false> {
  readonly kind = 'foreignKey' as const;
  readonly onDelete: OnDelete;
  readonly relatedName: string | undefined;
  readonly constraintName: string | undefined;
  private readonly target: () => M;
  constructor(to: () => M, options: ForeignKeyOptions = {}) {
    super({ ...options, dbIndex: options.dbIndex !== false } as FieldOptions<PkValueOf<M>>);
    this.target = to;
    this.onDelete = options.onDelete ?? 'CASCADE';
    this.relatedName = options.relatedName;
    this.constraintName = options.constraintName;
  }
  /** The related model; a function so that models may refer to each other before both exist. */
  get to(): M {
    const m = this.target();
    if (!m || typeof m !== 'function' || !('meta' in m)) {
      throw new TypeError(`ForeignKey ${this.binding.modelName}.${this.name}: the target is not a model (pass a function returning one, e.g. () => User)`);
    }
    return m;
  }
  private get targetPk(): Field {
    return this.to.meta.pk;
  }
  protected encode(value: unknown, dialect: DialectName): SqlValue {
    const pk = this.targetPk;
    const id = value !== null && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array) ? (value as Record<string, unknown>)[pk.attname] : value;
    if (id === undefined || id === null) throw this.invalid(value, `a ${this.to.meta.name} id or a saved ${this.to.meta.name}`);
    return pk.toDb(id, dialect);
  }
  protected decode(raw: unknown, dialect: DialectName): PkValueOf<M> {
    return this.targetPk.fromDb(raw, dialect) as PkValueOf<M>;
  }
}

export function ForeignKey<M extends AnyModel, const O extends ForeignKeyOptions = {}>(to: () => M, options?: O): ForeignKeyDef<M, NullOf<O>> {
  return new ForeignKeyDef(to, options);
}
