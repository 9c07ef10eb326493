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
 *  costs time and memory). And once per distinct schema: most responses
 *  document the same one (the error envelope: 95 of 101, each its own copy
 *  once the $refs are resolved), compiled then once, not at each status. */
const bySpec = new WeakMap<LoadedSpec, Validators>();

function validatorsOf(spec: LoadedSpec): Validators {
  const known = bySpec.get(spec);
  if (known) return known;
  const schemas = new Map<string, { schema: object; text: string }>();
  for (const op of spec.operations) {
    for (const [status, { schema }] of Object.entries(op.responses)) {
      if (schema) schemas.set(`${op.operationId} ${status}`, { schema, text: JSON.stringify(schema) });
    }
  }
  let ajv: Ajv2020 | undefined;
  const compiled = new Map<string, ValidateFunction>();
  const validators: Validators = {
    get(key) {
      const documented = schemas.get(key);
      if (!documented) return undefined;
      let validate = compiled.get(documented.text);
      if (!validate) compiled.set(documented.text, (validate = (ajv ??= createAjv()).compile(documented.schema)));
      return validate;
    },
  };
  bySpec.set(spec, validators);
  return validators;
}

/** `checkSchemas`: each schema compiled is first checked against the JSON
 *  Schema meta-schema. The spec's own are checked so by its test
 *  (spec/spec.test.ts), not by every run: compiling the meta-schema cost a
 *  run 60 ms of CPU, amid its requests. */
export function createAjv({ checkSchemas = false } = {}): Ajv2020 {
  // strict: false tolerates the spec's x- keywords and OpenAPI's `example`.
  const ajv = new (ajv2020().default)({ allErrors: true, strict: false, validateSchema: checkSchemas });
  ajvFormats().default(ajv);
  return ajv;
}
