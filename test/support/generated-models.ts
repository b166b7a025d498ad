/**
 * Checks on what `oxen inspect --format typescript` writes: it compiles under `tsc --strict` (through
 * the compiler API, so only the generated files' own errors count), and it loads — with `oxen-orm`
 * aliased to this repository's source, as the config loader does — into models `schemaFromModels`
 * accepts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createJiti } from 'jiti';
import ts from 'typescript';
import type { SchemaState } from '../../src/core/dialect/schema-state.js';
import { typescriptModels } from '../../src/core/schema/inspect/format-typescript.js';

const repoRoot = resolve(import.meta.dirname, '..', '..');
export const OXEN_ENTRY = join(repoRoot, 'src', 'index.ts');

/** `tsc --strict --noEmit` over the files: each one's own errors, `line N: message`. */
export function typescriptErrors(paths: readonly string[]): Map<string, string[]> {
  const program = ts.createProgram([...paths], {
    strict: true, noEmit: true, noUnusedLocals: true, skipLibCheck: true, esModuleInterop: true, resolveJsonModule: true,
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, jsx: ts.JsxEmit.ReactJSX,
    types: ['node'], typeRoots: [join(repoRoot, 'node_modules', '@types')], paths: { 'oxen-orm': [OXEN_ENTRY] },
  });
  const out = new Map<string, string[]>();
  for (const path of paths) {
    const sf = program.getSourceFile(path)!;
    out.set(path, [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => {
      const { line } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
      return `line ${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    }));
  }
  return out;
}

export interface GeneratedCheck {
  /** By name: the compile errors (none expected). */
  readonly errors: Record<string, string[]>;
  /** By name: the table count of the state the loaded models describe. */
  readonly tables: Record<string, number>;
}

/** Writes the TypeScript of each state, compiles them together, loads each and runs its models through schemaFromModels. */
export async function checkGeneratedModels(states: Readonly<Record<string, SchemaState>>): Promise<GeneratedCheck> {
  const dir = mkdtempSync(join(tmpdir(), 'oxen-generated-'));
  try {
    const files = Object.fromEntries(Object.entries(states).map(([name, state]) => {
      const file = join(dir, `${name}.ts`);
      writeFileSync(file, typescriptModels(state));
      return [name, file];
    }));
    const diagnostics = typescriptErrors(Object.values(files));
    const jiti = createJiti(import.meta.url, { alias: { 'oxen-orm': OXEN_ENTRY }, moduleCache: false, fsCache: false });
    const oxen = await jiti.import<{ schemaFromModels: (models: readonly object[]) => SchemaState }>('oxen-orm');
    const errors: Record<string, string[]> = {};
    const tables: Record<string, number> = {};
    for (const [name, file] of Object.entries(files)) {
      errors[name] = diagnostics.get(file) ?? [];
      const loaded = await jiti.import<{ models: object[] }>(file);
      tables[name] = oxen.schemaFromModels(loaded.models).tables.length;
    }
    return { errors, tables };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
