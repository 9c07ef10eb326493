// The clean-up: the parts probes added go first, then the records the
// ledger holds, each deleted only once it is shown to be the run's own, and
// a suite's clean-up only what that suite created.
import { describe, expect, test } from 'vitest';
import { exchange } from '../../test/helpers/check-context.ts';
import { testRuns } from '../../test/helpers/run-context.ts';
import type { Exchange } from '../model/exchange.ts';
import { cleanupLedger, confirmRefusals, removePart, sendUntil } from './cleanup.ts';
import { recordCreated, recordIntent } from './creates.ts';

const open = testRuns();

describe('sendUntil', () => {
  test('the first answer that holds; without time to wait, the first answer', async () => {
    const answers = [404, 200, 200];
    let sent = 0;
    const send = async () => exchange(answers[sent++], {});
    expect((await sendUntil(5000, send, (ex) => ex.response?.status === 200)).response?.status).toBe(200);
    expect(sent).toBe(2);
    sent = 0;
    expect((await sendUntil(0, send, (ex) => ex.response?.status === 200)).response?.status).toBe(404);
    expect(sent).toBe(1);
  });

  test('gives up when the time is up, with the last answer', async () => {
    let sent = 0;
    const started = Date.now();
    const last = await sendUntil(
      600,
      async () => exchange(500 + sent++, {}),
      () => false,
    );
    expect(sent).toBeGreaterThanOrEqual(2);
    expect(last.response?.status).toBe(500 + sent - 1);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('removePart', () => {
  test('gone (deleted, or not there) settles the part in the ledger; a failed delete leaves it', async () => {
    const t = await open();
    const part = (n: number) => ({ path: `/resellers/partner1/ips/192.0.2.${n}`, owner: 'roles' });
    const sent: string[] = [];
    const answering =
      (status: number) =>
      async (req: { method: string; path: string }): Promise<Exchange> => {
        sent.push(`${req.method} ${req.path}`);
        return exchange(status, {});
      };
    for (const n of [1, 2, 3]) t.run.ledger.intendPart(part(n));
    expect(await removePart(answering(200), t.run.ledger, part(1))).toBe(true);
    expect(await removePart(answering(404), t.run.ledger, part(2))).toBe(true);
    expect(await removePart(answering(500), t.run.ledger, part(3))).toBe(false);
    expect(sent).toEqual(['DELETE /resellers/partner1/ips/192.0.2.1', 'DELETE /resellers/partner1/ips/192.0.2.2', 'DELETE /resellers/partner1/ips/192.0.2.3']);
    expect(t.run.ledger.pendingParts()).toEqual([part(3)]);
  });
});

describe('cleanupLedger', () => {
  test("a suite's clean-up deletes its own records and parts, confirmed gone, and leaves the other suites'", async () => {
    const t = await open();
    const { client, ledger } = t.run;
    const made: Record<string, string> = {};
    for (const owner of ['roles', 'validation']) {
      const body = t.run.data.resellerCreate(owner);
      ledger.intend({ username: body.username, email: body.email, owner });
      expect((await client.call('admin', { method: 'POST', path: '/resellers/', body: { json: body } })).response?.status).toBe(201);
      ledger.created({ username: body.username, email: body.email, owner });
      made[owner] = body.username;
    }
    const ip = { path: '/resellers/partner1/ips/192.0.2.77', owner: 'roles' };
    ledger.intendPart(ip);
    expect((await client.call('admin', { method: 'POST', path: '/resellers/partner1/ips', body: { json: { ip: '192.0.2.77' } } })).response?.status).toBe(201);

    const report = await cleanupLedger(client, t.run.spec, ledger, t.run.prefix, 'roles');
    expect(report).toEqual({ deleted: [made.roles], alreadyGone: [], refused: [], failed: [] });
    expect(t.resellers().sort()).toEqual(['partner1', made.validation].sort());
    const partner = (t.server.snapshot() as { resellers: Array<{ username: string; ips: string[] }> }).resellers.find((r) => r.username === 'partner1')!;
    expect(partner.ips).not.toContain('192.0.2.77');
    expect(ledger.pendingParts()).toEqual([]);
    expect(ledger.pending().map((e) => e.username)).toEqual([made.validation]);
    // Everything that is left, at the end of the run.
    expect((await cleanupLedger(client, t.run.spec, ledger, t.run.prefix)).deleted).toEqual([made.validation]);
    expect(t.resellers()).toEqual(['partner1']);
  });

  test("a record the run only intended is deleted only when it shows as the run's own: a look-alike is refused and kept", async () => {
    const prefix = 'wcq1w2e3';
    const t = await open({
      input: { runId: 'q1w2e3' },
      server: {
        seed: {
          resellers: [
            { username: `${prefix}theirs`, email: 'owner@example.org' },
            { username: `${prefix}ours01`, email: `${prefix}ours01@example.com` },
          ],
        },
      },
    });
    expect(t.run.prefix).toBe(prefix);
    t.run.ledger.intend({ username: `${prefix}theirs`, email: `${prefix}theirs@example.com` });
    t.run.ledger.intend({ username: `${prefix}ours01`, email: `${prefix}ours01@example.com` });
    const report = await cleanupLedger(t.run.client, t.run.spec, t.run.ledger, prefix);
    expect(report).toEqual({ deleted: [`${prefix}ours01`], alreadyGone: [], refused: [`${prefix}theirs`], failed: [] });
    expect(t.resellers().sort()).toEqual(['partner1', `${prefix}theirs`]);
    // A refused record stays in the ledger: the user is told of it.
    expect(t.run.ledger.pending().map((e) => e.username)).toEqual([`${prefix}theirs`]);
  });
});

describe('confirmRefusals', () => {
  test('a refused create no list has settled: one list; what the refusal stored all the same is then cleaned up', async () => {
    const t = await open({ server: { fault: 'create-validated-after-write' } });
    const { client, ledger, spec } = t.run;
    const lists = () => t.server.requestLog.filter((r) => r.method === 'GET' && /^\/api\/v1\/resellers\/?$/.test(r.path)).length;
    // Nothing refused: no list.
    await confirmRefusals(client, spec, ledger);
    expect(lists()).toBe(0);
    const { password: _, ...body } = t.run.data.resellerCreate('refused');
    recordIntent(t.run, spec.record.create, body, 'validation');
    const refused = await client.call('admin', { method: 'POST', path: '/resellers/', body: { json: body } });
    expect(refused.response?.status).toBe(400);
    recordCreated(t.run, spec.record.create, body, refused, 'validation');
    expect(t.resellers()).toContain(body.username);
    await confirmRefusals(client, spec, ledger);
    expect(lists()).toBe(1);
    // Settled: a second call lists nothing more.
    await confirmRefusals(client, spec, ledger);
    expect(lists()).toBe(1);
    expect((await cleanupLedger(client, spec, ledger, t.run.prefix)).deleted).toEqual([body.username]);
    expect(t.resellers()).toEqual(['partner1']);
  });
});
