import { expect, test } from 'vitest';
import { role } from './role.ts';
import { options, spec } from './plan-fixture.ts';

test('the key is minted first, its own reads come next (the first tells whether the key works), then the refusals, then the key beyond its limit, then the deletes', () => {
  const cases = role.plan(spec, options());
  expect(cases[0].variant.type).toBe('mint-key');
  const firstRefusal = cases.findIndex((c) => c.expect.status === 403);
  const between = cases.slice(1, firstRefusal);
  expect(between[0].variant.type).toBe('own-read');
  expect(between.map((c) => c.expect.requirement).every((r) => r === 'ROLE-RESELLER-READ-OWN' || r === 'ROLE-RESELLER-MINT-OWN')).toBe(true);
  const burst = cases.findIndex((c) => c.variant.type === 'exceed-limit');
  expect(cases.slice(firstRefusal, burst).every((c) => c.expect.status === 403 && c.expect.code === 'FORBIDDEN')).toBe(true);
  // "Per API token": the reseller key is pushed too, in certify, in a step of its own before the deletes.
  expect(cases[burst]).toMatchObject({ credential: 'reseller', profile: 'certify', expect: { status: 429, requirement: 'RL-429' } });
  expect(cases.slice(burst + 1, -1).every((c) => c.operationId === spec.record.remove.operationId && c.phase! > cases[burst].phase!)).toBe(true);
});

test("every own-read operation on a reseller is read with the reseller key, and refused on another reseller's record (the run's bystander)", () => {
  const cases = role.plan(spec, options());
  for (const op of spec.operations.filter((o) => o.hints.resellerAccess === 'own-read' && o.hints.target === 'reseller')) {
    expect(
      cases.some((c) => c.operationId === op.operationId && c.variant.type === 'own-read' && c.target === 'own'),
      op.operationId,
    ).toBe(true);
    expect(
      cases.some((c) => c.operationId === op.operationId && c.target === 'bystander' && c.expect.status === 403),
      op.operationId,
    ).toBe(true);
  }
});

test("every write on a reseller is tried with the key on its own record and on another's, for a minted and a given key", () => {
  for (const hasResellerToken of [false, true]) {
    const cases = role.plan(spec, options({ hasResellerToken }));
    for (const op of spec.operations.filter((o) => o.hints.target === 'reseller' && o.method !== 'GET')) {
      const mine = cases.filter((c) => c.operationId === op.operationId && c.expect.status === 403);
      expect(mine.map((c) => c.target).sort(), `${op.operationId} (given key: ${hasResellerToken})`).toEqual(['bystander', 'own']);
    }
  }
});

test("a given key's own reseller is never deleted (the run did not create it); a minted one's is, last: by the key (refused), then by the admin, after which the key must not work", () => {
  const givenPlan = role.plan(spec, options({ hasResellerToken: true }));
  const given = givenPlan.find((c) => c.operationId === spec.record.remove.operationId && c.target === 'own')!;
  expect(given.skip).toMatch(/never sent/);
  expect(givenPlan.at(-1)!.skip).toMatch(/never sent/);
  const minted = role.plan(spec, options());
  expect(minted.at(-2)).toMatchObject({ operationId: spec.record.remove.operationId, target: 'own', variant: { type: 'own-write' } });
  expect(minted.at(-1)).toMatchObject({
    operationId: spec.identity.operationId,
    credential: 'invalid',
    cost: { admin: 1, anonymous: 1 },
    variant: { type: 'deleted-key' },
    expect: { status: 401, requirement: 'AUTH-DELETED-KEY-401', neverServed: 'SAFE-DELETED-KEY-REFUSED' },
  });
  expect(minted.at(-1)!.phase).toBeGreaterThan(minted.at(-2)!.phase!);
  for (const c of minted.slice(-2)) expect(c.skip).toBeUndefined();
});

test("a given key's own-record probes are planned at what they send: a read and a write-back, an add the admin then reads (and removes), or an add and remove by the admin", () => {
  const cases = role.plan(spec, options({ hasResellerToken: true })).filter((c) => c.variant.type === 'own-write');
  expect(cases.find((c) => c.operationId === 'updateResellerLimits')!.cost).toEqual({ reseller: 2 });
  expect(cases.find((c) => c.operationId === 'removeResellerIp')!.cost).toEqual({ reseller: 1, admin: 2 });
  const add = cases.find((c) => c.operationId === 'addResellerIp')!;
  expect(add.cost).toEqual({ reseller: 1, admin: 1 });
  expect(add.requirements).toContain('SAFE-REFUSED-NOT-APPLIED');
});

test("the reseller key's burst goes with the rate-limit test: --exclude rate-limit turns it off, --include rate-limit brings it into the default profile", async () => {
  const { generatePlan } = await import('../generate.ts');
  const burst = (over: Parameters<typeof options>[0]) =>
    generatePlan(spec, options(over)).cases.find((c) => c.kind === 'role' && c.variant.type === 'exceed-limit')!;
  expect(burst({}).disabled).toBeUndefined();
  expect(burst({ exclude: ['rate-limit'] }).disabled).toBe('kind rate-limit excluded (--exclude)');
  expect(burst({ profile: 'default' }).disabled).toMatch(/--include rate-limit/);
  expect(burst({ profile: 'default', include: ['rate-limit'] }).disabled).toBeUndefined();
  expect(burst({ profile: 'default', include: ['role'] }).disabled).toMatch(/--include rate-limit/);
});
