/**
 * The numbers of the request and completion layouts are named once in Rust (native/src/wire_codes.rs)
 * and once in TypeScript (src/core/executor/native/wire-codes.ts): the addon's `wireCodes()` lists the
 * Rust ones, which must be exactly the TypeScript ones. Names are compared without case or
 * underscores (Rust `SERVER_VERSION`, `PoolTimeout` and `paramTag` are TypeScript `serverVersion`,
 * `poolTimeout` and `ParamTag`).
 */
import { describe, expect, it } from 'vitest';
import * as wire from '../../src/core/executor/native/wire-codes.js';
import { isNativeAvailable, loadNativeAddon } from '../../src/core/executor/native/load-native-addon.js';

type Codes = number | { readonly [name: string]: number };

interface WireCodesAddon {
  wireCodes(): Record<string, Codes>;
}

function key(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

/** The groups and codes under normalised names; fails if two names normalise to the same one. */
function normalise(groups: Readonly<Record<string, Codes>>): Record<string, Codes> {
  const rename = <T>(entries: [string, T][]): Record<string, T> => {
    const out = Object.fromEntries(entries.map(([name, value]) => [key(name), value]));
    expect(Object.keys(out)).toHaveLength(entries.length);
    return out;
  };
  return rename(
    Object.entries(groups).map(([name, codes]): [string, Codes] => [
      name,
      typeof codes === 'number' ? codes : rename(Object.entries(codes)),
    ]),
  );
}

// Without the addon there is nothing to compare; OXEN_NATIVE_REQUIRED=1 (CI) makes that a failure.
const skip = !isNativeAvailable() && process.env.OXEN_NATIVE_REQUIRED !== '1';

describe.skipIf(skip)('wire codes', () => {
  it('are the same in Rust and TypeScript, with the same names and numbers', () => {
    const addon = loadNativeAddon() as unknown as WireCodesAddon;
    expect(typeof addon.wireCodes).toBe('function');
    const rust = normalise(addon.wireCodes());
    const ts = normalise(wire as unknown as Record<string, Codes>);
    expect(rust).toStrictEqual(ts);
  });

  it('give each code of a group its own number', () => {
    for (const codes of Object.values(wire as unknown as Record<string, Codes>)) {
      if (typeof codes === 'number') continue;
      const numbers = Object.values(codes);
      expect(new Set(numbers).size).toBe(numbers.length);
    }
  });
});
