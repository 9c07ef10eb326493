import { expect, test } from 'vitest';
import { exchange, judge, runView, verdictOf } from '../../test/helpers/check-context.ts';
import { loadSpec } from '../spec/load.ts';
import { responseSchema } from './schema.ts';

const ack = { success: true, message: 'Reseller created successfully', username: 'wcabc', package: 'default' };

test('a documented body is held to its schema, its absence judged; an undocumented one never', () => {
  const create = { case: { operationId: 'createReseller' } };
  expect(verdictOf(responseSchema, exchange(201, ack), create)).toBe('ok');
  expect(verdictOf(responseSchema, exchange(201, { ...ack, success: 'yes' }), create)).toBe('fail');
  expect(judge(responseSchema, exchange(201, ''), create)).toEqual({ ok: false, message: 'expected the documented createReseller 201 body, got no body' });
  expect(verdictOf(responseSchema, exchange(200, [{ username: 'wcabc' }]), { case: { operationId: 'listResellers' } })).toBe('ok');
  expect(verdictOf(responseSchema, exchange(200, { resellers: [] }), { case: { operationId: 'listResellers' } })).toBe('fail');
  expect(verdictOf(responseSchema, exchange(200, ''), { case: { operationId: 'getResellerUsage' } })).toBeUndefined();
});

test('every documented response schema compiles (they compile when first needed, so a broken one would only show mid-run)', () => {
  const spec = loadSpec();
  const { validators } = runView();
  const documented = spec.operations.flatMap((op) =>
    Object.entries(op.responses)
      .filter(([, r]) => r.schema)
      .map(([status]) => [op.operationId, Number(status)] as const),
  );
  expect(documented.length).toBeGreaterThan(10);
  for (const [operationId, status] of documented) expect(validators.validate(operationId, status, null), `${operationId} ${status}`).toBeInstanceOf(Array);
});
