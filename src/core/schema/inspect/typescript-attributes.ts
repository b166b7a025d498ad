/**
 * The TypeScript format's names inside models, and the order models are written in: attributes
 * from columns, reverse relation names, and the dependency order that spares most ForeignKeys a
 * typed thunk.
 */
import { lowerFirst } from '../../model/naming.js';
import { attributeBase, NameSpace, relationBase, upperFirst } from './typescript-names.js';
import type { ModelPlan } from './typescript-model-plan.js';

/** camelCase attributes, unique within the model; a ForeignKey also takes `<name>Id`, which must be free too. Columns keep their order. */
export function nameAttributes(plan: ModelPlan): void {
  const taken = new NameSpace();
  const names = new Map<string, string>();
  // Relations first: `author` should name the ForeignKey, not a text column that happens to be called author.
  for (const column of plan.columns) {
    const f = plan.foreignKeys.get(column.name);
    if (!f) continue;
    const name = taken.claim(relationBase(column.name, lowerFirst(f.target.name)), (n) => !taken.has(n) && !taken.has(`${n}Id`));
    taken.add(`${name}Id`);
    names.set(column.name, name);
  }
  for (const column of plan.columns) plan.attributes.set(column.name, names.get(column.name) ?? taken.claim(attributeBase(column.name)));
}

/**
 * Reverse relation names (model-meta.ts): `<model>Set` by default, which two ForeignKeys from one
 * model to the same target would share (the later silently replacing the earlier); those get
 * `<model><Field>Set`. Names are also kept clear of the target's own attributes.
 */
export function nameRelations(tables: readonly ModelPlan[]): void {
  const spaces = new Map<ModelPlan, NameSpace>();
  const spaceOf = (target: ModelPlan): NameSpace => {
    let space = spaces.get(target);
    if (!space) {
      space = new NameSpace(['pk', ...target.attributes.values(), ...[...target.foreignKeys.keys()].map((c) => `${target.attributes.get(c)}Id`)]);
      spaces.set(target, space);
    }
    return space;
  };
  for (const source of tables) {
    const perTarget = new Map<ModelPlan, number>();
    for (const f of source.foreignKeys.values()) perTarget.set(f.target, (perTarget.get(f.target) ?? 0) + 1);
    for (const [column, f] of source.foreignKeys) {
      const fallback = `${lowerFirst(source.name)}Set`;
      const base = perTarget.get(f.target)! > 1 ? `${lowerFirst(source.name)}${upperFirst(source.attributes.get(column)!)}Set` : fallback;
      const name = spaceOf(f.target).claim(base);
      if (name !== fallback) f.relatedName = name;
    }
  }
}

/** Kahn's order over ForeignKey targets, ties and cycles broken by the state's (name) order. */
export function dependencyOrder(tables: readonly ModelPlan[]): ModelPlan[] {
  const done = new Set<ModelPlan>();
  const out: ModelPlan[] = [];
  while (out.length < tables.length) {
    const ready = tables.find((p) => !done.has(p) && [...p.foreignKeys.values()].every((f) => f.target === p || done.has(f.target)));
    const next = ready ?? tables.find((p) => !done.has(p))!;
    done.add(next);
    out.push(next);
  }
  return out;
}
