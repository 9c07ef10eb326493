import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { LoadedSpec } from './load.ts';

/** One compiled validator per documented response schema, keyed
 *  "operationId status". Undocumented shapes get none. */
export class ResponseValidators {
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(spec: LoadedSpec) {
    const ajv = createAjv();
    for (const op of spec.operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (response.schema) this.compiled.set(`${op.operationId} ${status}`, ajv.compile(response.schema));
      }
    }
  }

  /** Schema errors of a body, [] when valid, undefined when no schema applies. */
  validate(operationId: string, status: number, body: unknown): string[] | undefined {
    const validate = this.compiled.get(`${operationId} ${status}`);
    if (!validate) return undefined;
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`);
  }
}

export function createAjv(): Ajv2020.default {
  // strict: false tolerates the spec's x- keywords and OpenAPI's `example`.
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv;
}
