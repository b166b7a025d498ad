/**
 * What every model instance can do. The methods live on each model's prototype; the work is done by
 * the query layer (src/core/query/persistence.ts), so instances stay plain data objects.
 */
import type { AnyModel } from './model-types.js';
import { deleteInstance, saveInstance } from '../query/persistence.js';

export interface SaveOptions {
  /** Database name from the connection config; default 'default' (or the transaction's). */
  using?: string;
  /** Update only these attributes (an UPDATE, never an INSERT). */
  updateFields?: readonly string[];
  /** Force an INSERT even when the primary key is set. */
  forceInsert?: boolean;
}

export interface ModelInstanceMethods {
  /** INSERT when new (primary key unset), UPDATE otherwise; fills the generated primary key. */
  save(options?: SaveOptions): Promise<this>;
  /** DELETE this row; returns the number of rows deleted (cascades are the database's). */
  delete(options?: { using?: string }): Promise<number>;
  /** The primary key's value. */
  readonly pk: unknown;
  /** Attribute values plus loaded relations, for JSON.stringify. */
  toJSON(): Record<string, unknown>;
}

export const RESERVED_NAMES = new Set(['save', 'delete', 'pk', 'toJSON', 'constructor', 'meta', 'prototype']);

export function installInstanceMethods(model: AnyModel): void {
  const proto = model.prototype as unknown as Record<string, unknown>;
  const meta = model.meta;
  Object.defineProperties(proto, {
    save: {
      value: function save(this: Record<string, unknown>, options?: SaveOptions) {
        return saveInstance(model, this, options);
      },
    },
    delete: {
      value: function del(this: Record<string, unknown>, options?: { using?: string }) {
        return deleteInstance(model, this, options);
      },
    },
    pk: {
      get(this: Record<string, unknown>) {
        return this[meta.pk.attname];
      },
    },
    toJSON: {
      value: function toJSON(this: Record<string, unknown>) {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(this)) {
          const v = this[key];
          out[key] = typeof v === 'bigint' ? v.toString() : v;
        }
        return out;
      },
    },
  });
}
