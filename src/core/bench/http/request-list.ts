/**
 * The request list `oxen benchmark http --target URL --requests FILE` loads the service with: a JSON
 * file holding an array (or `{ "requests": [...] }`) of
 *
 *   { "name"?: "list posts", "method"?: "GET", "path": "/posts?limit=20",
 *     "headers"?: { "authorization": "Bearer …" }, "body"?: "text" | <any JSON value>, "status"?: 200 }
 *
 * Each request becomes one workload of the report, named by `name` (default `METHOD path`); an answer
 * with another status than `status` (default 200) is an error, not a request per second.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../../ground/errors.js';

export interface HttpRequestSpec {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly status: number;
  /** What is wrong with an answer's body (the status was the expected one), or undefined; absent: any body will do. */
  readonly verify?: (body: string) => string | undefined;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const FIELDS = ['name', 'method', 'path', 'headers', 'body', 'status'];

export function loadRequestList(file: string): HttpRequestSpec[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError('USAGE', `--requests ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError('USAGE', `--requests ${file}: not valid JSON (${(error as Error).message}); give an array of { "method", "path", "status" }`);
  }
  return parseRequestList(value, `--requests ${file}`);
}

export function parseRequestList(value: unknown, where: string): HttpRequestSpec[] {
  const list = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.requests) ? value.requests : undefined;
  if (!list) throw new UsageError('USAGE', `${where}: expected an array of requests, or { "requests": [...] }`);
  if (list.length === 0) throw new UsageError('USAGE', `${where}: the request list is empty; give at least one { "path": "/" }`);
  const specs = list.map((entry, i) => parseRequest(entry, `${where}: request ${i + 1}`));
  const seen = new Set<string>();
  for (const [i, spec] of specs.entries()) {
    if (seen.has(spec.name)) throw new UsageError('USAGE', `${where}: request ${i + 1}: another request is also named "${spec.name}"; give each a distinct "name"`);
    seen.add(spec.name);
  }
  return specs;
}

function parseRequest(entry: unknown, where: string): HttpRequestSpec {
  if (!isObject(entry)) throw new UsageError('USAGE', `${where}: expected an object such as { "method": "GET", "path": "/" }`);
  const unknown = Object.keys(entry).filter((k) => !FIELDS.includes(k));
  if (unknown.length > 0) throw new UsageError('USAGE', `${where}: unknown field "${unknown[0]}"; the fields are ${FIELDS.join(', ')}`);

  const method = entry.method === undefined ? 'GET' : entry.method;
  if (typeof method !== 'string' || !METHODS.includes(method.toUpperCase())) {
    throw new UsageError('USAGE', `${where}: "method" must be one of ${METHODS.join(', ')}, not ${JSON.stringify(method)}`);
  }
  const path = entry.path;
  if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path)) {
    throw new UsageError('USAGE', `${where}: "path" must be a string starting with "/" and without spaces, not ${JSON.stringify(path)}`);
  }
  const status = entry.status === undefined ? 200 : entry.status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    throw new UsageError('USAGE', `${where}: "status" (the status expected) must be a whole number from 100 to 599, not ${JSON.stringify(status)}`);
  }
  const headers: Record<string, string> = {};
  if (entry.headers !== undefined) {
    if (!isObject(entry.headers)) throw new UsageError('USAGE', `${where}: "headers" must be an object of header names to strings`);
    for (const [header, v] of Object.entries(entry.headers)) {
      if (typeof v !== 'string') throw new UsageError('USAGE', `${where}: header "${header}" must be a string, not ${JSON.stringify(v)}`);
      headers[header.toLowerCase()] = v;
    }
  }
  let body: string | undefined;
  if (entry.body !== undefined) {
    if (typeof entry.body === 'string') {
      body = entry.body;
    } else {
      body = JSON.stringify(entry.body);
      headers['content-type'] ??= 'application/json';
    }
  }
  const name = entry.name === undefined ? `${method.toUpperCase()} ${path}` : entry.name;
  if (typeof name !== 'string' || name.trim() === '') throw new UsageError('USAGE', `${where}: "name" must be a non-empty string`);
  return { name, method: method.toUpperCase(), path, headers, body, status };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
