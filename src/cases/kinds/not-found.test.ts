import { expect, test } from 'vitest';
import { notFound } from './not-found.ts';
import { options, spec } from './plan-fixture.ts';

const unknownable = spec.operations.filter((o) => o.hints.target === 'reseller' && o.hints.notFound !== false);

test('every per-reseller write gets a case on a reseller that never existed, expecting the documented 404 code; a guessed body only in certify', () => {
  const cases = notFound.plan(spec, options());
  expect(cases.map((c) => c.operationId)).toEqual(unknownable.filter((o) => o.method !== 'GET').map((o) => o.operationId));
  expect(cases.every((c) => c.target === 'missing' && c.expect.status === 404 && c.expect.code === spec.errorCodes[404])).toBe(true);
  for (const c of cases) expect(c.profile, c.id).toBe(spec.byId.get(c.operationId)!.hints.body === 'undocumented' ? 'certify' : 'default');
});

test('the reads are asked of the deleted lifecycle reseller, and of a name that never existed only where nothing is deleted (--read-only)', () => {
  expect(notFound.plan(spec, options()).some((c) => spec.byId.get(c.operationId)!.method === 'GET')).toBe(false);
  const readOnly = notFound.plan(spec, options({ readOnly: true }));
  expect(readOnly.filter((c) => spec.byId.get(c.operationId)!.method === 'GET').map((c) => c.profile)).toEqual(
    unknownable.filter((o) => o.method === 'GET').map(() => 'default'),
  );
});
