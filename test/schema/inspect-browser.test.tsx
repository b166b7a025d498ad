/**
 * The `oxen inspect` browser (Ink) on hand-built inspections: no database. Keys go in through
 * ink-testing-library's stdin; the screen is read from its last frame.
 */
import { render } from 'ink-testing-library';
import { capture, FakeTtyStdin } from '../support/fake-terminal.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Inspection } from '../../src/core/dialect/introspector.js';
import type { TableState } from '../../src/core/dialect/schema-state.js';
import { browseInspection } from '../../src/ui/inspect/ink-inspect-browser.js';
import { InspectBrowser } from '../../src/ui/inspect/inspect-browser.js';
import { showInspection } from '../../src/ui/inspect/inspect-view.js';
import { renderPlainInspection } from '../../src/ui/inspect/plain-inspection.js';
import { warningLines } from '../../src/ui/inspect/warning-lines.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** React applies state changes from outside its own events on a later tick: wait until Ink stops writing frames. */
async function settle(frames: readonly unknown[]): Promise<void> {
  await sleep(15);
  for (let seen = -1, i = 0; frames.length !== seen && i < 50; i++) {
    seen = frames.length;
    await sleep(10);
  }
}

const ESC = '\u001B';
const ENTER = '\r';
const DOWN = '\u001B[B';
const UP = '\u001B[A';
const END = '\u001B[F';
const BACKSPACE = '\u007F';
const CTRL_C = '\u0003';

/** A small schema with one of everything the browser shows. */
function sakilaLike(): Inspection {
  return {
    schema: 'public',
    state: {
      version: 2,
      dialect: 'postgres',
      tables: [
        {
          name: 'actor',
          columns: [
            { name: 'actor_id', type: { kind: 'auto' }, nullable: false, dbType: 'integer' },
            { name: 'first_name', type: { kind: 'char', maxLength: 45 }, nullable: false, dbType: 'character varying(45)' },
            { name: 'last_update', type: { kind: 'datetime' }, nullable: false, default: { kind: 'now', onUpdate: false }, dbType: 'timestamp with time zone' },
          ],
          primaryKey: ['actor_id'],
          uniques: [],
          indexes: [{ name: 'idx_actor_first_name', columns: ['first_name'], unique: false }],
          foreignKeys: [],
          checks: [],
          comment: 'people who act',
        },
        {
          name: 'film',
          columns: [
            { name: 'film_id', type: { kind: 'auto' }, nullable: false, dbType: 'integer' },
            { name: 'title', type: { kind: 'text' }, nullable: false, dbType: 'text', comment: 'as released' },
            { name: 'code', type: { kind: 'char', maxLength: 12 }, nullable: true, dbType: 'character varying(12)' },
            { name: 'rental_rate', type: { kind: 'decimal', precision: 4, scale: 2 }, nullable: false, default: { kind: 'value', value: '4.99' }, dbType: 'numeric(4,2)' },
            { name: 'rating', type: { kind: 'raw', spelling: 'mpaa_rating' }, nullable: true, default: { kind: 'value', value: 'G' }, dbType: 'mpaa_rating' },
            { name: 'fulltext', type: { kind: 'raw', spelling: 'tsvector' }, nullable: false, dbType: 'tsvector' },
            { name: 'slug', type: { kind: 'text' }, nullable: true, dbType: 'text', generated: { expression: 'lower(title)', stored: true } },
            { name: 'original_language_id', type: { kind: 'int' }, nullable: true, dbType: 'smallint' },
          ],
          primaryKey: ['film_id'],
          uniques: [{ name: 'film_code_key', columns: ['code'] }],
          indexes: [
            { name: 'film_fulltext_idx', columns: ['fulltext'], unique: false, method: 'gist' },
            { name: 'idx_title_lower', columns: ['title'], unique: false, expression: 'lower(title)' },
            { name: 'idx_cheap', columns: ['rental_rate'], unique: false, where: '(rental_rate < 1.00)' },
          ],
          foreignKeys: [
            { name: 'film_original_language_id_fkey', columns: ['original_language_id'], referencedTable: 'language', referencedColumns: ['language_id'], onDelete: 'SET NULL', onUpdate: 'CASCADE' },
          ],
          checks: [{ name: 'film_rental_rate_check', expression: '(rental_rate >= (0)::numeric)' }],
        },
        {
          name: 'film_actor',
          columns: [
            { name: 'actor_id', type: { kind: 'int' }, nullable: false, dbType: 'integer' },
            { name: 'film_id', type: { kind: 'int' }, nullable: false, dbType: 'integer' },
          ],
          primaryKey: ['actor_id', 'film_id'],
          uniques: [],
          indexes: [],
          foreignKeys: [
            { name: 'film_actor_actor_id_fkey', columns: ['actor_id'], referencedTable: 'actor', referencedColumns: ['actor_id'], onDelete: 'RESTRICT' },
            { name: 'film_actor_film_id_fkey', columns: ['film_id'], referencedTable: 'film', referencedColumns: ['film_id'], onDelete: 'CASCADE' },
          ],
          checks: [],
        },
        {
          name: 'language',
          columns: [{ name: 'language_id', type: { kind: 'auto' }, nullable: false, dbType: 'integer' }],
          primaryKey: ['language_id'],
          uniques: [],
          indexes: [],
          foreignKeys: [],
          checks: [],
        },
      ],
      views: [
        {
          name: 'actor_info',
          columns: [
            { name: 'actor_id', type: { kind: 'int' }, nullable: true, dbType: 'integer' },
            { name: 'film_info', type: { kind: 'text' }, nullable: true, dbType: 'text' },
          ],
          definition: ' SELECT a.actor_id,\n    group_concat(f.title) AS film_info\n   FROM actor a;',
        },
      ],
      enums: [{ name: 'mpaa_rating', values: ['G', 'PG', 'PG-13', 'R', 'NC-17'] }],
    },
    figures: {
      actor: { rowsEstimate: 200, totalBytes: 73_728 },
      film: { rowsEstimate: 1000, totalBytes: 1_258_291 },
      film_actor: { rowsEstimate: 5462, totalBytes: null },
      language: { rowsEstimate: null, totalBytes: null },
    },
    warnings: [
      { object: 'trigger film.last_updated', message: 'triggers are not in the schema state' },
      { object: 'film.fulltext', message: 'the index film_fulltext_idx uses the operator class tsvector_ops' },
      { object: 'function last_updated()', message: 'functions are not in the schema state' },
    ],
  };
}

function table(name: string, extra: Partial<TableState> = {}): TableState {
  return { name, columns: [{ name: 'id', type: { kind: 'auto' }, nullable: false, dbType: 'integer' }], primaryKey: ['id'], uniques: [], indexes: [], foreignKeys: [], checks: [], ...extra };
}

/** `t_00` … `t_59`: more tables than a terminal has rows. */
function manyTables(n = 60): Inspection {
  const tables = Array.from({ length: n }, (_, i) => table(`t_${String(i).padStart(2, '0')}`));
  return {
    schema: 'main',
    state: { version: 2, dialect: 'sqlite', tables, views: [], enums: [] },
    figures: Object.fromEntries(tables.map((t, i) => [t.name, { rowsEstimate: i * 10, totalBytes: 4096 }])),
    warnings: [],
  };
}

const mounted: { unmount(): void }[] = [];
afterEach(() => {
  for (const m of mounted.splice(0)) m.unmount();
});

async function mount(inspection: Inspection, size?: { columns: number; rows: number }) {
  const onQuit = vi.fn();
  const r = render(<InspectBrowser inspection={inspection} onQuit={onQuit} />);
  mounted.push(r);
  // useInput subscribes in an effect, which runs after the first frame.
  await settle(r.frames);
  const resize = async (columns: number, rows: number): Promise<void> => {
    Object.defineProperty(r.stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(r.stdout, 'rows', { value: rows, configurable: true });
    r.stdout.emit('resize');
    await settle(r.frames);
  };
  if (size) await resize(size.columns, size.rows);
  const frame = (): string => r.lastFrame() ?? '';
  const lines = (): string[] => frame().split('\n');
  const press = async (...keys: string[]): Promise<void> => {
    for (const key of keys) {
      r.stdin.write(key);
      await settle(r.frames);
    }
  };
  /** The list row marked as selected. */
  const selected = (): string | undefined => lines().find((l) => l.startsWith('› '));
  return { frame, lines, press, resize, selected, onQuit };
}

describe('inspect browser: the list', () => {
  it('shows what was read, the warnings count, and a row per table, view and enum type', async () => {
    const { frame, lines, selected } = await mount(sakilaLike());
    const f = frame();
    expect(lines()[0]).toBe('oxen inspect · postgres · schema public · 4 tables · 1 view · 1 enum type · 3 warnings (w)');
    expect(lines()[1]).toMatch(/^ {2}NAME +KIND +ROWS +SIZE +COLS +IDX +FK OUT +FK IN +WARN$/);
    expect(f).toMatch(/^› actor +table +200 +72\.0 KB +3 +1 +0 +1$/m);
    // film: 1,000 rows, 1.2 MB, 8 columns, 3 indexes, 1 FK out, 1 in (film_actor), 2 warnings of its own.
    expect(f).toMatch(/^ {2}film +table +1,000 +1\.20 MB +8 +3 +1 +1 +2$/m);
    expect(f).toMatch(/^ {2}film_actor +table +5,462 +– +2 +0 +2 +0$/m);
    expect(f).toMatch(/^ {2}language +table +– +– +1 +0 +0 +1$/m);
    expect(f).toMatch(/^ {2}actor_info +view \(ro\) +– +– +2 +– +– +–$/m);
    expect(f).toMatch(/^ {2}mpaa_rating +enum +– +– +5 +– +– +–$/m);
    expect(selected()).toMatch(/^› actor /);
    expect(lines().at(-1)).toBe('1–6 of 6 · ↑↓ move · Enter open · / filter · w warnings · ? keys · q quit');
  });

  it('moves with the arrows and j/k, and stops at either end', async () => {
    const { press, selected } = await mount(sakilaLike());
    await press(DOWN);
    expect(selected()).toMatch(/^› film /);
    await press('j', 'j');
    expect(selected()).toMatch(/^› language /);
    await press('k', UP, UP, UP, UP);
    expect(selected()).toMatch(/^› actor /);
    await press('G');
    expect(selected()).toMatch(/^› mpaa_rating /);
    await press('j');
    expect(selected()).toMatch(/^› mpaa_rating /);
    await press('g');
    expect(selected()).toMatch(/^› actor /);
  });

  it('filters by name with /, following what is typed; Enter keeps the filter, Esc clears it', async () => {
    const { frame, lines, press, selected } = await mount(sakilaLike());
    await press('/', 'a', 'c');
    expect(lines().at(-1)).toMatch(/^\/ac▏ {2}↑↓ move · Enter keep filter · Esc clear$/);
    const names = (): string[] => lines().slice(2, -1).map((l) => l.slice(2).split(/\s+/)[0]!);
    expect(names()).toEqual(['actor', 'film_actor', 'actor_info']);
    // The arrows move while typing; letters (even q, j, k) are part of the filter.
    await press(DOWN);
    expect(selected()).toMatch(/^› film_actor /);
    await press('t', 'o', 'r', '_');
    expect(names()).toEqual(['actor_info']);
    await press(BACKSPACE, BACKSPACE, BACKSPACE, BACKSPACE, ENTER);
    expect(lines().at(-1)).toMatch(/^1–3 of 3 matching "ac" · /);
    expect(selected()).toMatch(/^› film_actor /);
    await press('/', 'z', 'z', 'z');
    expect(frame()).toContain('nothing matches "aczzz"');
    await press(ESC);
    expect(names()).toEqual(['actor', 'film', 'film_actor', 'language', 'actor_info', 'mpaa_rating']);
    // Text typed (or pasted) in one go counts key by key.
    await press('/lang\r');
    expect(names()).toEqual(['language']);
    await press(ESC);
    expect(names()).toHaveLength(6);
  });

  it('q and Ctrl-C quit', async () => {
    const a = await mount(sakilaLike());
    await a.press('q');
    expect(a.onQuit).toHaveBeenCalledTimes(1);
    const b = await mount(sakilaLike());
    await b.press(ENTER, CTRL_C);
    expect(b.onQuit).toHaveBeenCalledTimes(1);
  });
});

describe('inspect browser: an opened table', () => {
  it('shows columns (database type, kind, null, key, default), indexes, constraints, foreign keys out and in, and its warnings', async () => {
    const { frame, lines, press } = await mount(sakilaLike(), { columns: 160, rows: 100 });
    await press(DOWN, ENTER);
    const f = frame();
    expect(lines()[1]).toBe('table film · 1,000 rows (estimated) · 1.20 MB');
    expect(f).toContain('Columns (8)');
    expect(f).toMatch(/^ {2}NAME +TYPE +KIND +NULL +KEY +DEFAULT +COMMENT$/m);
    expect(f).toMatch(/^ {2}film_id +integer +auto +not null +PK$/m);
    expect(f).toMatch(/^ {2}title +text +text +not null +as released$/m);
    expect(f).toMatch(/^ {2}code +character varying\(12\) +char\(12\) +null +UQ$/m);
    expect(f).toMatch(/^ {2}rental_rate +numeric\(4,2\) +decimal\(4,2\) +not null +4\.99$/m);
    expect(f).toMatch(/^ {2}rating +mpaa_rating +raw \(enum\) +null +'G'$/m);
    expect(f).toMatch(/^ {2}slug +text +text +null +generated: lower\(title\) \(stored\)$/m);
    expect(f).toMatch(/^ {2}original_language_id +smallint +int +null +FK$/m);
    expect(f).toContain('Indexes (3)');
    expect(f).toMatch(/^ {2}NAME +KEY +UNIQUE +METHOD +WHERE$/m);
    expect(f).toMatch(/^ {2}film_fulltext_idx +fulltext +gist$/m);
    expect(f).toMatch(/^ {2}idx_title_lower +lower\(title\)$/m);
    expect(f).toMatch(/^ {2}idx_cheap +rental_rate +\(rental_rate < 1\.00\)$/m);
    expect(f).toMatch(/^Unique constraints \(1\)\n {2}NAME +COLUMNS\n {2}film_code_key +code$/m);
    expect(f).toMatch(/^ {2}film_rental_rate_check +\(rental_rate >= \(0\)::numeric\)$/m);
    expect(f).toMatch(/^ {2}film_original_language_id_fkey +original_language_id +language\(language_id\) +SET NULL +CASCADE$/m);
    expect(f).toMatch(/^Foreign keys in \(1\)\n {2}FROM +NAME +COLUMNS +REFERENCES +ON DELETE +ON UPDATE\n {2}film_actor +film_actor_film_id_fkey +film_id +film\(film_id\) +CASCADE +NO ACTION$/m);
    expect(f).toMatch(/^Warnings \(2\)\n {2}trigger film\.last_updated: triggers are not in the schema state\n {2}film\.fulltext: the index/m);
    expect(f).not.toContain('function last_updated()');
  });

  it('a composite key, no incoming keys and empty sections say so', async () => {
    const { frame, lines, press } = await mount(sakilaLike());
    await press(DOWN, DOWN, ENTER);
    expect(lines()[1]).toBe('table film_actor · 5,462 rows (estimated) · size unknown · primary key (actor_id, film_id)');
    const f = frame();
    expect(f).toMatch(/^ {2}actor_id +integer +int +not null +PK FK$/m);
    expect(f).toContain('Indexes: none');
    expect(f).toContain('Check constraints: none');
    expect(f).toContain('Foreign keys in: none');
    expect(f).not.toContain('Warnings');
  });

  it('a table comment, a view (read-only, with its definition) and an enum type', async () => {
    const { lines, frame, press } = await mount(sakilaLike());
    await press(ENTER);
    expect(lines()[1]).toBe('table actor · 200 rows (estimated) · 72.0 KB · comment: people who act');
    expect(frame()).toMatch(/^ {2}last_update +timestamp with time zone +datetime +not null +now$/m);
    await press(ESC, 'G', 'k', ENTER);
    expect(lines()[1]).toBe('view actor_info (read-only)');
    expect(frame()).toContain('Definition\n   SELECT a.actor_id,\n      group_concat(f.title) AS film_info\n     FROM actor a;');
    await press('h', 'G', 'l');
    expect(lines()[1]).toBe('enum type mpaa_rating');
    expect(frame()).toMatch(/^ {2}5 +NC-17$/m);
  });

  it('Esc, Backspace and ← go back to the list, with the selection where it was', async () => {
    const { lines, press, selected } = await mount(sakilaLike());
    await press(DOWN, ENTER);
    expect(lines()[1]).toMatch(/^table film/);
    await press(ESC);
    expect(selected()).toMatch(/^› film /);
    await press(ENTER, BACKSPACE);
    expect(selected()).toMatch(/^› film /);
    await press(ENTER, '\u001B[D');
    expect(selected()).toMatch(/^› film /);
  });
});

describe('inspect browser: warnings and keys', () => {
  it('w lists every warning, and goes back where it came from', async () => {
    const { frame, lines, press } = await mount(sakilaLike());
    await press('w');
    expect(lines()[1]).toBe('Warnings: 3 warnings, 3 objects not fully represented');
    expect(frame()).toContain('trigger film.last_updated: triggers are not in the schema state');
    expect(frame()).toContain('function last_updated(): functions are not in the schema state');
    await press(ESC);
    expect(lines()[1]).toMatch(/^ {2}NAME/);
    await press(DOWN, ENTER, 'w', 'w');
    expect(lines()[1]).toMatch(/^table film/);
  });

  it('without warnings the header does not mention them and w says there are none', async () => {
    const { lines, press } = await mount(manyTables(3));
    expect(lines()[0]).toBe('oxen inspect · sqlite · schema main · 3 tables');
    await press('w');
    expect(lines()[1]).toBe('No warnings: every object read is represented in the schema state');
  });

  it('? lists the keys', async () => {
    const { frame, press } = await mount(sakilaLike());
    await press('?');
    expect(frame()).toContain('filter the list by name');
    await press('?');
    expect(frame()).toContain('NAME');
  });
});

describe('inspect browser: the terminal size', () => {
  it('a long list scrolls to keep the selection on screen, in a frame one row shorter than the terminal', async () => {
    const { lines, press, selected } = await mount(manyTables(60), { columns: 100, rows: 12 });
    // 12 rows: 11 used; header, column head and footer leave 8 for the list.
    expect(lines()).toHaveLength(11);
    expect(lines().at(-1)).toMatch(/^1–8 of 60 · /);
    await press(...Array.from({ length: 9 }, () => 'j'));
    expect(selected()).toMatch(/^› t_09 /);
    expect(lines()[2]).toMatch(/^ {2}t_02 /);
    expect(lines().at(-1)).toMatch(/^3–10 of 60 · /);
    // Moving back up inside the window does not scroll it.
    await press('k', 'k');
    expect(lines()[2]).toMatch(/^ {2}t_02 /);
    await press(END);
    expect(selected()).toMatch(/^› t_59 /);
    expect(lines().at(-1)).toMatch(/^53–60 of 60 · /);
    await press('\u001B[5~');
    expect(selected()).toMatch(/^› t_51 /);
    await press('g');
    expect(lines()[2]).toMatch(/^› t_00 /);
    expect(lines()).toHaveLength(11);
  });

  it('an opened table scrolls when it is taller than the terminal', async () => {
    const { frame, lines, press } = await mount(sakilaLike(), { columns: 100, rows: 10 });
    await press(DOWN, ENTER);
    expect(lines()).toHaveLength(9);
    expect(lines()[2]).toBe('Columns (8)');
    expect(lines().at(-1)).toMatch(/^lines 1–6 of \d+ · ↑↓ scroll · Esc back · w warnings · q quit$/);
    await press('j', 'j');
    expect(lines()[2]).toMatch(/^ {2}film_id /);
    await press('G');
    expect(frame()).toContain('film.fulltext');
    expect(lines()).toHaveLength(9);
  });

  it('a small terminal: every line cut to its width, the selection still shown', async () => {
    const { lines, press, selected } = await mount(manyTables(60), { columns: 30, rows: 6 });
    expect(lines()).toHaveLength(5);
    for (const l of lines()) expect(l.length).toBeLessThanOrEqual(30);
    await press('G');
    expect(selected()).toMatch(/^› t_59/);
    // Too short for the header, the column head and the footer: the selected row is what stays.
    const tiny = await mount(manyTables(60), { columns: 30, rows: 3 });
    await tiny.press('j', 'j');
    expect(tiny.lines()).toHaveLength(2);
    expect(tiny.lines()[0]).toMatch(/^oxen inspect/);
    expect(tiny.selected()).toMatch(/^› t_02/);
  });

  it('warnings and text wrap at the terminal\'s width rather than being cut', async () => {
    const { lines, press } = await mount(sakilaLike(), { columns: 40, rows: 30 });
    await press('w');
    const body = lines().slice(2, -1);
    expect(body).toEqual([
      'trigger film.last_updated: triggers are',
      '  not in the schema state',
      'film.fulltext: the index',
      '  film_fulltext_idx uses the operator',
      '  class tsvector_ops',
      'function last_updated(): functions are',
      '  not in the schema state',
    ]);
    for (const l of lines()) expect(l.length).toBeLessThanOrEqual(40);
  });

  it('lays out again when the terminal is resized', async () => {
    const { lines, resize } = await mount(manyTables(60), { columns: 100, rows: 12 });
    expect(lines()).toHaveLength(11);
    await resize(100, 20);
    expect(lines()).toHaveLength(19);
    expect(lines().at(-1)).toMatch(/^1–16 of 60 · /);
  });

  it('an empty schema says so', async () => {
    const { frame, press } = await mount(manyTables(0));
    expect(frame()).toContain('no tables, views or enum types in this schema');
    await press(ENTER);
    expect(frame()).toContain('0 of 0');
  });
});

describe('the same, not on a terminal: plain tables', () => {
  it('a summary line, the list, then each item\'s sections; empty sections in one line', () => {
    const text = renderPlainInspection(sakilaLike());
    const lines = text.split('\n');
    expect(lines[0]).toBe('postgres · schema public · 4 tables · 1 view · 1 enum type');
    expect(text).toMatch(/│ NAME +│ KIND +│ +ROWS │ +SIZE │ COLS │ IDX │ FK OUT │ FK IN │ WARN │\n│ actor /);
    // One line per row, no rules between them.
    expect(text).toMatch(/│ actor +│ table +│ +200 │ 72\.0 KB │ +3 │ +1 │ +0 │ +1 │ +│\n│ film /);
    expect(text).toMatch(/│ film +│ table +│ 1,000 │ 1\.20 MB │ +8 │ +3 │ +1 │ +1 │ +2 │/);
    expect(text).toMatch(/│ actor_info +│ view \(ro\) +│ +– │ +– │ +2 │ +– │ +– │ +– │ +│/);
    expect(text).toContain('\ntable film · 1,000 rows (estimated) · 1.20 MB\nColumns:\n┌');
    expect(text).toMatch(/│ slug +│ text +│ text +│ null +│ +│ generated: lower\(title\) \(stored\) │ +│/);
    expect(text).toMatch(/│ film_actor │ film_actor_film_id_fkey │ film_id │ film\(film_id\) │ CASCADE +│ NO ACTION │/);
    expect(text).toContain('\ntable film_actor · 5,462 rows (estimated) · size unknown · primary key (actor_id, film_id)');
    expect(text).toContain('Indexes: none\nUnique constraints: none\nCheck constraints: none\nForeign keys out:\n');
    expect(text).toContain('\nview actor_info (read-only)\nColumns:\n');
    expect(text).toContain('Definition:\n   SELECT a.actor_id,\n      group_concat(f.title) AS film_info\n     FROM actor a;\n');
    expect(text).toMatch(/\nenum type mpaa_rating\nValues:\n┌.*\n│ # │ VALUE +│\n/);
    // No colour codes unless asked for.
    expect(text).not.toContain('\u001B[');
    expect(renderPlainInspection(sakilaLike(), { color: true })).toContain('\u001B[1mtable film');
  });

  it('warnings: one line each, then how many objects are not fully represented', () => {
    expect(warningLines(sakilaLike().warnings)).toBe(
      'warning: trigger film.last_updated: triggers are not in the schema state\n' +
        'warning: film.fulltext: the index film_fulltext_idx uses the operator class tsvector_ops\n' +
        'warning: function last_updated(): functions are not in the schema state\n' +
        '3 objects not fully represented in the schema state (3 warnings above)\n',
    );
    expect(warningLines([{ object: 'a.b', message: 'x\ny' }, { object: 'a.b', message: 'z' }])).toBe(
      'warning: a.b: x y\nwarning: a.b: z\n1 object not fully represented in the schema state (2 warnings above)\n',
    );
    expect(warningLines([])).toBe('');
  });

  it('plain and JSON: results on stdout, warnings on stderr', async () => {
    const inspection = sakilaLike();
    const plainOut = capture();
    const plainErr = capture();
    await showInspection('plain', inspection, { stdout: plainOut, stderr: plainErr });
    expect(plainOut.text).toBe(renderPlainInspection(inspection));
    expect(plainErr.text).toBe(warningLines(inspection.warnings));
    const jsonOut = capture();
    const jsonErr = capture();
    await showInspection('json', inspection, { stdout: jsonOut, stderr: jsonErr });
    expect(JSON.parse(jsonOut.text)).toEqual(inspection.state);
    expect(jsonErr.text).toBe(warningLines(inspection.warnings));
  });

  it('an empty schema', () => {
    expect(renderPlainInspection(manyTables(0))).toBe('sqlite · schema main · 0 tables\n\nNo tables, views or enum types.\n');
  });
});

describe('browseInspection (the Ink view)', () => {
  it('draws on the alternate screen, resolves on q and puts the terminal back', async () => {
    const stdout = Object.assign(capture(), { isTTY: true, columns: 100, rows: 30, writable: true, destroyed: false });
    const stdin = new FakeTtyStdin();
    const done = browseInspection(sakilaLike(), { stdout, stdin: stdin as unknown as NodeJS.ReadStream });
    await vi.waitFor(() => expect(stdin.setRawMode).toHaveBeenLastCalledWith(true), { timeout: 10_000 });
    expect(stdout.text.startsWith('\u001B[?1049h')).toBe(true);
    stdin.press('q');
    await done;
    // Under CI=true Ink writes only the last frame, when it unmounts: look for the list there.
    expect(stdout.text).toContain('film_actor');
    expect(stdin.setRawMode).toHaveBeenLastCalledWith(false);
    expect(stdout.text.endsWith('\u001B[?25h\u001B[?1049l')).toBe(true);
  });

  it('resolves when the command is stopped (SIGINT, SIGTERM)', async () => {
    const stdout = Object.assign(capture(), { isTTY: true, columns: 100, rows: 30, writable: true, destroyed: false });
    const stdin = new FakeTtyStdin();
    const stop = new AbortController();
    const done = browseInspection(sakilaLike(), { stdout, stdin: stdin as unknown as NodeJS.ReadStream, signal: stop.signal });
    await vi.waitFor(() => expect(stdin.setRawMode).toHaveBeenLastCalledWith(true), { timeout: 10_000 });
    stop.abort();
    await done;
    expect(stdin.isRaw).toBe(false);
    expect(stdout.text.endsWith('\u001B[?1049l')).toBe(true);
  });
});
