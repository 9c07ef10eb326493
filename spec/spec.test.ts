// The spec's own lint: valid OpenAPI 3.1, every example valid against its own
// schema, every operation usable by the case generator.
import { describe, expect, test } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { loadSpec } from '../src/spec/load.ts';
import { createAjv } from '../src/spec/validators.ts';

const spec = loadSpec();

/** Every (schema, example) pair in the resolved document. */
function examplesOf(node: unknown, path = '#'): Array<{ path: string; schema: object; example: unknown }> {
  if (!node || typeof node !== 'object') return [];
  const obj = node as Record<string, unknown>;
  const found: Array<{ path: string; schema: object; example: unknown }> = [];
  if ('example' in obj) {
    // A media type's example belongs to its schema; a schema's to itself.
    const schema = (obj.schema as object | undefined) ?? obj;
    found.push({ path, schema, example: obj.example });
  }
  for (const [key, value] of Object.entries(obj)) found.push(...examplesOf(value, `${path}/${key}`));
  return found;
}

describe('spec/wispanel.openapi.yaml', () => {
  test('is valid against the official OpenAPI 3.1 schema', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(spec.raw) as Record<string, unknown>);
    expect(result.errors ?? [], JSON.stringify(result.errors ?? []).slice(0, 500)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // The validator is not a rubber stamp: a response without a description fails.
    const broken = structuredClone(spec.raw) as { paths: Record<string, Record<string, { responses: Record<string, object> }>> };
    broken.paths['/resellers/'].get.responses['200'] = {};
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  test('every response schema is a valid JSON Schema (2020-12): a run compiles them unchecked', () => {
    const ajv = createAjv({ checkSchemas: true });
    const schemas = spec.operations.flatMap((op) => Object.values(op.responses).flatMap(({ schema }) => (schema ? [schema] : [])));
    expect(schemas.length).toBeGreaterThan(20);
    for (const schema of schemas) expect(ajv.validateSchema(schema), ajv.errorsText(ajv.errors)).toBe(true);
    // The check is not a rubber stamp.
    expect(ajv.validateSchema({ type: 'object', required: 'username' })).toBe(false);
  });

  test('every example is valid against its own schema', () => {
    const examples = examplesOf(spec.document);
    expect(examples.length).toBeGreaterThanOrEqual(8);
    const ajv = createAjv();
    for (const { path, schema, example } of examples) {
      const { example: _e, ...withoutExample } = schema as Record<string, unknown>;
      const validate = ajv.compile(withoutExample);
      expect(validate(example), `${path}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  test('every operation has a unique operationId, a group and a documented success status', () => {
    const ids = spec.operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(23);
    expect(spec.operations.filter((o) => o.creates).map((o) => o.operationId)).toEqual(['createReseller']);
    for (const op of spec.operations) {
      expect(op.hints.group, op.operationId).toMatch(/^[a-z-]+\.[a-z-]+$/);
      expect(Number.isFinite(op.successStatus), op.operationId).toBe(true);
      expect(op.responses[401]?.code, `${op.operationId} documents 401`).toBe('UNAUTHORIZED');
      if (op.hints.readBack) expect(spec.byId.get(op.hints.readBack)?.method, op.operationId).toBe('GET');
    }
  });

  test('the reseller object has seven integer limits and nine boolean can_grant_* flags, all required', () => {
    const reseller = spec.document.components!.schemas!.Reseller as { required: string[]; properties: Record<string, { type?: string }> };
    const flags = Object.entries(reseller.properties).filter(([k]) => k.startsWith('can_grant_'));
    const limits = Object.entries(reseller.properties).filter(([, v]) => v.type === 'integer');
    expect(flags).toHaveLength(9);
    expect(flags.every(([, v]) => v.type === 'boolean')).toBe(true);
    expect(limits).toHaveLength(7);
    expect(reseller.required).toEqual(expect.arrayContaining([...flags, ...limits].map(([k]) => k)));
  });

  test('the error envelope requires all five keys, success false and an integer status', () => {
    const envelope = spec.document.components!.schemas!.ErrorEnvelope as { required: string[]; properties: Record<string, Record<string, unknown>> };
    expect(envelope.required.sort()).toEqual(['code', 'error', 'message', 'status', 'success']);
    expect(envelope.properties.success).toEqual({ const: false });
    expect(envelope.properties.status.type).toBe('integer');
  });
});
