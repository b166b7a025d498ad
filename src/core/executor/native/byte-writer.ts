/** A growable little-endian byte buffer, reused from batch to batch. */
export class ByteWriter {
  protected buf = Buffer.allocUnsafe(64 * 1024);
  protected pos = 0;

  get empty(): boolean {
    return this.pos === 0;
  }

  /** The buffer holding the bytes written (reused: valid until the next write). */
  get buffer(): Buffer {
    return this.buf;
  }

  /** The length written, resetting the writer for the next batch. */
  take(): number {
    const length = this.pos;
    this.pos = 0;
    return length;
  }

  protected ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  protected u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  protected u16(v: number): void {
    this.ensure(2);
    this.pos = this.buf.writeUInt16LE(v, this.pos);
  }

  protected u32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeUInt32LE(v, this.pos);
  }

  protected f64(v: number): void {
    this.ensure(8);
    this.pos = this.buf.writeDoubleLE(v, this.pos);
  }

  /** u32 byte length, then UTF-8. */
  protected text(s: string): void {
    this.ensure(4 + s.length * 3);
    const written = this.buf.write(s, this.pos + 4, 'utf8');
    this.buf.writeUInt32LE(written, this.pos);
    this.pos += 4 + written;
  }

  /** u16 byte length, then UTF-8: table and column names. */
  protected name(s: string): void {
    this.ensure(2 + s.length * 3);
    const written = this.buf.write(s, this.pos + 2, 'utf8');
    this.buf.writeUInt16LE(written, this.pos);
    this.pos += 2 + written;
  }

  protected i64(v: bigint): void {
    this.ensure(8);
    this.pos = this.buf.writeBigInt64LE(v, this.pos);
  }

  protected bytes(v: Uint8Array): void {
    this.ensure(4 + v.byteLength);
    this.pos = this.buf.writeUInt32LE(v.byteLength, this.pos);
    this.buf.set(v, this.pos);
    this.pos += v.byteLength;
  }
}
