/**
 * The reverse of ddl.ts's type spellings: a MySQL / MariaDB column type (information_schema
 * COLUMN_TYPE, lower-case, e.g. `int(11)`, `varchar(255)`, `tinyint(1)`, `int(10) unsigned`) to the
 * state's kind. A spelling maps to a kind only where that kind's field reads and writes every value
 * the column holds and the spelling is one ddl.ts writes (or a synonym of it); every other type stays
 * `raw` in the server's own spelling, so the `sql` format recreates it exactly:
 *  - INT / BIGINT (signed, any display width) → int / bigint; with AUTO_INCREMENT, any integer type
 *    (signed or not: a counter) → auto, BIGINT → bigAuto.
 *  - TINYINT(1) → boolean; other TINYINT, SMALLINT, MEDIUMINT and every UNSIGNED / ZEROFILL integer → raw
 *    (Oxen never writes them, and BIGINT UNSIGNED holds values a BigIntField cannot write).
 *  - DOUBLE → float; FLOAT (single precision: a double written there is rounded) and DOUBLE(m,d) → raw.
 *  - DECIMAL(p,s) signed → decimal. VARCHAR(n) → char; CHAR(36) and MariaDB's UUID → uuid; other CHAR(n)
 *    → raw (CHAR pads and strips trailing spaces, so a value would not read back as written).
 *  - TINYTEXT / TEXT / MEDIUMTEXT / LONGTEXT → text; JSON (MySQL) → json (MariaDB's JSON is LONGTEXT with
 *    a json_valid() check, recognised by the column reader).
 *  - DATETIME / TIMESTAMP with 0–3 fraction digits → datetime (read as UTC: Oxen's sessions use +00:00);
 *    with 4–6 digits → raw, since a JS Date would drop the microseconds. DATE → date.
 *  - TINYBLOB / BLOB / MEDIUMBLOB / LONGBLOB → binary; BINARY(n) / VARBINARY(n) → raw (BINARY pads with zeros).
 *  - ENUM, SET, YEAR, TIME, BIT, FLOAT, geometry types, INET4/6, … → raw.
 */
import type { ColumnType } from '../schema-state.js';

const SIGNED_INT = /^int(?:\(\d+\))?$/;
const SIGNED_BIGINT = /^bigint(?:\(\d+\))?$/;
const ANY_INT = /^(?:tinyint|smallint|mediumint|int|integer)(?:\(\d+\))?(?: unsigned)?(?: zerofill)?$/;
const ANY_BIGINT = /^bigint(?:\(\d+\))?(?: unsigned)?(?: zerofill)?$/;
const DECIMAL = /^decimal\((\d+),(\d+)\)$/;
const VARCHAR = /^varchar\((\d+)\)$/;
const DATETIME = /^(?:datetime|timestamp)(?:\(([0-3])\))?$/;

/** The state's type of a column, given its COLUMN_TYPE and whether it is AUTO_INCREMENT. */
export function mysqlColumnType(columnType: string, autoIncrement: boolean): ColumnType {
  const t = columnType.trim().toLowerCase();
  if (autoIncrement) {
    if (ANY_BIGINT.test(t)) return { kind: 'bigAuto' };
    if (ANY_INT.test(t)) return { kind: 'auto' };
    return { kind: 'raw', spelling: columnType };
  }
  if (SIGNED_INT.test(t)) return { kind: 'int' };
  if (SIGNED_BIGINT.test(t)) return { kind: 'bigint' };
  if (t === 'tinyint(1)') return { kind: 'boolean' };
  if (t === 'double') return { kind: 'float' };
  const decimal = DECIMAL.exec(t);
  if (decimal) return { kind: 'decimal', precision: Number(decimal[1]), scale: Number(decimal[2]) };
  const varchar = VARCHAR.exec(t);
  if (varchar && Number(varchar[1]) > 0) return { kind: 'char', maxLength: Number(varchar[1]) };
  if (t === 'char(36)' || t === 'uuid') return { kind: 'uuid' };
  if (/^(?:tiny|medium|long)?text$/.test(t)) return { kind: 'text' };
  if (t === 'json') return { kind: 'json' };
  if (DATETIME.test(t)) return { kind: 'datetime' };
  if (t === 'date') return { kind: 'date' };
  if (/^(?:tiny|medium|long)?blob$/.test(t)) return { kind: 'binary' };
  return { kind: 'raw', spelling: columnType };
}

/** True when two types are the same kind with the same parameters (types are plain, canonical objects). */
export function sameColumnType(a: ColumnType, b: ColumnType): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Fraction digits of a DATETIME / TIMESTAMP spelling (`datetime(3)` → 3, `timestamp` → 0); undefined for other types. */
export function fractionDigits(spelling: string): number | undefined {
  const m = /^(?:datetime|timestamp)(?:\((\d)\))?/i.exec(spelling.trim());
  return m ? Number(m[1] ?? 0) : undefined;
}
