import { expect, test } from 'vitest';
import { validation } from './validation.ts';
import { options, spec } from './plan-fixture.ts';

test('create gets one documented 400 VALIDATION_ERROR case per required field, in the default profile', () => {
  const missing = validation.plan(spec, options()).filter((c) => c.operationId === 'createReseller' && c.variant.type === 'omit-field');
  expect(missing.map((c) => (c.variant as { field: string }).field).sort()).toEqual(['email', 'password', 'username']);
  expect(missing.every((c) => c.expect.status === 400 && c.expect.code === 'VALIDATION_ERROR' && c.profile === 'default')).toBe(true);
});

test('other invalid bodies expect a 4xx of the requirement the operation names (x-wispanel invalid), as certify cases', () => {
  const cases = validation.plan(spec, options()).filter((c) => c.expect.status === '4xx');
  expect(cases.length).toBeGreaterThan(10);
  for (const c of cases) {
    const named = spec.byId.get(c.operationId)!.hints.invalid;
    expect([named, 'VAL-MALFORMED-JSON-4XX', 'VAL-CONTENT-TYPE-4XX', 'VAL-UNUSUAL-4XX'], c.id).toContain(c.expect.requirement);
    expect(c.profile, c.id).toBe('certify');
  }
});

test("a per-reseller body goes to the suite's fixture reseller, never to a record the run does not own", () => {
  expect(validation.plan(spec, options()).every((c) => c.target === 'fixture' || c.target === 'none')).toBe(true);
});

test("unusual input is sent where a server that accepts it leaves only what the clean-up can find: names carry the run's prefix, no null or array username", () => {
  const cases = validation.plan(spec, options()).filter((c) => c.variant.type === 'unusual-value');
  expect(cases.length).toBeGreaterThanOrEqual(14);
  for (const c of cases) {
    const v = c.variant as { field?: string; value: { literal?: unknown; prefixed?: string } };
    if (v.field === 'username') expect(v.value.prefixed, c.id).toBeDefined();
    expect(c.profile).toBe('certify');
  }
  expect(cases.filter((c) => c.expect.status === '<500').map((c) => c.title)).toEqual([expect.stringContaining('an IPv6 address')]);
});

test('an empty username is never sent (accepted, it would make a record no path reaches), and what the facts leave open only warns', () => {
  const cases = validation.plan(spec, options());
  const empty = cases.filter((c) => c.variant.type === 'empty-field' && c.operationId === spec.record.create.operationId);
  expect(empty.map((c) => (c.variant as { field: string }).field).sort()).toEqual(['email', 'password']);
  // An empty e-mail or password, a wrong type, an invalid IP: the facts file
  // leaves their answer open, so no such case judges a requirement that fails.
  for (const c of cases.filter((c) => c.expect.status === '4xx')) expect(c.requirements, c.id).toEqual([c.expect.requirement]);
});
