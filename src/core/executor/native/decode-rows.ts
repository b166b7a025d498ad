/**
 * Decodes one packed result set (native/src/rows.rs). The column header is read once per shape: the
 * shape's decoder is generated code with one inline read per column, trying the tag that column
 * usually carries first, and building each row as an array literal. All strings of a result arrive
 * as one UTF-8 section, decoded with one call and sliced (V8 shares the memory of longer slices).
 */
import type { QueryResult, RowMapper } from '../executor.js';
import { HINT_ANY, Tag } from './wire-codes.js';

/** `m`: maps each row as it is built (Queryable.queryMapped); the rows array then holds what it returns. */
type RowsDecoder = (b: Buffer, dv: DataView, p: number, n: number, S: string, m: RowMapper<unknown> | undefined) => unknown[];

interface Shape {
  readonly columns: readonly string[];
  readonly decode: RowsDecoder;
  /** The header bytes this shape was read from. */
  readonly header: Uint8Array;
}

const MAX_SHAPES = 2000;
const shapes = new Map<number, Shape>();

const U32 = 'b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)';

/** Code that reads the value of tag `t` at `p` into `v`, advancing `p` (and `s` within the strings). */
function readCase(tag: number): string {
  switch (tag) {
    case Tag.null:
      return 'v = null;';
    case Tag.i32:
      return `v = ${U32}; p += 4;`;
    case Tag.f64:
      return 'v = dv.getFloat64(p, true); p += 8;';
    case Tag.str:
      return `l = (${U32}) >>> 0; p += 4; v = S.slice(s, s += l);`;
    case Tag.bytes:
      return `l = (${U32}) >>> 0; p += 4; v = Buffer.from(b.subarray(p, p += l));`;
    case Tag.true:
      return 'v = true;';
    case Tag.false:
      return 'v = false;';
    case Tag.date:
      return 'v = new Date(dv.getFloat64(p, true)); p += 8;';
    case Tag.i64:
      return 'v = dv.getBigInt64(p, true); p += 8;';
    default:
      throw new Error(`unknown value tag ${tag}`);
  }
}

const ALL_TAGS = Object.values(Tag);
const SWITCH = `switch (t) { ${ALL_TAGS.map((t) => `case ${t}: ${readCase(t)} break;`).join(' ')} default: throw new Error('corrupt result: tag ' + t); }`;

function columnCode(hint: number, i: number): string {
  const fast = hint === HINT_ANY ? '' : `if (t === ${hint}) { ${readCase(hint)} } else `;
  return `t = b[p++]; ${fast}{ ${SWITCH} } const c${i} = v;`;
}

function compile(hints: readonly number[]): RowsDecoder {
  const cols = hints.map((hint, i) => columnCode(hint, i)).join('\n      ');
  const row = hints.map((_, i) => `c${i}`).join(', ');
  const body = `
    const rows = new Array(n);
    let s = 0, t = 0, l = 0, v = null;
    for (let r = 0; r < n; r++) {
      ${cols}
      rows[r] = m === undefined ? [${row}] : m([${row}]);
    }
    return rows;`;
  return new Function('b', 'dv', 'p', 'n', 'S', 'm', body) as RowsDecoder;
}

/** The shape decoded last: a statement run in a loop finds its shape without hashing the header. */
let lastShape: Shape | undefined;

/** Where the column header at `start` ends. */
function headerEnd(b: Buffer, start: number): number {
  const count = b[start]! | (b[start + 1]! << 8);
  let p = start + 2;
  for (let i = 0; i < count; i++) p += 3 + (b[p + 1]! | (b[p + 2]! << 8));
  return p;
}

/** Finds the shape of the header in [start, end): the last one, or by a hash of its bytes, checked byte by byte. */
function shapeAt(b: Buffer, start: number, end: number): Shape {
  if (lastShape === undefined || !sameBytes(lastShape.header, b, start, end)) lastShape = lookupShape(b, start, end);
  return lastShape;
}

function lookupShape(b: Buffer, start: number, end: number): Shape {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  let shape = shapes.get(h);
  if (shape === undefined || !sameBytes(shape.header, b, start, end)) {
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shape = readShape(b, start, b[start]! | (b[start + 1]! << 8), end);
    shapes.set(h, shape);
  }
  return shape;
}

function sameBytes(header: Uint8Array, b: Buffer, start: number, end: number): boolean {
  if (header.length !== end - start) return false;
  for (let i = 0; i < header.length; i++) if (header[i] !== b[start + i]) return false;
  return true;
}

function readShape(b: Buffer, start: number, count: number, end: number): Shape {
  let p = start + 2;
  const names: string[] = [];
  const hints: number[] = [];
  for (let i = 0; i < count; i++) {
    hints.push(b[p]!);
    const len = b.readUInt16LE(p + 1);
    names.push(b.toString('utf8', p + 3, p + 3 + len));
    p += 3 + len;
  }
  return { columns: Object.freeze(names), decode: compile(hints), header: Uint8Array.prototype.slice.call(b, start, end) };
}

/** The result set packed in `b` from `start`; `dv` views all of `b`. */
export function decodeRows(b: Buffer, dv: DataView, start: number): QueryResult {
  return decode(b, dv, start, undefined) as QueryResult;
}

/** The result set packed in `b` from `start`, each row handed to `mapRow` as it is decoded. */
export function decodeMappedRows<T>(b: Buffer, dv: DataView, start: number, mapRow: RowMapper<T>): T[] {
  return decode(b, dv, start, mapRow).rows as T[];
}

function decode(b: Buffer, dv: DataView, start: number, mapRow: RowMapper<unknown> | undefined): { columns: readonly string[]; rows: unknown[] } {
  const end = headerEnd(b, start);
  const shape = shapeAt(b, start, end);
  const n = dv.getUint32(end, true);
  const bodyLen = dv.getUint32(end + 4, true);
  const body = end + 8;
  const strStart = body + bodyLen + 4;
  const strLen = dv.getUint32(body + bodyLen, true);
  const S = strLen === 0 ? '' : b.toString('utf8', strStart, strStart + strLen);
  return { columns: shape.columns, rows: n === 0 ? [] : shape.decode(b, dv, body, n, S, mapRow) };
}
