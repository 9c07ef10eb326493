// The quirks: conforming variants, switched like faults. Each probe answers
// "is the variant there?": yes with its quirk, no on the plain server; then
// each is shown in full, requests sent directly.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, test } from 'vitest';
import { call } from '../reference/client.ts';
import { faults } from '../reference/faults.ts';
import { quirks, REPLICA_LAG_MS, type QuirkName } from '../reference/quirks.ts';
import { startReferenceServer, type ReferenceServer } from '../reference/server.ts';

const open: ReferenceServer[] = [];
async function start(quirk?: string, rateLimit = 1000): Promise<ReferenceServer> {
  const server = await startReferenceServer({ quirk, rateLimit });
  open.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

let counter = 0;
async function createReseller(s: ReferenceServer): Promise<string> {
  const username = `quirk${counter++}`;
  const created = await call(s, 'POST', '/resellers/', { body: { username, email: `${username}@example.net`, password: 'S3cure!pass' } });
  expect(created.status).toBe(201);
  return username;
}
const listed = async (s: ReferenceServer, username: string) =>
  (await call(s, 'GET', '/resellers/')).json.some((r: { username: string }) => r.username === username);

const probes: Record<QuirkName, (s: ReferenceServer) => Promise<boolean>> = {
  'get-201': async (s) => (await call(s, 'GET', '/resellers/partner1')).status === 201,
  'no-email-in-record': async (s) => !('email' in (await call(s, 'GET', '/resellers/partner1')).json),
  'replica-lag': async (s) => (await call(s, 'GET', `/resellers/${await createReseller(s)}`)).status === 404,
  'proxy-503-once': async (s) => (await call(s, 'GET', '/resellers/partner1')).status === 503,
  'connection-reset-once': async (s) => {
    const username = await createReseller(s);
    return call(s, 'DELETE', `/resellers/${username}`).then(
      () => false,
      () => true,
    );
  },
};

describe('quirk list', () => {
  test('each quirk has a description and a probe, and no quirk is named like a fault', () => {
    expect(Object.keys(probes).sort()).toEqual(Object.keys(quirks).sort());
    expect(Object.values(quirks).every((d) => d.length > 10)).toBe(true);
    expect(Object.keys(quirks).filter((name) => Object.hasOwn(faults, name))).toEqual([]);
  });

  test('an unknown quirk throws', async () => {
    await expect(startReferenceServer({ quirk: 'no-such-quirk' })).rejects.toThrow(/Unknown quirk 'no-such-quirk'/);
  });

  test.for(Object.keys(probes) as QuirkName[])('%s is observable, and absent without the quirk', async (quirk) => {
    expect(await probes[quirk](await start(quirk)), 'variant seen with the quirk').toBe(true);
    expect(await probes[quirk](await start()), 'variant seen without the quirk').toBe(false);
  });
});

describe('each quirk in full', () => {
  test('get-201: GET one answers 201 with the full object; list and sub-resources stay 200', async () => {
    const s = await start('get-201');
    const got = await call(s, 'GET', '/resellers/partner1');
    expect(got.json).toMatchObject({ username: 'partner1', max_users: 5, can_grant_php: true });
    expect((await call(s, 'GET', '/resellers/')).status).toBe(200);
    expect((await call(s, 'GET', '/resellers/partner1/limits')).status).toBe(200);
    expect((await call(s, 'GET', '/resellers/nobody')).status).toBe(404);
  });

  test('no-email-in-record: neither get one nor the list carries email; everything else is there', async () => {
    const s = await start('no-email-in-record');
    const username = await createReseller(s);
    const got = (await call(s, 'GET', `/resellers/${username}`)).json;
    expect(got).toMatchObject({ username, package: 'default', max_users: 5, can_grant_sysinfo: false });
    expect(got).not.toHaveProperty('email');
    expect((await call(s, 'GET', '/resellers/')).json.some((r: object) => 'email' in r)).toBe(false);
  });

  test('replica-lag: creates and deletes show in reads only after the lag; writes see the truth at once', async () => {
    const s = await start('replica-lag');
    const username = await createReseller(s);
    const hidden = await call(s, 'GET', `/resellers/${username}`);
    expect([hidden.status, hidden.json.code]).toEqual([404, 'NOT_FOUND']);
    expect(await listed(s, username)).toBe(false);
    expect((await call(s, 'GET', `/resellers/${username}/limits`)).status).toBe(200);
    expect(await listed(s, 'partner1')).toBe(true); // seeded records never lag
    await sleep(REPLICA_LAG_MS + 100);
    expect((await call(s, 'GET', `/resellers/${username}`)).status).toBe(200);

    expect((await call(s, 'DELETE', `/resellers/${username}`)).status).toBe(200);
    expect((await call(s, 'GET', `/resellers/${username}`)).status).toBe(200);
    expect(await listed(s, username)).toBe(true);
    expect((await call(s, 'DELETE', `/resellers/${username}`)).status).toBe(404);
    await sleep(REPLICA_LAG_MS + 100);
    expect((await call(s, 'GET', `/resellers/${username}`)).status).toBe(404);
    expect(await listed(s, username)).toBe(false);
  });

  test('replica-lag: a reseller deleted before it showed never shows', async () => {
    const s = await start('replica-lag');
    const username = await createReseller(s);
    expect((await call(s, 'DELETE', `/resellers/${username}`)).status).toBe(200);
    expect((await call(s, 'GET', `/resellers/${username}`)).status).toBe(404);
    await sleep(REPLICA_LAG_MS + 100);
    expect((await call(s, 'GET', `/resellers/${username}`)).status).toBe(404);
  });

  test('proxy-503-once: the first request to each reseller path meets the load balancer, the retry the panel', async () => {
    const s = await start('proxy-503-once', 5);
    const turnedAway = await call(s, 'GET', '/resellers/partner1');
    expect(turnedAway.status).toBe(503);
    expect(turnedAway.headers.get('content-type')).toMatch(/^text\/html/);
    expect(turnedAway.headers.get('retry-after')).toBe('1');
    expect(turnedAway.text).toContain('503 Service Temporarily Unavailable');
    expect(turnedAway.headers.has('x-ratelimit-remaining')).toBe(false);
    const served = await call(s, 'GET', '/resellers/partner1');
    expect(served.status).toBe(200);
    expect(served.headers.get('x-ratelimit-remaining')).toBe('4'); // the panel never counted the 503
    expect((await call(s, 'GET', '/resellers/partner1/')).status).toBe(200); // the same path
    expect((await call(s, 'GET', '/resellers/partner1/limits')).status).toBe(200);
    expect((await call(s, 'GET', '/auth/me')).status).toBe(200);
  });

  test('proxy-503-once: a turned-away create or delete changes nothing; its retry does', async () => {
    const s = await start('proxy-503-once');
    const body = { username: 'lb1', email: 'lb1@example.net', password: 'S3cure!pass' };
    const before = s.snapshot();
    expect((await call(s, 'POST', '/resellers/', { body })).status).toBe(503);
    expect(s.snapshot()).toEqual(before);
    expect((await call(s, 'POST', '/resellers', { body })).status).toBe(201);
    expect((await call(s, 'DELETE', '/resellers/lb1')).status).toBe(503);
    expect((await call(s, 'DELETE', '/resellers/lb1')).status).toBe(200);
  });

  test('connection-reset-once: the first successful delete is applied and its answer lost; later ones answer', async () => {
    const s = await start('connection-reset-once');
    expect((await call(s, 'DELETE', '/resellers/nobody')).status).toBe(404);
    const first = await createReseller(s);
    const second = await createReseller(s);
    await expect(call(s, 'DELETE', `/resellers/${first}`)).rejects.toThrow();
    expect((await call(s, 'GET', `/resellers/${first}`)).status).toBe(404);
    expect((await call(s, 'DELETE', `/resellers/${second}`)).status).toBe(200);
  });
});
