/** The TypeScript format's per-table decisions (typescript-plan.ts makes them), as plain types. */
import type { ColumnState, ForeignKeyState, TableState, ViewState } from '../../dialect/schema-state.js';

export interface ForeignKeyField {
  readonly fk: ForeignKeyState;
  readonly target: ModelPlan;
  /** Set when the default `<model>Set` would clash on the target. */
  relatedName?: string;
}

export interface ModelPlan {
  readonly name: string;
  readonly view: boolean;
  readonly table: TableState | undefined;
  readonly source: TableState | ViewState;
  readonly columns: readonly ColumnState[];
  /** The column whose field says `primaryKey: true` (or is the AutoField); undefined only for a table without columns. */
  pkColumn: string | undefined;
  /** Column → its ForeignKey field. */
  readonly foreignKeys: Map<string, ForeignKeyField>;
  /** Column → attribute name. */
  readonly attributes: Map<string, string>;
  /** Comment lines at the model, for what it cannot declare. */
  readonly notes: string[];
}

export interface SchemaPlan {
  /** Tables in the order they are written: a model after the models its ForeignKeys point at, where no cycle prevents it. */
  readonly tables: readonly ModelPlan[];
  readonly views: readonly ModelPlan[];
}
