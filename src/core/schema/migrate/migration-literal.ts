/**
 * Plain data as a TypeScript literal, laid out the way a person would write it: a value that fits on
 * its line stays on one line, anything longer opens one entry a line. Keys keep their order (the
 * writer hands over operations normalised by migration-shape.ts, so that order is the shape's own),
 * strings are single-quoted with everything unsafe escaped, and only what JSON holds can be written:
 * a function, bigint, Date or undefined in an operation is a bug upstream, said rather than guessed at.
 */
const WIDTH = 120;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `value` as TypeScript source; lines after the first are indented by `indent` spaces. */
export function literal(value: unknown, indent = 0, lead = indent, path = 'value'): string {
  if (!isContainer(value)) return inline(value, path);
  // +1: the comma or bracket that follows.
  const flat = inlineWithin(value, path, WIDTH - lead - 1);
  if (flat !== undefined) return flat;
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    const items = value.map((v, i) => `${pad}${literal(v, indent + 2, indent + 2, `${path}[${i}]`)},`);
    return `[\n${items.join('\n')}\n${' '.repeat(indent)}]`;
  }
  const entries = definedEntries(value as Record<string, unknown>).map(([k, v]) => {
    const key = `${property(k)}: `;
    return `${pad}${key}${literal(v, indent + 2, indent + 2 + key.length, `${path}.${k}`)},`;
  });
  return `{\n${entries.join('\n')}\n${' '.repeat(indent)}}`;
}

function inline(value: unknown, path: string): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path}: ${value} cannot be written to a migration file`);
    return Object.is(value, -0) ? '0' : String(value);
  }
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${value.map((v, i) => inline(v, `${path}[${i}]`)).join(', ')}]`;
  if (isContainer(value)) {
    const entries = definedEntries(value).map(([k, v]) => `${property(k)}: ${inline(v, `${path}.${k}`)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  throw new Error(`${path}: ${typeof value === 'function' ? 'a function' : typeof value} cannot be written to a migration file (only JSON values can)`);
}

/**
 * `inline(value)` when it is at most `room` characters long, else undefined — found out as soon as the
 * line is too long, so a large operation is not written out whole at every level it is laid out at.
 */
function inlineWithin(value: unknown, path: string, room: number): string | undefined {
  if (!isContainer(value)) {
    const flat = inline(value, path);
    return flat.length <= room ? flat : undefined;
  }
  const array = Array.isArray(value);
  const entries: [string, unknown][] = array ? value.map((v, i) => [`[${i}]`, v]) : definedEntries(value);
  if (entries.length === 0) return room >= 2 ? (array ? '[]' : '{}') : undefined;
  // The brackets, and for an object the spaces inside them.
  let used = array ? 2 : 4;
  const parts: string[] = [];
  for (const [k, v] of entries) {
    const key = array ? '' : `${property(k)}: `;
    const sep = parts.length === 0 ? 0 : 2;
    const part = inlineWithin(v, array ? `${path}${k}` : `${path}.${k}`, room - used - sep - key.length);
    if (part === undefined) return undefined;
    used += sep + key.length + part.length;
    parts.push(`${key}${part}`);
  }
  return array ? `[${parts.join(', ')}]` : `{ ${parts.join(', ')} }`;
}

/** Single quotes, as the project's code has them; JSON's escapes cover backslashes, control characters and lone surrogates. */
export function quote(s: string): string {
  const body = JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  // Legal in a string literal since ES2019, but some tools still read them as line ends.
  return `'${body.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
}

function property(key: string): string {
  // `__proto__: x` in a literal sets the prototype rather than a key; a computed key does not.
  if (key === '__proto__') return `['__proto__']`;
  return IDENTIFIER.test(key) ? key : quote(key);
}

/** A key set to undefined is a key left out (the state's canonical form). */
function definedEntries(value: object): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

function isContainer(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
