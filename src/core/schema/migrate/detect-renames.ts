/**
 * Renames `migrate make` cannot tell from a drop and an add: a table that disappeared while one with
 * the same columns appeared, or a column that disappeared while one of the same type appeared in the
 * same table. Guessing wrong loses data either way (a rename taken for drop+add empties the column; a
 * drop+add taken for a rename keeps values that belong to another field), so each such pair is a
 * question for the user, as in Django's `makemigrations`, unless an answer is given.
 */

/**
 * A pair that may be a rename. `table` is the table as the models name it: for a column, the table it
 * is in; for a table, the new name (the same as `to`), so that every question names a table the user knows.
 */
export interface RenameQuestion {
  readonly kind: 'table' | 'column';
  readonly table: string;
  readonly from: string;
  readonly to: string;
}

/** The user's answer to a question: from a prompt, `--rename table.old:new`, or `--yes` (all no). */
export interface RenameAnswer extends RenameQuestion {
  readonly rename: boolean;
}

export interface RenameMatch {
  /** The pairs answered yes: renamed, not dropped and added. */
  readonly renames: readonly { readonly from: string; readonly to: string }[];
  /** The pairs nobody answered yet. Pairs answered no are not asked again. */
  readonly questions: readonly RenameQuestion[];
}

/**
 * Pairs each name that disappeared (in order) with the first name that appeared, looks alike and is
 * answered yes; every alike pair with no answer becomes a question. A name taken by a rename is not
 * offered again, so two answers cannot rename two things into one.
 */
export function matchRenames(
  kind: 'table' | 'column',
  table: string | undefined,
  gone: readonly string[],
  appeared: readonly string[],
  alike: (from: string, to: string) => boolean,
  answers: readonly RenameAnswer[],
): RenameMatch {
  const renames: { from: string; to: string }[] = [];
  const questions: RenameQuestion[] = [];
  const taken = new Set<string>();
  for (const from of gone) {
    for (const to of appeared) {
      if (taken.has(to) || !alike(from, to)) continue;
      const question: RenameQuestion = { kind, table: table ?? to, from, to };
      const answer = answers.find((a) => a.kind === kind && a.from === from && a.to === to && (kind === 'table' || a.table === question.table));
      if (answer === undefined) {
        questions.push(question);
      } else if (answer.rename) {
        renames.push({ from, to });
        taken.add(to);
        break;
      }
    }
  }
  // A question about a pair that another answer already settled (its `to` taken, or its `from` renamed) is moot.
  const renamedFrom = new Set(renames.map((r) => r.from));
  return { renames, questions: questions.filter((q) => !taken.has(q.to) && !renamedFrom.has(q.from)) };
}
