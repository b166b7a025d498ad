/**
 * A migration's operation lines (describe-operation.ts) sorted into what a reviewer reads a plan for:
 * what is added, what is removed (where data can be lost), what changes, and the SQL or JS of the
 * user's own that the plan cannot see into. Groups keep the operations' order within them.
 */
import type { Style } from '../shared/paint.js';

export interface PlanGroup {
  readonly title: string;
  readonly style: Style | undefined;
  readonly lines: readonly string[];
}

const GROUPS: readonly { readonly mark: string; readonly title: string; readonly style: Style | undefined }[] = [
  { mark: '+', title: 'Additions', style: 'green' },
  { mark: '-', title: 'Removals', style: 'red' },
  { mark: '~', title: 'Changes', style: 'yellow' },
  { mark: '*', title: 'Your SQL and JS', style: undefined },
];

export function planGroups(lines: readonly string[]): PlanGroup[] {
  const out: PlanGroup[] = [];
  for (const group of GROUPS) {
    const mine = lines.filter((l) => l.startsWith(group.mark));
    if (mine.length > 0) out.push({ title: group.title, style: group.style, lines: mine });
  }
  const other = lines.filter((l) => !GROUPS.some((g) => l.startsWith(g.mark)));
  if (other.length > 0) out.push({ title: 'Other', style: undefined, lines: other });
  return out;
}
