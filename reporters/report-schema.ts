// Validation of report.json against report.schema.json, which ships beside
// this file so other tools can use the same contract.

import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { CertificationReport } from './report-types.ts';

const REPORT_SCHEMA_PATH = new URL('./report.schema.json', import.meta.url);

let validate: ValidateFunction<CertificationReport> | undefined;

/** The first problem, on one line (`/verdict must be equal to one of the
 *  allowed values`), or undefined when the value is a valid report. */
export function reportSchemaError(value: unknown): string | undefined {
  validate ??= compile();
  if (validate(value)) return undefined;
  const first = validate.errors?.[0];
  return first ? `${first.instancePath || '/'} ${first.message ?? 'is invalid'}` : 'is invalid';
}

function compile(): ValidateFunction<CertificationReport> {
  const ajv = new Ajv2020({ allErrors: false, strict: true });
  // ajv-formats is CommonJS; its plugin is the module's default export.
  formats.default(ajv);
  return ajv.compile<CertificationReport>(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')));
}
