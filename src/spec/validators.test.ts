// Response bodies judged against the documented schemas, each compiled when
// a response first needs it.
import { describe, expect, test, vi } from 'vitest';
import { ajv2020 } from '../model/lazy-modules.ts';
import { loadSpec, type LoadedSpec } from './load.ts';
import { createAjv, ResponseValidators } from './validators.ts';

/** A copy of the shipped spec, changed. */
function specWith(change: (spec: LoadedSpec) => void): LoadedSpec {
  const spec = structuredClone(loadSpec());
  change(spec);
  return spec;
}

describe('ResponseValidators', () => {
  test('one line per error for an invalid body; undefined where no schema is documented', () => {
    const validators = new ResponseValidators(loadSpec());
    const reseller = loadSpec().byId.get('getReseller')!;
    expect(reseller.responses[200].schema).toBeDefined();
    expect(validators.validate('getReseller', 200, { username: 'x' })!.length).toBeGreaterThan(0);
    expect(validators.validate('getReseller', 200, { username: 'x' })![0]).toMatch(/^\(body\) must have required property '[a-z_]+'$/);
    // Undocumented shapes, statuses without a schema, unknown operations.
    expect(validators.validate('transferUser', 200, 'anything')).toBeUndefined();
    expect(validators.validate('deleteReseller', 999, {})).toBeUndefined();
    expect(validators.validate('noSuchOperation', 200, {})).toBeUndefined();
  });

  test('judges a body against its own schema: a field of the wrong type names its path', () => {
    const spec = specWith((s) => {
      s.byId.get('getCurrentUser')!.responses[200] = {
        schema: { type: 'object', required: ['username'], properties: { username: { type: 'string' }, mail: { type: 'string', format: 'email' } } },
      };
    });
    const validators = new ResponseValidators(spec);
    expect(validators.validate('getCurrentUser', 200, { username: 'alice', mail: 'a@example.com' })).toEqual([]);
    expect(validators.validate('getCurrentUser', 200, { username: 7 })).toEqual(['/username must be string']);
    expect(validators.validate('getCurrentUser', 200, { username: 'a', mail: 'nope' })).toEqual(['/mail must match format "email"']);
  });

  test('a schema is compiled when a response first needs it, not before: a broken one breaks only its own validation', () => {
    const spec = specWith((s) => {
      s.byId.get('getCurrentUser')!.responses[200] = { schema: { type: 'no-such-type' } };
      s.byId.get('listResellers')!.responses[200] = { schema: { type: 'array' } };
    });
    const validators = new ResponseValidators(spec);
    expect(validators.validate('listResellers', 200, [])).toEqual([]);
    expect(() => validators.validate('getCurrentUser', 200, {})).toThrow(/type/);
  });

  test('a schema documented at many statuses is compiled once: the error envelope of every operation', () => {
    const ajv = ajv2020().default.prototype;
    const compile = vi.spyOn(ajv, 'compile');
    try {
      const spec = structuredClone(loadSpec());
      const validators = new ResponseValidators(spec);
      const envelopes = spec.operations.filter((op) => op.responses[401]?.schema).map((op) => op.operationId);
      expect(envelopes.length).toBeGreaterThan(10);
      for (const id of envelopes) expect(validators.validate(id, 401, { success: false })!.length, id).toBeGreaterThan(0);
      expect(validators.validate('getReseller', 200, {})!.length).toBeGreaterThan(0);
      expect(compile).toHaveBeenCalledTimes(2);
    } finally {
      compile.mockRestore();
    }
  });
});

describe('createAjv', () => {
  test("knows formats, and tolerates the spec's x- keywords and examples", () => {
    const ajv = createAjv();
    const validate = ajv.compile({ type: 'string', format: 'ipv4', example: '10.0.0.1', 'x-wispanel-code': 'X' });
    expect(validate('10.0.0.1')).toBe(true);
    expect(validate('10.0.0.300')).toBe(false);
  });
});
