/**
 * Validates a report against schemas/benchmark-report.schema.json, the contract other tools read.
 * The schema file ships with the package and sits at the same depth from src/ and dist/.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';

export const REPORT_SCHEMA_URL = new URL('../../../schemas/benchmark-report.schema.json', import.meta.url);

let validator: ValidateFunction | undefined;

function compile(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(REPORT_SCHEMA_URL, 'utf8')) as object;
  const ajv = new Ajv({ allErrors: false, strict: true });
  // ajv-formats is CommonJS: its default export arrives wrapped under NodeNext.
  const addFormats = (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);
  addFormats(ajv);
  validator = ajv.compile(schema);
  return validator;
}

/** The first schema violation as `path: message`, or undefined when the value is a valid report. */
export function reportSchemaError(value: unknown): string | undefined {
  const validate = compile();
  if (validate(value)) return undefined;
  const e = validate.errors?.[0];
  if (!e) return 'does not match the report schema';
  return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`;
}
