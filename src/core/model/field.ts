/**
 * Field definitions. A field is plain configuration plus two conversions: `toDb` (JS value → a bound
 * parameter for one dialect: the field checks and normalises the value, the database's codec spells it
 * for its driver) and `fromDb` (what the executor returned → the JS value). The phantom type
 * parameters carry the JS type, nullability, whether a value may be omitted on create, and whether the
 * field is the primary key; the model's row and input types are computed from them.
 */
import type { DialectName, SqlValue } from '../ground/values.js';
import { UsageError } from '../ground/errors.js';
import type { ToDriver } from '../dialect/codec.js';
import { dialects } from '../dialect/dialects.js';
import type { FieldKind } from '../dialect/field-kind.js';
import type { OnDelete } from '../dialect/schema-state.js';

export type { FieldKind, OnDelete };


export interface FieldOptions<T = unknown> {
  primaryKey?: boolean;
  null?: boolean;
  /** A value, or a function called for each new row. */
  default?: T | (() => T);
  unique?: boolean;
  dbIndex?: boolean;
  /** Column name; defaults to the attribute name in snake_case (ForeignKey: `<name>_id`). */
  column?: string;
}

export interface FieldBinding {
  /** Attribute name on the model (for a ForeignKey, the relation name: `author`). */
  readonly name: string;
  /** Attribute that holds the column's value (`author` → `authorId`; same as name otherwise). */
  readonly attname: string;
  readonly column: string;
  readonly modelName: string;
}

export abstract class Field<T = unknown, N extends boolean = boolean, D extends boolean = boolean, P extends boolean = boolean> {
  declare readonly __type: T;
  declare readonly __null: N;
  declare readonly __optional: D;
  declare readonly __pk: P;

  abstract readonly kind: FieldKind;
  readonly options: FieldOptions<T>;
  private bindingValue: FieldBinding | undefined;

  constructor(options: FieldOptions<T> = {}) {
    this.options = options;
  }

  get primaryKey(): boolean {
    return this.options.primaryKey === true;
  }
  get nullable(): boolean {
    return this.options.null === true;
  }
  get hasDefault(): boolean {
    return this.options.default !== undefined;
  }
  /** Filled by the database on insert (auto ids, autoNow timestamps are filled by Oxen instead). */
  get dbGenerated(): boolean {
    return false;
  }

  /** Called once by `model()`. */
  bind(binding: FieldBinding): void {
    if (this.bindingValue) throw new UsageError('MODEL_INVALID', `field ${binding.modelName}.${binding.name} is already used by ${this.bindingValue.modelName}.${this.bindingValue.name}: create a new field object for each model`);
    this.bindingValue = binding;
    this.name = binding.name;
    this.attname = binding.attname;
    this.column = binding.column;
  }
  get binding(): FieldBinding {
    if (!this.bindingValue) throw new UsageError('MODEL_INVALID', 'field is not part of a model yet');
    return this.bindingValue;
  }
  /**
   * The codec's conversion for the database last written to, looked up once rather than per value: bulk
   * writes call toDb for every value, and a process nearly always talks to one kind of database.
   */
  private driverDialect: DialectName | undefined = undefined;
  private toDriver: ToDriver | undefined = undefined;

  /** Plain properties rather than getters: the query builder reads them on every call. Set by bind(). */
  name!: string;
  attname!: string;
  column!: string;

  defaultValue(): T | undefined {
    const d = this.options.default;
    return typeof d === 'function' ? (d as () => T)() : d;
  }

  /** The JS value → a bound parameter. `null` passes through (NOT NULL is the database's to enforce). */
  toDb(value: unknown, dialect: DialectName): SqlValue {
    if (value === null || value === undefined) return null;
    const checked = this.encode(value, dialect);
    if (dialect !== this.driverDialect) {
      this.toDriver = dialects[dialect].codec.toDriver[this.kind];
      this.driverDialect = dialect;
    }
    const toDriver = this.toDriver;
    return toDriver === undefined ? checked : toDriver(checked, this);
  }

  /** The executor's value → the JS value. */
  fromDb(raw: unknown, dialect: DialectName): T | null {
    if (raw === null || raw === undefined) return null;
    return this.decode(raw, dialect);
  }

  /** Checks the value and normalises it, the same on every database (the codec does the rest). */
  protected abstract encode(value: unknown, dialect: DialectName): SqlValue;
  protected abstract decode(raw: unknown, dialect: DialectName): T;

  /** `User.email`, or `a text field` before the field joins a model. */
  describe(): string {
    return this.bindingValue ? `${this.bindingValue.modelName}.${this.bindingValue.name}` : `a ${this.kind} field`;
  }

  protected invalid(value: unknown, expected: string): UsageError {
    const where = this.bindingValue ? `${this.bindingValue.modelName}.${this.bindingValue.name}` : this.kind;
    const shown = typeof value === 'string' ? JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value) : typeof value === 'bigint' ? `${value}n` : String(value);
    return new UsageError('VALUE_INVALID', `invalid value ${shown} for ${where}: expected ${expected}`);
  }
}

export type AnyField = Field<any, boolean, boolean, boolean>;
