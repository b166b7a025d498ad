/**
 * TechEmpower's "fortunes" test: the rows of a small table, one more added at request time, sorted by
 * message and rendered as an HTML table with every message escaped. The seeded messages are
 * TechEmpower's own, a script tag and non-ASCII text among them, so escaping and encoding are checked
 * by every answer.
 */
import { AutoField } from '../../model/fields/numeric-fields.js';
import { CharField } from '../../model/fields/text-fields.js';
import { model } from '../../query/model.js';

export interface Fortune {
  readonly id: number;
  readonly message: string;
}

export const FORTUNES: readonly string[] = [
  'fortune: No such file or directory',
  "A computer scientist is someone who fixes things that aren't broken.",
  'After enough decimal places, nobody gives a damn.',
  'A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1',
  'A computer program does what you tell it to do, not what you want it to do.',
  'Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen',
  'Any program that runs right is obsolete.',
  'A list is only as strong as its weakest link. — Donald Knuth',
  'Feature: A bug with seniority.',
  'Computers make very fast, very accurate mistakes.',
  '<script>alert("This should not be displayed in a browser alert box.");</script>',
  'フレームワークのベンチマーク',
];

/** The row every answer adds before sorting. */
export const ADDED_FORTUNE: Fortune = { id: 0, message: 'Additional fortune added at request time.' };

export function defineFortuneModel(prefix: string) {
  return model('BenchFortune', { id: AutoField(), message: CharField({ maxLength: 2048 }) }, { tableName: `${prefix}fortunes` });
}

export type FortuneModel = ReturnType<typeof defineFortuneModel>;

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** The page for `rows` (the table's rows): ADDED_FORTUNE added, sorted by message (code units, as TechEmpower sorts). */
export function fortunesPage(rows: readonly Fortune[]): string {
  const all = [...rows, ADDED_FORTUNE].sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  const body = all.map((f) => `<tr><td>${f.id}</td><td>${escapeHtml(f.message)}</td></tr>`).join('');
  return `<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>${body}</table></body></html>`;
}

/** The page every correct answer is: the seeded rows with ids 1 … 12. */
export function expectedFortunesPage(): string {
  return fortunesPage(FORTUNES.map((message, i) => ({ id: i + 1, message })));
}
