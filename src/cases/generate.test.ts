// Case generation: pure, driven by the spec, and within the budget that the
// default profile promises (the CI gate fits one window per key).
import { describe, expect, test } from 'vitest';
import { generatePlan, IN_SHARD, shardOf, type PlanOptions } from './generate.ts';
import { estimatePlan } from './estimate.ts';
import type { CaseKind } from '../model/kinds.ts';
import { options as planOptions, spec } from './kinds/plan-fixture.ts';

/** The plan fixture's options in the default profile. */
const options = (over: Partial<PlanOptions> = {}): PlanOptions => planOptions({ profile: 'default', ...over });
const runnable = (o: Partial<PlanOptions>) => generatePlan(spec, options(o)).cases.filter((c) => !c.disabled && !c.skip);
const perKind = (o: Partial<PlanOptions>) => {
  const counts: Partial<Record<CaseKind, number>> = {};
  for (const c of runnable(o)) counts[c.kind] = (counts[c.kind] ?? 0) + 1;
  return counts;
};

describe('case generation', () => {
  test('is deterministic and gives every case a unique ID', () => {
    const a = generatePlan(spec, options({ profile: 'certify' }));
    expect(generatePlan(spec, options({ profile: 'certify' }))).toEqual(a);
    expect(new Set(a.cases.map((c) => c.id)).size).toBe(a.cases.length);
  });

  test("is made once per options and frozen: a fleet's panels share it, and no run can change another's", () => {
    const plan = generatePlan(spec, options({ profile: 'certify' }));
    expect(generatePlan(spec, { ...options({ profile: 'certify' }) })).toBe(plan);
    expect(generatePlan(spec, options({ profile: 'certify', readOnly: true }))).not.toBe(plan);
    const [first] = plan.cases;
    expect(() => Object.assign(first, { skip: 'changed by a run' })).toThrow(TypeError);
    expect(() => first.requirements.push('X')).toThrow(TypeError);
    expect(() => plan.cases.pop()).toThrow(TypeError);
  });

  test("covers every operation with a missing-Authorization case and every per-reseller one with a 404: a write by a not-found case, a read after the lifecycle's delete (a not-found case under --read-only)", () => {
    const cases = runnable({});
    const certify = runnable({ profile: 'certify' });
    const readOnly = runnable({ readOnly: true });
    const notFound = (among: typeof cases, operationId: string) => among.some((c) => c.operationId === operationId && c.kind === 'not-found');
    // The delete case reads the record and each of its parts once it is gone.
    const deleted = cases.find((c) => c.id === 'deleteReseller.positive.ok')!;
    expect(deleted.variant).toMatchObject({ type: 'positive', then: 'confirm-gone' });
    expect(deleted.requirements).toContain('RES-NOT-FOUND-404');
    const readAfterDelete = [spec.record.get, ...spec.record.parts].map((op) => op.operationId);
    for (const op of spec.operations) {
      expect(
        cases.some((c) => c.operationId === op.operationId && c.kind === 'auth' && c.variant.type === 'auth' && c.variant.header === 'missing'),
        op.operationId,
      ).toBe(true);
      if (op.hints.target !== 'reseller') continue;
      if (op.method === 'GET') {
        expect(readAfterDelete, op.operationId).toContain(op.operationId);
        expect(notFound(certify, op.operationId), op.operationId).toBe(false);
        expect(notFound(readOnly, op.operationId), op.operationId).toBe(true);
      } else {
        // A guessed body may be refused before the name is looked up: certify only.
        expect(notFound(cases, op.operationId), op.operationId).toBe(op.hints.body !== 'undocumented');
        expect(notFound(certify, op.operationId), op.operationId).toBe(true);
      }
    }
  });

  test('create gets one documented 400 case per required field', () => {
    const missing = runnable({}).filter((c) => c.operationId === 'createReseller' && c.variant.type === 'omit-field');
    expect(missing.map((c) => (c.variant as { field: string }).field).sort()).toEqual(['email', 'password', 'username']);
    expect(missing.every((c) => c.expect.status === 400 && c.expect.code === 'VALIDATION_ERROR')).toBe(true);
  });

  test("positive cases follow a reseller's life: create first, delete last", () => {
    const positive = runnable({})
      .filter((c) => c.kind === 'positive')
      .map((c) => c.operationId);
    expect(positive[0]).toBe('createReseller');
    expect(positive.at(-1)).toBe('deleteReseller');
    expect(positive.indexOf('addResellerIp')).toBeLessThan(positive.indexOf('removeResellerIp'));
    expect(positive.indexOf('createReseller')).toBeLessThan(positive.indexOf('listResellers'));
  });

  test('the default profile fits one window per key (at most 60 requests each)', () => {
    const estimate = estimatePlan(generatePlan(spec, options()), 60, 60_000);
    for (const n of Object.values(estimate.requests)) expect(n).toBeLessThanOrEqual(60);
    expect(perKind({})).toEqual({ positive: 21, lifecycle: 2, auth: 46, role: 41, validation: 3, 'not-found': 5, refusals: 1 });
    expect(
      runnable({})
        .filter((c) => c.kind === 'lifecycle')
        .map((c) => c.id),
    ).toEqual(['createReseller.lifecycle.duplicate', 'getReseller.lifecycle.contained']);
  });

  test('no-key auth cases beyond one window are deferred to the end, so they wait while the admin key works', () => {
    const cases = runnable({ profile: 'certify' });
    const anonymous = (deferred: boolean) => cases.filter((c) => Boolean(c.deferred) === deferred).reduce((n, c) => n + (c.cost.anonymous ?? 0), 0);
    // One window's worth first, the deleted resellers' keys (a role case and
    // a key case, which cannot wait) among them; the rest of the auth cases after.
    expect(anonymous(false)).toBe(60);
    expect(cases.filter((c) => !c.deferred && c.kind !== 'auth' && c.cost.anonymous).map((c) => c.id)).toEqual([
      'getCurrentUser.role.deleted-key',
      'getCurrentUser.key.deleted',
    ]);
    expect(anonymous(true)).toBe(34);
    expect(cases.filter((c) => c.deferred).every((c) => c.kind === 'auth')).toBe(true);
    expect(runnable({}).some((c) => c.deferred)).toBe(false);
  });

  test('certify adds inferred conventions and the active rate-limit case', () => {
    const kinds = perKind({ profile: 'certify' });
    expect(kinds['rate-limit']).toBe(1);
    expect(kinds.lifecycle).toBe(4);
    // The not-found writes whose body is our guess join the five of the default profile.
    expect(kinds['not-found']).toBe(8);
    // Records the run does not own, read before the writes and after them.
    expect(
      runnable({ profile: 'certify' })
        .filter((c) => c.kind === 'lifecycle')
        .map((c) => c.id),
    ).toEqual(['listResellers.lifecycle.before', 'createReseller.lifecycle.duplicate', 'listResellers.lifecycle.others', 'getReseller.lifecycle.contained']);
    expect(kinds.validation).toBeGreaterThan(3);
  });

  test('--exclude disables a kind, --include adds one, --read-only skips every write', () => {
    expect(runnable({ exclude: ['auth'] }).some((c) => c.kind === 'auth')).toBe(false);
    expect(runnable({ include: ['rate-limit'] }).some((c) => c.kind === 'rate-limit')).toBe(true);
    const readOnly = generatePlan(spec, options({ readOnly: true, hasResellerToken: true })).cases;
    expect(readOnly.filter((c) => c.write && !c.disabled && !c.skip?.startsWith('read-only')).map((c) => `${c.id}: ${c.skip}`)).toEqual([
      'createApiKey.role.mint: a reseller key was given (--reseller-token): none is minted',
    ]);
    expect(readOnly.some((c) => !c.write && !c.skip && !c.disabled)).toBe(true);
  });

  test('with a reseller key given, no key is minted, and the default profile still fits one window per key', () => {
    const plan = generatePlan(spec, options({ hasResellerToken: true }));
    expect(plan.cases.find((c) => c.variant.type === 'mint-key')?.skip).toMatch(/reseller key was given/);
    for (const n of Object.values(estimatePlan(plan, 60, 60_000).requests)) expect(n).toBeLessThanOrEqual(60);
  });
});

describe('shards (--shard I/N)', () => {
  test('a case that stands alone goes to a shard by a hash of its ID; a chained one to shard 1', () => {
    expect(shardOf({ id: 'anything.positive.ok', kind: 'positive' }, 4)).toBe(1);
    expect(shardOf({ id: 'anything.role.read', kind: 'role' }, 4)).toBe(1);
    const alone = runnable({ profile: 'certify' }).filter((c) => ['auth', 'validation', 'not-found'].includes(c.kind));
    const shards = alone.map((c) => shardOf(c, 3));
    expect(shards.every((k) => k >= 1 && k <= 3)).toBe(true);
    // Spread, not all in one: the hash splits them.
    expect(new Set(shards).size).toBe(3);
    expect(alone.map((c) => shardOf(c, 3))).toEqual(shards);
    expect(alone.every((c) => shardOf(c, 1) === 1)).toBe(true);
  });

  test('the shards of a plan run every case of the whole plan once; the others say which shard runs them', () => {
    const whole = runnable({}).map((c) => c.id);
    const shards = [1, 2, 3].map((index) => generatePlan(spec, options({ shard: { index, count: 3 } })));
    const ran = shards.flatMap((plan) => plan.cases.filter((c) => !c.disabled && !c.skip).map((c) => c.id));
    expect(ran.sort()).toEqual([...whole].sort());
    shards.forEach((plan, i) => {
      for (const c of plan.cases.filter((c) => c.disabled?.startsWith(IN_SHARD))) expect(c.disabled).toBe(`in shard ${shardOf(c, 3)}/3`);
      const chained = plan.cases.filter((c) => ['positive', 'lifecycle', 'role'].includes(c.kind) && !c.disabled);
      expect(chained.length > 0, `shard ${i + 1}`).toBe(i === 0);
    });
  });

  test('a case turned off by another option says that, not its shard', () => {
    const plan = generatePlan(spec, options({ exclude: ['auth'], shard: { index: 1, count: 2 } }));
    expect(plan.cases.filter((c) => c.kind === 'auth').every((c) => c.disabled === 'kind auth excluded (--exclude)')).toBe(true);
  });
});
