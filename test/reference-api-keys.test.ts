// API keys as the facts file documents them: the 201 (secret_key, api_key,
// key {...}), permissions defaulting to ["read"] with `all` granting
// everything, expires_in in days (0 = never), and ip_whitelist (empty = any
// source; otherwise only the addresses and blocks listed).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiError } from '../reference/api-error.ts';
import { authenticate } from '../reference/auth.ts';
import { call, type CallOptions } from '../reference/client.ts';
import { faultSwitch } from '../reference/faults.ts';
import { allowsSource, isWhitelistEntry } from '../reference/ip-whitelist.ts';
import { startReferenceServer, type ReferenceServer } from '../reference/server.ts';
import { Store } from '../reference/store.ts';

const NEVER = '0001-01-01T00:00:00Z';
const DAY_MS = 86_400_000;

let server: ReferenceServer;
beforeAll(async () => {
  server = await startReferenceServer({ rateLimit: 10_000, seed: { resellers: [{ username: 'other1', email: 'other1@example.net' }] } });
});
afterAll(() => server.close());

/** Issues a key (as admin, unless `as` is given) and returns the 201's body. */
async function issue(username: string, request: Record<string, unknown>, as?: string): Promise<any> {
  const answer = await call(server, 'POST', `/users/${username}/api-keys`, { body: { name: 'k', ...request }, token: as });
  expect(answer.status, answer.text).toBe(201);
  return answer.json;
}

const notScoped = (resource: string) => ({
  success: false,
  status: 403,
  code: 'FORBIDDEN',
  error: `API key is not scoped for '${resource}' on this request`,
});

describe('issuing a key', () => {
  test('the 201 carries secret_key, its copy api_key, and key {id, name, key_prefix, permissions, enabled, last_used, expires_at}', async () => {
    const issued = await issue('other1', { name: 'ci', permissions: ['all'], ip_whitelist: [], expires_in: 0 });
    expect(issued.success).toBe(true);
    expect(issued.secret_key).toMatch(/^wsp_[0-9a-f]{48}$/);
    expect(issued.api_key).toBe(issued.secret_key);
    expect(issued.key).toMatchObject({
      id: expect.any(String),
      name: 'ci',
      key_prefix: issued.secret_key.slice(0, 12),
      permissions: ['all'],
      enabled: true,
      last_used: NEVER,
      expires_at: NEVER,
    });
    expect(issued.key.key_prefix).toMatch(/^wsp_[0-9a-f]{8}$/);
    expect(JSON.stringify(issued.key)).not.toContain(issued.secret_key);
  });

  test.for([{}, { permissions: [] }])('permissions default to ["read"] (%j)', async (request) => {
    expect((await issue('other1', request)).key.permissions).toEqual(['read']);
  });

  test('expires_in is in days: expires_at lies that far ahead, and the key works until then', async () => {
    const issued = await issue('other1', { expires_in: 7 });
    const expiresAt = Date.parse(issued.key.expires_at);
    expect(issued.key.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Math.abs(expiresAt - (Date.now() + 7 * DAY_MS))).toBeLessThan(5000);
    expect((await call(server, 'GET', '/auth/me', { token: issued.secret_key })).status).toBe(200);
  });

  test('expires_at is on the server clock', async () => {
    const ahead = await startReferenceServer({ clockSkewMs: DAY_MS });
    try {
      const answer = await call(ahead, 'POST', '/users/partner1/api-keys', { body: { name: 'k', expires_in: 1 } });
      expect(Math.abs(Date.parse(answer.json.key.expires_at) - (Date.now() + 2 * DAY_MS))).toBeLessThan(5000);
    } finally {
      await ahead.close();
    }
  });

  test.for([-1, 1.5, '7', null, 36_501])('expires_in %j answers 400', async (expires_in) => {
    const answer = await call(server, 'POST', '/users/other1/api-keys', { body: { name: 'k', expires_in } });
    expect([answer.status, answer.json.code]).toEqual([400, 'VALIDATION_ERROR']);
  });
});

describe('an expired key', () => {
  test('answers 401 from the moment it expires', () => {
    const store = new Store();
    const key = store.issueKey('admin', 'k', ['all'], { expiresAt: 1_000_000 });
    const header = `Bearer ${key.secret}`;
    const has = faultSwitch(undefined);
    expect(authenticate(header, store, has, 999_999, '127.0.0.1').account.username).toBe('admin');
    expect(() => authenticate(header, store, has, 1_000_000, '127.0.0.1')).toThrow(ApiError);
    try {
      authenticate(header, store, has, 1_000_000, '127.0.0.1');
    } catch (err) {
      expect([(err as ApiError).status, (err as ApiError).code, (err as ApiError).message]).toEqual([401, 'UNAUTHORIZED', 'API key expired']);
    }
  });
});

describe('scopes', () => {
  const writes: Array<[string, string, unknown]> = [
    ['POST', '/resellers/', { username: 'scoped1', email: 'scoped1@example.net', password: 'S3cure!pass' }],
    ['PUT', '/resellers/other1/limits', { max_users: 9 }],
    ['DELETE', '/resellers/other1/branding', undefined],
    ['POST', '/resellers/transfer-user', { username: 'x', to_reseller: 'other1' }],
  ];

  test("an admin's read key reads everything and writes nothing: 403 not scoped", async () => {
    const token = (await issue('admin', { permissions: ['read'] })).secret_key;
    for (const path of ['/resellers/', '/resellers/dashboard', '/resellers/other1', '/resellers/other1/limits']) {
      expect((await call(server, 'GET', path, { token })).status, path).toBe(200);
    }
    const before = server.snapshot();
    for (const [method, path, body] of writes) {
      expect((await call(server, method, path, { token, body })).json, `${method} ${path}`).toMatchObject(notScoped('resellers'));
    }
    const key = await call(server, 'POST', '/users/admin/api-keys', { token, body: { name: 'more' } });
    expect(key.json).toMatchObject(notScoped('users'));
    expect(server.snapshot()).toEqual(before);
  });

  test.for([
    ['the admin', undefined],
    ['the reseller itself', 'reseller'],
  ] as const)("a reseller's read key issued by %s reads its own record and sub-resources, nothing else, and writes nothing", async ([, by]) => {
    const token = (await issue('partner1', {}, by && server.resellerToken)).secret_key;
    expect((await call(server, 'GET', '/auth/me', { token })).json).toMatchObject({ username: 'partner1', role: 'reseller' });
    for (const suffix of ['', '/limits', '/allocation', '/usage', '/users', '/branding', '/ips', '/nameservers', '/overselling']) {
      expect((await call(server, 'GET', `/resellers/partner1${suffix}`, { token })).status, suffix).toBe(200);
      expect((await call(server, 'GET', `/resellers/other1${suffix}`, { token })).status, suffix).toBe(403);
    }
    const before = server.snapshot();
    const own: Array<[string, string, unknown]> = [
      ['PUT', '/limits', { max_users: 9 }],
      ['PUT', '/branding', { company_name: 'X' }],
      ['POST', '/ips', { ip: '203.0.113.5' }],
      ['PUT', '/overselling', { enabled: true }],
      ['PUT', '/nameservers', { nameservers: ['ns1.example.net'] }],
      ['DELETE', '/branding', undefined],
      ['DELETE', '', undefined],
    ];
    for (const [method, suffix, body] of own) {
      const answer = await call(server, method, `/resellers/partner1${suffix}`, { token, body });
      expect(answer.json, `${method} ${suffix}`).toMatchObject(notScoped('resellers'));
    }
    expect(server.snapshot()).toEqual(before);
  });

  test('`all` grants every write to the admin; a scope named after a resource grants that resource only', async () => {
    const all = (await issue('admin', { permissions: ['all'] })).secret_key;
    const resellers = (await issue('admin', { permissions: ['resellers'] })).secret_key;
    const options = (token: string, body?: unknown): CallOptions => ({ token, body });
    expect((await call(server, 'PUT', '/resellers/other1/limits', options(all, { max_users: 11 }))).status).toBe(200);
    expect((await call(server, 'PUT', '/resellers/other1/limits', options(resellers, { max_users: 12 }))).status).toBe(200);
    expect((await call(server, 'POST', '/users/other1/api-keys', options(all, { name: 'x' }))).status).toBe(201);
    expect((await call(server, 'POST', '/users/other1/api-keys', options(resellers, { name: 'x' }))).json).toMatchObject(notScoped('users'));
  });

  test("a reseller's `all` key is still held to reading its own record", async () => {
    const token = (await issue('partner1', { permissions: ['all'] })).secret_key;
    expect((await call(server, 'GET', '/resellers/partner1', { token })).status).toBe(200);
    expect((await call(server, 'GET', '/resellers/other1', { token })).status).toBe(403);
    expect((await call(server, 'PUT', '/resellers/partner1/limits', { token, body: { max_users: 9 } })).status).toBe(403);
  });

  test('any valid key may ask who it is, whatever its scopes', async () => {
    const token = (await issue('other1', { permissions: ['domains'] })).secret_key;
    expect((await call(server, 'GET', '/auth/me', { token })).json).toMatchObject({ username: 'other1', role: 'reseller' });
    expect((await call(server, 'GET', '/resellers/other1', { token })).json).toMatchObject(notScoped('resellers'));
  });
});

describe('ip_whitelist', () => {
  /** other1's key with this whitelist, issued by the admin. */
  const keyFrom = async (ip_whitelist: string[]) => (await issue('other1', { permissions: ['all'], ip_whitelist })).secret_key;
  const refused = { success: false, status: 403, code: 'FORBIDDEN', error: expect.any(String), message: expect.any(String) };

  test.for([[], ['127.0.0.1'], ['127.0.0.0/8'], ['0.0.0.0/0'], ['203.0.113.7', '127.0.0.1/32']])(
    'a key whitelisted %j is honoured from 127.0.0.1',
    async (whitelist) => {
      const token = await keyFrom(whitelist);
      expect((await call(server, 'GET', '/auth/me', { token })).json).toMatchObject({ username: 'other1' });
      expect((await call(server, 'GET', '/resellers/other1', { token })).status).toBe(200);
    },
  );

  test.for([['203.0.113.7'], ['10.0.0.0/8'], ['127.0.0.2'], ['128.0.0.0/1'], ['203.0.113.0/24', '127.0.0.2/32']])(
    'a key whitelisted %j is refused from 127.0.0.1 with 403 FORBIDDEN, whatever it asks',
    async (whitelist) => {
      const token = await keyFrom(whitelist);
      const before = server.snapshot();
      expect((await call(server, 'GET', '/auth/me', { token })).json).toEqual(refused);
      expect((await call(server, 'GET', '/resellers/other1', { token })).json).toEqual(refused);
      expect((await call(server, 'PUT', '/resellers/other1/branding', { token, body: { company_name: 'X' } })).json).toEqual(refused);
      expect(server.snapshot()).toEqual(before);
    },
  );

  test('a refused key counts in the per-address budget of requests without a valid key', async () => {
    const s = await startReferenceServer({ rateLimit: 4 });
    try {
      const token = (await call(s, 'POST', '/users/partner1/api-keys', { body: { name: 'k', ip_whitelist: ['203.0.113.7'] } })).json.secret_key;
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(s, 'GET', '/auth/me', { token })).status);
      statuses.push((await call(s, 'GET', '/auth/me', { token: null })).status);
      statuses.push((await call(s, 'GET', '/auth/me', { token })).status);
      expect(statuses).toEqual([403, 403, 403, 401, 429]);
      const admin = await call(s, 'GET', '/auth/me');
      expect([admin.status, admin.headers.get('x-ratelimit-remaining')]).toEqual([200, '2']); // the POST and this one
    } finally {
      await s.close();
    }
  });

  test('an IPv4-mapped source (::ffff:127.0.0.1, on a dual-stack socket) matches 127.0.0.1', async () => {
    const dual = await startReferenceServer({ host: '::' });
    try {
      const s = { ...dual, baseUrl: dual.baseUrl.replace('[::]', '127.0.0.1') };
      const issueFor = async (ip_whitelist: string[]) =>
        (await call(s, 'POST', '/users/partner1/api-keys', { body: { name: 'k', ip_whitelist } })).json.secret_key;
      expect((await call(s, 'GET', '/auth/me', { token: await issueFor(['127.0.0.1']) })).status).toBe(200);
      expect((await call(s, 'GET', '/auth/me', { token: await issueFor(['127.0.0.0/24']) })).status).toBe(200);
      expect((await call(s, 'GET', '/auth/me', { token: await issueFor(['10.0.0.1']) })).status).toBe(403);
    } finally {
      await dual.close();
    }
  });

  test.for([
    'any',
    ['any'],
    [1],
    [null],
    [''],
    ['999.1.1.1'],
    ['10.0.0'],
    ['010.0.0.1'],
    ['10.0.0.0/33'],
    ['10.0.0.1/'],
    ['10.0.0.0/8/8'],
    ['10.0.0.0/-1'],
    ['2001:db8::1'],
    ['example.com'],
    ['127.0.0.1', 'localhost'],
    null,
    {},
  ])('ip_whitelist %j answers 400 VALIDATION_ERROR and issues nothing', async (ip_whitelist) => {
    const before = server.snapshot();
    const answer = await call(server, 'POST', '/users/other1/api-keys', { body: { name: 'k', ip_whitelist } });
    expect(answer.json).toMatchObject({ success: false, status: 400, code: 'VALIDATION_ERROR' });
    expect(server.snapshot()).toEqual(before);
  });

  test('entries and sources, one by one', () => {
    expect(['1.2.3.4', '1.2.3.4/0', '1.2.3.4/32', '10.0.0.0/8'].every(isWhitelistEntry)).toBe(true);
    expect(['1.2.3.4/33', '1.2.3', '::1', '1.2.3.4 ', ' 1.2.3.4'].some(isWhitelistEntry)).toBe(false);
    expect(allowsSource([], '::1')).toBe(true);
    expect(allowsSource(['127.0.0.1'], '::ffff:127.0.0.1')).toBe(true);
    expect(allowsSource(['127.0.0.1'], '::1')).toBe(false);
    expect(allowsSource(['192.168.1.0/24'], '192.168.1.255')).toBe(true);
    expect(allowsSource(['192.168.1.0/24'], '192.168.2.0')).toBe(false);
    expect(allowsSource(['192.168.1.77/24'], '192.168.1.1')).toBe(true); // host bits of a block are ignored
    expect(allowsSource(['0.0.0.0/0'], '255.255.255.255')).toBe(true);
    expect(allowsSource(['255.255.255.254/31'], '255.255.255.255')).toBe(true);
    expect(allowsSource(['255.255.255.254/32'], '255.255.255.255')).toBe(false);
  });
});
