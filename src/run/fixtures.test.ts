// A suite's set-up and clean-up: its cases in plan order, the fixture
// reseller its negative cases need (only when one of them runs), the given
// reseller key adopted as the preflight found it, and afterwards whatever
// the suite created deleted and its kinds' state dropped.
import { describe, expect, test } from 'vitest';
import { SUITES, type SuiteDef } from '../cases/kinds/index.ts';
import { testRuns } from '../../test/helpers/run-context.ts';
import { casesOf, cleanupSuite, createFixture, setUpRun, setUpSuite, tearDownRun } from './fixtures.ts';
import { lifecycleUsername } from './request.ts';

const open = testRuns();

const suite = (name: string): SuiteDef => SUITES.find((s) => s.name === name)!;

/** The validation cases alone: not the refusals' read of their fixture. */
const VALIDATION_ONLY = '\\.validation\\.';

describe('casesOf', () => {
  test("each suite's cases in plan order; every planned case in exactly one suite", async () => {
    // Certify defers auth cases past their key's first window.
    const t = await open();
    const all = SUITES.flatMap((s) => casesOf(t.run, s).map((c) => c.id));
    expect([...all].sort()).toEqual(t.run.plan.cases.map((c) => c.id).sort());
    expect(new Set(all).size).toBe(all.length);
    for (const def of SUITES) {
      const ids = casesOf(t.run, def).map((c) => c.id);
      expect(ids).toEqual(t.run.plan.cases.filter((c) => ids.includes(c.id)).map((c) => c.id));
      for (const c of casesOf(t.run, def)) {
        expect(def.kinds).toContain(c.kind);
        expect(Boolean(c.deferred)).toBe(Boolean(def.deferred));
      }
    }
    expect(casesOf(t.run, suite('deferred')).length).toBeGreaterThan(0);
  });
});

describe('setUpSuite and cleanupSuite', () => {
  test("a suite whose negative cases run gets a fixture reseller of the run's own, deleted after it", async () => {
    // Without the refusals suite's read of the fixture's parts, which keeps it longer.
    const t = await open({ plan: { filter: VALIDATION_ONLY } });
    await setUpSuite(t.run, suite('validation'));
    const name = t.run.fixtures.get('validation')!;
    expect(name.startsWith(t.run.prefix)).toBe(true);
    expect(t.resellers()).toContain(name);
    expect(t.run.ledger.pending('validation')).toEqual([expect.objectContaining({ username: name, created: true })]);
    const report = await cleanupSuite(t.run, suite('validation'));
    expect(report).toEqual({ deleted: [name], alreadyGone: [], refused: [], failed: [] });
    expect(t.run.fixtures.has('validation')).toBe(false);
    expect(t.resellers()).toEqual(['partner1']);
    expect(t.run.ledger.pending()).toEqual([]);
  });

  test('no fixture for a suite without one, nor for one whose fixture cases do not run', async () => {
    const t = await open({ plan: { filter: '^createReseller\\.validation\\.' } });
    await setUpSuite(t.run, suite('lifecycle'));
    await setUpSuite(t.run, suite('validation'));
    expect(t.run.fixtures.size).toBe(0);
    expect(t.server.requestLog).toEqual([]);
  });

  test('cleanupSuite deletes only what its own suite created; tearDownRun what the run set up around the suites', async () => {
    const t = await open({ plan: { filter: `${VALIDATION_ONLY}|\\.roles?\\.` } });
    await setUpRun(t.run);
    await setUpSuite(t.run, suite('validation'));
    // The roles suite has no fixture of its own: its other reseller is the bystander.
    await setUpSuite(t.run, suite('roles'));
    const bystander = t.run.bystander.username!;
    const validation = t.run.fixtures.get('validation')!;
    expect(bystander).toBe(`${lifecycleUsername(t.run)}b`);
    expect(t.run.fixtures.has('roles')).toBe(false);
    expect(t.resellers().sort()).toEqual(['partner1', bystander, validation].sort());
    expect(await cleanupSuite(t.run, suite('roles'))).toEqual({ deleted: [], alreadyGone: [], refused: [], failed: [] });
    expect((await cleanupSuite(t.run, suite('validation'))).deleted).toEqual([validation]);
    expect(t.resellers().sort()).toEqual(['partner1', bystander].sort());
    expect((await tearDownRun(t.run)).deleted).toEqual([bystander]);
    expect(t.resellers()).toEqual(['partner1']);
    expect(t.run.ledger.pending()).toEqual([]);
  });

  test('a given reseller key is adopted as the preflight found it: its owner, or why the role cases cannot use it', async () => {
    const given = await open({
      plan: { hasResellerToken: true },
      input: { resellerToken: 'wsp_0123456789abcdef0123456789abcdef0123456789abcdef', resellerKey: { username: 'partner1' } },
    });
    await setUpSuite(given.run, suite('roles'));
    expect(given.run.roles.client).toBe(given.run.client);
    expect(given.run.roles.ownUsername).toBe('partner1');
    // The role kind drops it after the suite.
    await cleanupSuite(given.run, suite('roles'));
    expect(given.run.roles.client).toBeUndefined();
    expect(given.run.roles.ownUsername).toBeUndefined();

    const unusable = await open({
      plan: { hasResellerToken: true },
      input: { resellerToken: 'wsp_0123456789abcdef0123456789abcdef0123456789abcdef', resellerKey: { unusable: 'the key could not tell whose it is' } },
    });
    await setUpSuite(unusable.run, suite('roles'));
    expect(unusable.run.roles).toEqual({ unusable: 'the key could not tell whose it is' });
    await cleanupSuite(unusable.run, suite('roles'));

    const unchecked = await open({ plan: { hasResellerToken: true }, input: { resellerToken: 'wsp_0123456789abcdef0123456789abcdef0123456789abcdef' } });
    await expect(setUpSuite(unchecked.run, suite('roles'))).rejects.toThrow('--reseller-token was not checked by the preflight');
    await cleanupSuite(unchecked.run, suite('roles'));
  });
});

describe('setUpRun', () => {
  test("the bystander, named after the lifecycle's reseller, with its branding written and read back; none when no case needs it", async () => {
    const t = await open();
    await setUpRun(t.run);
    const name = `${lifecycleUsername(t.run)}b`;
    expect(t.run.bystander.username).toBe(name);
    expect(t.server.requestLog.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /api/v1/resellers/ 201',
      `PUT /api/v1/resellers/${name}/branding 200`,
      `GET /api/v1/resellers/${name}/branding 200`,
    ]);
    expect(t.run.bystander.keeps.getResellerBranding.length).toBeGreaterThan(0);
    expect(t.run.ledger.pending('run')).toEqual([expect.objectContaining({ username: name, created: true })]);

    const none = await open({ plan: { filter: '^createReseller\\.validation\\.' } });
    await setUpRun(none.run);
    expect(none.run.bystander).toEqual({ keeps: {} });
    expect(none.server.requestLog).toEqual([]);
  });
});

describe('createFixture', () => {
  test('a server that will not create one: no fixture, and the intent is settled', async () => {
    const t = await open({ input: { token: 'wsp_000000000000000000000000000000000000000000000000' } });
    await createFixture(t.run, suite('validation'));
    expect(t.run.fixtures.has('validation')).toBe(false);
    expect(t.server.requestLog.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 401']);
    expect(t.run.ledger.pending()).toEqual([]);
  });
});

test("the validation suite's fixture outlives its suite when the refusals read its parts (certify), and goes with it otherwise", async () => {
  for (const [filter, owner] of [
    [undefined, 'run'],
    [VALIDATION_ONLY, 'validation'],
  ] as const) {
    const t = await open({ plan: { filter } });
    await createFixture(t.run, suite('validation'));
    const name = t.run.fixtures.get('validation')!;
    expect(t.run.ledger.pending(owner)).toEqual([expect.objectContaining({ username: name, created: true })]);
    await cleanupSuite(t.run, suite('validation'));
    expect(t.resellers().includes(name)).toBe(owner === 'run');
    await tearDownRun(t.run);
    expect(t.resellers()).not.toContain(name);
    expect(t.run.ledger.pending()).toEqual([]);
  }
});
