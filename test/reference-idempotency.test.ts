// Idempotency-Key, documented: a retried mutating request with the same key
// within 24 hours is answered again, not executed again.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { call } from '../reference/client.ts';
import { IdempotencyCache } from '../reference/idempotency.ts';
import { ok } from '../reference/reply.ts';
import { startReferenceServer, type ReferenceServer } from '../reference/server.ts';

const open: ReferenceServer[] = [];
async function start(): Promise<ReferenceServer> {
  const server = await startReferenceServer({ rateLimit: 1000 });
  open.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

const reseller = (username: string) => ({ username, email: `${username}@example.net`, password: 'S3cure!pass' });
const withKey = (key: string) => ({ 'Idempotency-Key': key });
const resellerCount = async (s: ReferenceServer) => (await call(s, 'GET', '/resellers/')).json.length;

describe('Idempotency-Key', () => {
  test('a retried create answers the first 201 again and creates nothing more', async () => {
    const s = await start();
    const key = randomUUID();
    const first = await call(s, 'POST', '/resellers/', { body: reseller('idem1'), headers: withKey(key) });
    const before = s.snapshot();
    const retry = await call(s, 'POST', '/resellers/', { body: reseller('idem1'), headers: withKey(key) });
    expect(first.status).toBe(201);
    expect([retry.status, retry.json]).toEqual([201, first.json]);
    expect(s.snapshot()).toEqual(before);
    // Without the header, the same body is a second create: 409.
    expect((await call(s, 'POST', '/resellers/', { body: reseller('idem1') })).status).toBe(409);
  });

  test('a retried delete answers the first 200 again, not 404', async () => {
    const s = await start();
    await call(s, 'POST', '/resellers/', { body: reseller('idem2') });
    const key = randomUUID();
    const first = await call(s, 'DELETE', '/resellers/idem2', { headers: withKey(key) });
    const retry = await call(s, 'DELETE', '/resellers/idem2', { headers: withKey(key) });
    expect([first.status, retry.status, retry.json]).toEqual([200, 200, first.json]);
    expect((await call(s, 'DELETE', '/resellers/idem2')).status).toBe(404);
  });

  test('the same key on another request, or from another API key, is a new request', async () => {
    const s = await start();
    const key = randomUUID();
    await call(s, 'POST', '/resellers/', { body: reseller('idem3'), headers: withKey(key) });
    const put = await call(s, 'PUT', '/resellers/idem3/limits', { body: { max_users: 8 }, headers: withKey(key) });
    expect(put.json).toMatchObject({ max_users: 8 });
    const other = (await call(s, 'POST', '/users/admin/api-keys', { body: { name: 'other', permissions: ['all'] } })).json.secret_key;
    const fromOther = await call(s, 'POST', '/resellers/', { body: reseller('idem3'), headers: withKey(key), token: other });
    expect(fromOther.status).toBe(409);
  });

  test('the request, not its body, is what a key names: a changed body within 24 h gets the first answer', async () => {
    const s = await start();
    const key = randomUUID();
    const first = await call(s, 'POST', '/resellers/', { body: reseller('idem4'), headers: withKey(key) });
    const count = await resellerCount(s);
    const changed = await call(s, 'POST', '/resellers/', { body: reseller('idem5'), headers: withKey(key) });
    expect(changed.json).toEqual(first.json);
    expect(await resellerCount(s)).toBe(count);
  });

  test('a failed request is not kept: its retry runs again', async () => {
    const s = await start();
    const key = randomUUID();
    const failed = await call(s, 'POST', '/resellers/', { body: { username: 'idem6' }, headers: withKey(key) });
    const retry = await call(s, 'POST', '/resellers/', { body: reseller('idem6'), headers: withKey(key) });
    expect([failed.status, retry.status]).toEqual([400, 201]);
  });

  test('reads and blank keys are never deduplicated', async () => {
    const s = await start();
    await call(s, 'POST', '/resellers/', { body: reseller('idem7'), headers: withKey(' ') });
    expect((await call(s, 'POST', '/resellers/', { body: reseller('idem7'), headers: withKey(' ') })).status).toBe(409);
    const key = randomUUID();
    await call(s, 'GET', '/resellers/idem7', { headers: withKey(key) });
    await call(s, 'PUT', '/resellers/idem7/limits', { body: { max_users: 99 } });
    expect((await call(s, 'GET', '/resellers/idem7', { headers: withKey(key) })).json.max_users).toBe(99);
  });

  test('an answer is kept 24 hours, on the server clock', () => {
    const cache = new IdempotencyCache();
    let runs = 0;
    const handle = () => ok({ run: ++runs });
    const at = (now: number) => cache.run('k', { method: 'POST', path: '/resellers', token: 't', now }, handle).json;
    expect(at(0)).toEqual({ run: 1 });
    expect(at(24 * 3600_000)).toEqual({ run: 1 });
    expect(at(24 * 3600_000 + 1)).toEqual({ run: 2 });
  });
});
