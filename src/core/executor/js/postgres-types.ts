/**
 * The canonical value mapping (executor.ts) as pg type parsers, given to each pool's clients so the
 * global `pg.types` stays untouched. Types the mapping does not name (arrays, intervals, geometry...)
 * come back as PostgreSQL's text form, which the native executor can reproduce byte for byte.
 */
import pg from 'pg';

type Parser = (value: string) => unknown;

const BOOL = 16;
const BYTEA = 17;
const INT2 = 21;
const INT4 = 23;
const OID = 26;
const FLOAT4 = 700;
const FLOAT8 = 701;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

const asText: Parser = (value) => value;
const timestamptz = pg.types.getTypeParser(TIMESTAMPTZ, 'text') as Parser;

/** `timestamp` holds UTC wall-clock time here (Dates are bound as UTC), so read it as UTC, not local time. */
const timestampAsUtc: Parser = (value) => {
  if (value === 'infinity' || value === '-infinity') return timestamptz(value);
  return timestamptz(value.endsWith(' BC') ? `${value.slice(0, -3)}+00 BC` : `${value}+00`);
};

const parsers = new Map<number, Parser>([
  [BOOL, pg.types.getTypeParser(BOOL, 'text') as Parser],
  [BYTEA, pg.types.getTypeParser(BYTEA, 'text') as Parser],
  [INT2, pg.types.getTypeParser(INT2, 'text') as Parser],
  [INT4, pg.types.getTypeParser(INT4, 'text') as Parser],
  [OID, pg.types.getTypeParser(OID, 'text') as Parser],
  [FLOAT4, pg.types.getTypeParser(FLOAT4, 'text') as Parser],
  [FLOAT8, pg.types.getTypeParser(FLOAT8, 'text') as Parser],
  [TIMESTAMP, timestampAsUtc],
  [TIMESTAMPTZ, timestamptz],
]);

/** int8 and numeric stay decimal strings, date stays 'YYYY-MM-DD', json/jsonb stay unparsed text. */
export const postgresTypes = {
  getTypeParser(oid: number): Parser {
    return parsers.get(oid) ?? asText;
  },
};
