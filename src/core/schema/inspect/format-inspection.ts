/** `oxen inspect --format`: one function per format, each a pure function of the inspected state. */
import type { DdlCompiler } from '../../dialect/ddl-compiler.js';
import type { Inspection } from '../../dialect/introspector.js';
import { mermaidDiagram } from './format-mermaid.js';
import { schemaSql } from './format-sql.js';
import { typescriptModels } from './format-typescript.js';

export const INSPECT_FORMATS = ['json', 'typescript', 'sql', 'mermaid'] as const;
export type InspectFormat = (typeof INSPECT_FORMATS)[number];

export function formatInspection(format: InspectFormat, inspection: Inspection, ddl: DdlCompiler): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(inspection.state, null, 2)}\n`;
    case 'typescript':
      return typescriptModels(inspection.state);
    case 'sql':
      return schemaSql(inspection.state, ddl);
    case 'mermaid':
      return mermaidDiagram(inspection.state);
  }
}
