/**
 * Deterministic names for the constraints and indexes Oxen creates: `<table>_<columns>_<suffix>`,
 * the same scheme `model()` uses for composite indexes, so equal definitions get equal names.
 * PostgreSQL truncates identifiers at 63 bytes and MySQL rejects more than 64 characters, so a
 * longer name is cut and made unique again with a hash of the full one (at most 57 characters).
 */
export function constraintName(table: string, columns: readonly string[], suffix: string): string {
  const full = `${table}_${columns.join('_')}_${suffix}`;
  if (full.length <= 60) return full;
  let h = 0;
  for (let i = 0; i < full.length; i++) h = (Math.imul(h, 31) + full.charCodeAt(i)) | 0;
  return `${full.slice(0, 48)}_${(h >>> 0).toString(16)}`;
}
