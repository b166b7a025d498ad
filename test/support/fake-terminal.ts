/** What Ink needs of a terminal, for testing a live view's start and exit without one. */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/** An output stream that keeps what was written. */
export function capture(): NodeJS.WriteStream & { text: string } {
  const stream = Object.assign(new EventEmitter(), {
    text: '',
    write(chunk: string, callback?: () => void) {
      stream.text += chunk;
      callback?.();
      return true;
    },
  });
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

/** A terminal's stdin as far as Ink uses it: raw mode, and keys read on 'readable'. */
export class FakeTtyStdin extends EventEmitter {
  readonly isTTY = true;
  isRaw = false;
  private pending: string | null = null;
  readonly setRawMode = vi.fn((on: boolean) => {
    this.isRaw = on;
    return this;
  });
  setEncoding(): void {}
  ref(): void {}
  unref(): void {}
  resume(): void {}
  pause(): void {}
  read = (): string | null => {
    const data = this.pending;
    this.pending = null;
    return data;
  };
  press(key: string): void {
    this.pending = key;
    this.emit('readable');
  }
}
