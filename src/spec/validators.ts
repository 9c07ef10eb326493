import type { ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { ajv2020, ajvFormats } from '../model/lazy-modules.ts';
import type { LoadedSpec } from './load.ts';

/** One validator per documented response schema, keyed "operationId
 *  status", compiled when a response first needs it: a process that never
 *  validates (the CLI's own) compiles nothing, and a run's start-up does not
 *  wait for the schemas it has not met yet. Undocumented shapes get none. */
export class ResponseValidators {
  private readonly validators: Validators;

  constructor(spec: LoadedSpec) {
    this.validators = validatorsOf(spec);
  }

  /** Schema errors of a body, [] when valid, undefined when no schema applies. */
  validate(operationId: string, status: number, body: unknown): string[] | undefined {
    const validate = this.validators.get(`${operationId} ${status}`);
    if (!validate) return undefined;
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`);
  }
}

interface Validators {
  get(key: string): ValidateFunction | undefined;
}

/** Once per spec: the panels of a fleet share them (compiling is what
 *  costs time and memory). */
const bySpec = new WeakMap<LoadedSpec, Validators>();

function validatorsOf(spec: LoadedSpec): Validators {
  const known = bySpec.get(spec);
  if (known) return known;
  const schemas = new Map<string, object>();
  for (const op of spec.operations) {
    for (const [status, response] of Object.entries(op.responses)) if (response.schema) schemas.set(`${op.operationId} ${status}`, response.schema);
  }
  let ajv: Ajv2020 | undefined;
  const compiled = new Map<string, ValidateFunction>();
  const validators: Validators = {
    get(key) {
      const schema = schemas.get(key);
      if (!schema) return undefined;
      let validate = compiled.get(key);
      if (!validate) compiled.set(key, (validate = (ajv ??= createAjv()).compile(schema)));
      return validate;
    },
  };
  bySpec.set(spec, validators);
  return validators;
}

export function createAjv(): Ajv2020 {
  // strict: false tolerates the spec's x- keywords and OpenAPI's `example`.
  const ajv = new (ajv2020().default)({ allErrors: true, strict: false });
  ajvFormats().default(ajv);
  return ajv;
}
