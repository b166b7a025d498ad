import { byName, type ForeignKeyState, type TableState } from '../dialect/schema-state.js';

export interface TableOrder {
  /** Referenced tables before the tables that reference them. */
  readonly tables: readonly TableState[];
  /** Foreign keys pointing at a table later in the order: only possible in a cycle, added after all tables exist. */
  readonly deferred: readonly { readonly table: string; readonly fk: ForeignKeyState }[];
}

/**
 * Orders tables so that each comes after the tables it references (self-references and tables outside
 * the set do not count). Ties and cycles are broken by name, so the order is deterministic.
 */
export function orderTables(tables: readonly TableState[]): TableOrder {
  const pending = new Map([...tables].sort(byName).map((t) => [t.name, t]));
  const ordered: TableState[] = [];
  const deferred: { table: string; fk: ForeignKeyState }[] = [];
  const waitsFor = (t: TableState, fk: ForeignKeyState): boolean => fk.referencedTable !== t.name && pending.has(fk.referencedTable);

  while (pending.size > 0) {
    const ready = [...pending.values()].find((t) => !t.foreignKeys.some((fk) => waitsFor(t, fk)));
    // In a cycle nothing is ready: take the first by name and add its forward references later.
    const next = ready ?? pending.values().next().value!;
    for (const fk of next.foreignKeys) if (waitsFor(next, fk)) deferred.push({ table: next.name, fk });
    pending.delete(next.name);
    ordered.push(next);
  }
  return { tables: ordered, deferred };
}
