/**
 * Installs what every model instance can do (model/instance-types.ts) on each model's prototype; the
 * work is done by persistence.ts, so instances stay plain data objects.
 */
import type { SaveOptions } from '../model/instance-types.js';
import type { AnyModel } from '../model/model-types.js';
import { deleteInstance, saveInstance } from './persistence.js';

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
