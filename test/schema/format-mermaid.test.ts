/**
 * `oxen inspect --format mermaid`. The diagrams are read back by a lexer and parser that follow
 * Mermaid's own ER grammar (fixtures/formats/mermaid-er-grammar.ts), so a name that would lex as a
 * keyword or break a token fails here. No Mermaid package is installed for this.
 */
import { describe, expect, it } from 'vitest';
import type { SchemaState } from '../../src/core/dialect/schema-state.js';
import { mermaidDiagram } from '../../src/core/schema/inspect/format-mermaid.js';
import { schemaFromModels } from '../../src/core/schema/schema-from-models.js';
import { mysqlState, postgresState, sqliteState, weirdState } from './fixtures/formats/format-states.js';
import { parseMermaidEr as parse } from './fixtures/formats/mermaid-er-grammar.js';
import { cycleModels, kindModels, schemaModels } from './schema-models.js';

const states: Record<string, SchemaState> = {
  postgres: postgresState,
  mysql: mysqlState,
  sqlite: sqliteState,
  weird: weirdState,
  models: schemaFromModels([...Object.values(schemaModels('mmd_')), ...Object.values(kindModels('mmd_')), ...Object.values(cycleModels('mmd_'))]),
  empty: { version: 2, tables: [], views: [], enums: [] },
};

describe('mermaidDiagram', () => {
  it('writes diagrams Mermaid\'s ER grammar reads: every table, view, column and foreign key', () => {
    for (const [key, state] of Object.entries(states)) {
      const text = mermaidDiagram(state);
      expect(text.startsWith('erDiagram\n'), key).toBe(true);
      const diagram = parse(text);
      expect(diagram.entities.map((e) => e.attributes.length), key).toEqual([...state.tables, ...state.views].map((t) => t.columns.length));
      expect(diagram.relationships.length, key).toBe(state.tables.reduce((n, t) => n + t.foreignKeys.length, 0));
      const names = new Set(diagram.entities.map((e) => e.name));
      expect(names.size, `${key}: entity names are unique`).toBe(diagram.entities.length);
    }
  });

  it('marks keys and nullability, and writes cardinality from each foreign key', () => {
    const text = mermaidDiagram(postgresState);
    const lines = text.split('\n');
    for (const line of [
      '    "film_actor" {',
      '        int actor_id PK, FK',
      '        char(255) title UK',
      '        mpaa_rating rating "nullable"',
      '        text[] special_features "nullable"',
      '        decimal(4,2) rental_rate',
      '        uuid owner_id FK, UK',
      '    "empty"',
      '    "film_list"["film_list (view)"] {',
      '    "sales_mv"["sales_mv (materialized view)"] {',
      '    "employee" }o--|| "actor" : "actor_id"',
      '    "employee" }o--o| "employee" : "manager_id"',
      '    "users" |o--|| "user" : "owner_id"',
      '    "users" }o--o| "user" : "user_id"',
      '    "rental_item" }o--|| "rental_line" : "rental_id, line"',
      '    "rental_item" }o--|| "other_schema_table" : "ext_id"',
    ]) expect(lines).toContain(line);
    const models = mermaidDiagram(states.models!).split('\n');
    expect(models).toContain('    "mmd_book" }o--|| "mmd_author" : "author_id"');
    expect(models).toContain('    "mmd_book" }o--o| "mmd_author" : "editor_id"');
    expect(models).toContain('    "mmd_player" }o--o| "mmd_player" : "mentor_id"');
    expect(models).toContain('        datetime updated_at');
    expect(mermaidDiagram(states.empty!)).toBe('erDiagram\n');
  });

  it('writes names the grammar would misread: keywords, PK/FK/UK, spaces, quotes, line breaks', () => {
    const state: SchemaState = {
      version: 2,
      tables: [
        {
          name: 'one',
          columns: [
            { name: 'pk', type: { kind: 'int' }, nullable: false },
            { name: 'First Name', type: { kind: 'raw', spelling: 'character varying(20)[]' }, nullable: true },
            { name: 'uk-x', type: { kind: 'raw', spelling: "enum('a','b')" }, nullable: false },
            { name: 'a`b\nc', type: { kind: 'raw', spelling: 'pk' }, nullable: false },
            { name: 'to', type: { kind: 'raw', spelling: '"Quoted ~type~"' }, nullable: false },
          ],
          primaryKey: ['pk'], uniques: [], indexes: [], checks: [],
          foreignKeys: [{ name: 'f', columns: ['to'], referencedTable: 'sort "direction" lr%%{x}', referencedColumns: ['id'], onDelete: 'CASCADE' }],
        },
        { name: 'to', columns: [{ name: 'end', type: { kind: 'text' }, nullable: false }], primaryKey: [], uniques: [], indexes: [], foreignKeys: [], checks: [] },
      ],
      views: [],
      enums: [],
    };
    const text = mermaidDiagram(state);
    const diagram = parse(text);
    expect(diagram.entities).toEqual([
      {
        name: 'one',
        attributes: [
          { type: 'int', name: 'pk', keys: ['PK'] },
          { type: 'character_varying(20)[]', name: 'First Name', keys: [], comment: 'nullable' },
          { type: 'enum(a,b)', name: 'uk-x', keys: [] },
          { type: '_pk', name: "a'b c", keys: [] },
          { type: 'Quoted__type_', name: 'to', keys: ['FK'] },
        ],
      },
      { name: 'to', attributes: [{ type: 'text', name: 'end', keys: [] }] },
    ]);
    expect(diagram.relationships).toEqual([{ from: 'one', spec: '}o--||', to: 'sort _direction_ lr__{x}', label: 'to' }]);
    expect(text).toContain('        int `pk` PK');
  });

  it('is deterministic and depends only on the state', () => {
    for (const state of Object.values(states)) expect(mermaidDiagram(JSON.parse(JSON.stringify(state)) as SchemaState)).toBe(mermaidDiagram(state));
  });

  it('writes readable diagrams (snapshot; the lines that matter are asserted above)', async () => {
    await expect(mermaidDiagram(postgresState)).toMatchFileSnapshot('./fixtures/formats/postgres.mermaid.txt');
  });
});
