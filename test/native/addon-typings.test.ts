/**
 * The addon's generated typings (native/index.d.ts, written by the napi build) are snapshot-tested: a
 * change to the Rust API shows up here as a diff, to be mirrored in src/core/executor/native/native-addon.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const typings = readFileSync(new URL('../../native/index.d.ts', import.meta.url), 'utf8');

describe('native addon typings', () => {
  it('match the snapshot', () => {
    expect(typings).toMatchSnapshot();
  });

  it('declare what native-addon.ts relies on', () => {
    for (const declaration of [
      'export declare class NativeClient',
      'constructor(options: ConnectOptions, wake: () => void)',
      'submit(requests: Uint8Array, length: number): void',
      'drain(out: Uint8Array): number',
      'export declare class NativeSqlite',
      'constructor(filename: string, mode: string, busyTimeoutMs: number, maxResultBytes?: number | undefined | null)',
      'runner(): (requests: Uint8Array, length: number, out: Uint8Array) => number',
      'export declare function nativeBuildInfo(): NativeBuildInfo',
    ]) {
      expect(typings).toContain(declaration);
    }
  });
});
