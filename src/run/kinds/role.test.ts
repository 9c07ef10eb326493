// The role kind: a reseller key minted for a reseller of the run's own (or
// given), its own reads, its refused writes (probed, with a given key, so
// that an accepting server changes nothing the run does not own), and the
// key of a deleted reseller.
import { describe, expect, test } from 'vitest';
import { testRuns, type TestRun, type TestRunOptions } from '../../../test/helpers/run-context.ts';
import type { CaseRecorder } from '../recorder.ts';
import { SkipCase } from '../recorder.ts';
import { role } from './role.ts';

const open = testRuns();

async function run(t: TestRun, id: string): Promise<CaseRecorder> {
  const rec = t.recorder(id);
  await role.execute(t.run, rec, t.op(id), t.suite(id));
  return rec;
}

const judged = (rec: CaseRecorder, ...requirements: string[]) =>
  rec.findings.filter((f) => requirements.includes(f.requirement)).map((f) => [f.requirement, f.ok]);
const statuses = (rec: CaseRecorder) => rec.exchanges.map((ex) => `${ex.credential} ${ex.request.method} ${ex.response?.status}`);
type Snapshot = { resellers: Array<{ username: string }> };
const resellersOf = (t: TestRun) => (t.server.snapshot() as Snapshot).resellers;

describe('a minted key', () => {
  test("the run's own reseller gets a key that authenticates as it; the roles then use it", async () => {
    const t = await open();
    expect(role.name).toBe('role');
    const mint = await run(t, 'createApiKey.role.mint');
    expect(statuses(mint)).toEqual(['admin POST 201', 'admin POST 201', 'reseller GET 200']);
    const owner = t.run.roles.ownUsername!;
    expect(owner.startsWith(t.run.prefix)).toBe(true);
    expect(t.run.ledger.pending('roles')).toEqual([expect.objectContaining({ username: owner, created: true })]);
    expect(t.run.roles.client).toBeDefined();
    expect(typeof t.run.roles.mintedSecret).toBe('string');
    // The secret is masked in what is recorded.
    expect(mint.exchanges[1].response!.body).not.toContain(t.run.roles.mintedSecret);
    expect(judged(mint, 'AUTH-KEY-ISSUE-201', 'AUTH-KEY-WORKS').every(([, ok]) => ok)).toBe(true);
    expect(judged(mint, 'AUTH-KEY-WORKS')).toEqual([['AUTH-KEY-WORKS', true]]);

    const ownRead = await run(t, 'getReseller.role.own');
    expect(statuses(ownRead)).toEqual(['reseller GET 200']);
    expect(t.run.roles.confirmed).toBe(true);
    expect(judged(ownRead, 'ROLE-RESELLER-READ-OWN')).toEqual([['ROLE-RESELLER-READ-OWN', true]]);

    const denied = await run(t, 'listResellers.role.denied');
    expect(statuses(denied)).toEqual(['reseller GET 403']);
    expect(denied.outcome()).toBe('passed');

    // A minted key's record is the run's own: the write is sent as planned.
    const ownWrite = await run(t, 'updateResellerLimits.role.own-write');
    expect(statuses(ownWrite)).toEqual(['reseller PUT 403']);
    expect(ownWrite.outcome()).toBe('passed');

    const gone = await run(t, 'getCurrentUser.role.deleted-key');
    expect(statuses(gone)).toEqual(['admin DELETE 200', 'invalid GET 401']);
    expect(gone.outcome()).toBe('passed');
    expect(resellersOf(t).map((r) => r.username)).toEqual(['partner1']);

    role.afterSuite!(t.run);
    expect(t.run.roles.client).toBeUndefined();
    expect(t.run.roles.ownUsername).toBeUndefined();
  });

  test('a key that does not authenticate fails AUTH-KEY-WORKS and leaves the role cases unjudged, with the reason', async () => {
    const t = await open({ server: { fault: 'minted-key-unusable' } });
    const mint = await run(t, 'createApiKey.role.mint');
    expect(judged(mint, 'AUTH-KEY-WORKS')).toEqual([['AUTH-KEY-WORKS', false]]);
    expect(mint.outcome()).toBe('failed');
    expect(t.run.roles.client).toBeUndefined();
    expect(t.run.roles.unusable).toMatch(/^the key the server issued does not authenticate as its reseller \(.*\): role cases not judged$/);
    await expect(run(t, 'getReseller.role.own')).rejects.toThrow(t.run.roles.unusable!);
  });

  test('a reseller key that still works after its reseller is deleted fails the deleted-key case', async () => {
    const t = await open({ server: { fault: 'deleted-reseller-key-works' } });
    await run(t, 'createApiKey.role.mint');
    const gone = await run(t, 'getCurrentUser.role.deleted-key');
    expect(gone.outcome()).toBe('failed');
    expect(judged(gone, 'AUTH-DELETED-KEY-401', 'SAFE-DELETED-KEY-REFUSED').some(([, ok]) => ok === false)).toBe(true);
  });

  test('without a key, the cases that need one are skipped', async () => {
    const t = await open();
    for (const id of ['getReseller.role.own', 'updateResellerLimits.role.own-write', 'getCurrentUser.role.exceed', 'getCurrentUser.role.deleted-key']) {
      await expect(run(t, id), id).rejects.toBeInstanceOf(SkipCase);
    }
    expect(t.server.requestLog).toEqual([]);
  });
});

describe("a given key (its reseller is not the run's)", () => {
  async function withGivenKey(opts: TestRunOptions = {}): Promise<TestRun> {
    const t = await open({ ...opts, plan: { hasResellerToken: true } });
    const keyed = t.run.client.withReseller(t.server.resellerToken);
    t.run.roles.client = keyed;
    t.run.roles.ownUsername = t.server.resellerUsername;
    return t;
  }

  test('a PUT writes back exactly what the key read: the record is unchanged even on a server that accepts it', async () => {
    const t = await withGivenKey({ server: { fault: 'reseller-writes-own-limits' } });
    const before = resellersOf(t);
    const rec = await run(t, 'updateResellerLimits.role.own-write');
    expect(statuses(rec)).toEqual(['reseller GET 200', 'reseller PUT 200']);
    expect(rec.outcome()).toBe('failed');
    expect(resellersOf(t)).toEqual(before);
  });

  test('an IP added by the probe is removed by the admin at once, the ledger kept true; refused, the admin reads that it is absent', async () => {
    const expected = {
      none: { statuses: ['reseller POST 403', 'admin GET 200'], outcome: 'passed', refusedNotApplied: [['SAFE-REFUSED-NOT-APPLIED', true]] },
      'reseller-writes-own-ips': { statuses: ['reseller POST 201', 'admin DELETE 200'], outcome: 'failed', refusedNotApplied: [] },
      // Answered 403, added all the same: the read shows it, the admin removes it.
      'role-checked-after-write': {
        statuses: ['reseller POST 403', 'admin GET 200', 'admin DELETE 200'],
        outcome: 'failed',
        refusedNotApplied: [['SAFE-REFUSED-NOT-APPLIED', false]],
      },
    };
    for (const [fault, want] of Object.entries(expected)) {
      const t = await withGivenKey({ server: { fault: fault === 'none' ? undefined : fault } });
      const before = resellersOf(t);
      const rec = await run(t, 'addResellerIp.role.own-write');
      expect(statuses(rec)).toEqual(want.statuses);
      expect(rec.outcome()).toBe(want.outcome);
      expect(judged(rec, 'SAFE-REFUSED-NOT-APPLIED')).toEqual(want.refusedNotApplied);
      expect(t.run.ledger.pendingParts()).toEqual([]);
      expect(resellersOf(t)).toEqual(before);
    }
  });

  test('an IP to delete is added by the admin first and removed after, whatever the key did', async () => {
    const t = await withGivenKey();
    const before = resellersOf(t);
    t.run.lifecycle.contained.settle(true);
    const rec = await run(t, 'removeResellerIp.role.own-write');
    expect(statuses(rec)).toEqual(['admin POST 201', 'reseller DELETE 403', 'admin DELETE 200']);
    expect(rec.outcome()).toBe('passed');
    expect(t.run.ledger.pendingParts()).toEqual([]);
    expect(resellersOf(t)).toEqual(before);
  });

  test('an IP to delete waits for the lifecycle to show that its writes land only where they are sent and a removal takes only what it names: not shown, not sent', async () => {
    const t = await withGivenKey({ server: { fault: 'ips-delete-all' } });
    const before = resellersOf(t);
    const pending = run(t, 'removeResellerIp.role.own-write');
    // Nothing leaves before the lifecycle has judged its removal.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(t.server.requestLog).toEqual([]);
    t.run.lifecycle.contained.settle(false);
    await expect(pending).rejects.toThrow(/^not sent with a given key: the lifecycle did not show that its writes land only on the record they name/);
    expect(t.server.requestLog).toEqual([]);
    expect(resellersOf(t)).toEqual(before);
  });

  test('what cannot be undone is not sent', async () => {
    const t = await withGivenKey();
    await expect(run(t, 'deleteResellerBranding.role.own-write')).rejects.toThrow(/^not sent with a given key: the write cannot be undone/);
    await expect(run(t, 'getCurrentUser.role.deleted-key')).rejects.toThrow('no minted key: not judged');
    expect(t.server.requestLog).toEqual([]);
  });
});
