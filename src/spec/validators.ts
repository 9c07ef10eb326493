import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { LoadedSpec } from './load.ts';

/** One compiled validator per documented response schema, keyed
 *  "operationId status". Undocumented shapes get none. */
export class ResponseValidators {
  private readonly compiled: Map<string, ValidateFunction>;

  constructor(spec: LoadedSpec) {
    this.compiled = compiledFor(spec);
  }

  /** Schema errors of a body, [] when valid, undefined when no schema applies. */
  validate(operationId: string, status: number, body: unknown): string[] | undefined {
    const validate = this.compiled.get(`${operationId} ${status}`);
    if (!validate) return undefined;
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`);
  }
}

/** Compiled once per spec: the panels of a fleet share them (compiling
 *  is what costs time and memory). */
const bySpec = new WeakMap<LoadedSpec, Map<string, ValidateFunction>>();

function compiledFor(spec: LoadedSpec): Map<string, ValidateFunction> {
  let compiled = bySpec.get(spec);
  if (compiled) return compiled;
  compiled = new Map();
  const ajv = createAjv();
  for (const op of spec.operations) {
    for (const [status, response] of Object.entries(op.responses)) {
      if (response.schema) compiled.set(`${op.operationId} ${status}`, ajv.compile(response.schema));
    }
  }
  bySpec.set(spec, compiled);
  return compiled;
}

export function createAjv(): Ajv2020.default {
  // strict: false tolerates the spec's x- keywords and OpenAPI's `example`.
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv;
}
