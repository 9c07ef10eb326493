// Validation of report.json against its JSON Schema, which ships as
// schemas/report.schema.json so other tools can use the same contract.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { SchemaObject, ValidateFunction } from 'ajv/dist/2020.js';
import { ajv2020, ajvFormats } from './lazy-modules.ts';
import type { CertificationReport } from './report.ts';

const REPORT_SCHEMA_PATH = new URL('../../schemas/report.schema.json', import.meta.url);

/** report.json's JSON (without its final newline), made once per report (a
 *  report is never changed once built): building it scans the text for
 *  keys, writing it reuses it. */
const texts = new WeakMap<CertificationReport, string>();

export function reportJsonText(report: CertificationReport): string {
  let text = texts.get(report);
  if (text === undefined) texts.set(report, (text = JSON.stringify(report, null, 2)));
  return text;
}

let validate: ValidateFunction<CertificationReport> | undefined;

/** The first problem, on one line (`/verdict must be equal to one of the
 *  allowed values`), or undefined when the value is a valid report. */
export function reportSchemaError(value: unknown): string | undefined {
  validate ??= compile();
  if (validate(value)) return undefined;
  const first = validate.errors?.[0];
  return first ? `${first.instancePath || '/'} ${first.message ?? 'is invalid'}` : 'is invalid';
}

/** Reads a report.json, refusing with one line anything that is not one;
 *  `what` names it (a baseline, a shard). */
export async function readReportFile(file: string, what: string): Promise<CertificationReport> {
  const text = await readFile(file, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} ${file} is not JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  const problem = reportSchemaError(value);
  if (problem) throw new Error(`${what} ${file} is not a valid report.json: ${problem}`);
  return value as CertificationReport;
}

function compile(): ValidateFunction<CertificationReport> {
  const ajv = new (ajv2020().default)({ allErrors: false, strict: true });
  // ajv-formats is CommonJS; its plugin is the module's default export.
  ajvFormats().default(ajv);
  return ajv.compile<CertificationReport>(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as SchemaObject);
}
