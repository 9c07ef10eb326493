import { expect, test } from 'vitest';
import { notFound } from './not-found.ts';
import { options, spec } from './plan-fixture.ts';

test('every per-reseller operation that can name an unknown reseller gets one case, expecting the documented 404 code', () => {
  const cases = notFound.plan(spec, options());
  const expected = spec.operations.filter((o) => o.hints.target === 'reseller' && o.hints.notFound !== false).map((o) => o.operationId);
  expect(cases.map((c) => c.operationId)).toEqual(expected);
  expect(cases.every((c) => c.target === 'missing' && c.expect.status === 404 && c.expect.code === spec.errorCodes[404])).toBe(true);
});
