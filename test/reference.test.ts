// Self-tests of the faultless reference server: the documented contract and
// the inferred conventions of wispanel-api-facts.md, plus its lifecycle API.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { faults } from '../reference/faults.ts';
import { startReferenceServer, type ReferenceOptions, type ReferenceServer } from '../reference/server.ts';
import { makeSelfSignedCert } from './helpers/tls.ts';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

interface CallOptions {
  /** Bearer key; default the admin key, null for no Authorization header. */
  token?: string | null;
  /** Raw Authorization header, overriding `token`. */
  authorization?: string;
  body?: unknown;
  /** Raw body text, sent instead of `body`. */
  raw?: string;
  contentType?: string;
}

/** One request; asserts the conventions every faultless response must meet. */
async function call(server: ReferenceServer, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? server.adminToken : options.token;
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (token !== null) headers.authorization = `Bearer ${token}`;
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const res = await fetch(server.baseUrl + path, { method, headers, body });
  const text = await res.text();
  const answer: Answer = { status: res.status, headers: res.headers, text, json: parseJson(text) };
  expectConventions(answer);
  return answer;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function expectConventions(answer: Answer): void {
  expect(answer.status, answer.text).toBeLessThan(500);
  expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(answer.json).not.toBeUndefined();
  for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) {
    expect(answer.headers.get(name), name).toMatch(/^\d+$/);
  }
  if (answer.status >= 400) expectEnvelope(answer, answer.status);
}

function expectEnvelope(answer: Answer, status: number, code?: string): void {
  expect(answer.status).toBe(status);
  expect(answer.json).toMatchObject({ success: false, status });
  expect(typeof answer.json.code).toBe('string');
  expect(typeof answer.json.error).toBe('string');
  expect(typeof answer.json.message).toBe('string');
  if (code !== undefined) expect(answer.json.code).toBe(code);
}

const DOCUMENTED_RESELLER = {
  package: 'default',
  max_users: 5,
  max_domains: 10,
  max_databases: 20,
  max_email_accounts: 50,
  max_ftp_accounts: 10,
  disk_quota_mb: 10240,
  bandwidth_quota_mb: 51200,
  can_grant_php: true,
  can_grant_cgi: false,
  can_grant_ssl: true,
  can_grant_ssh: false,
  can_grant_cron: true,
  can_grant_spam: true,
  can_grant_catchall: false,
  can_grant_dnscontrol: true,
  can_grant_sysinfo: false,
};

let nameCounter = 0;
const freshName = () => `ref${Date.now().toString(36).slice(-5)}${nameCounter++}`;
const newReseller = (username = freshName()) => ({ username, email: `${username}@example.net`, password: 'S3cure!pass' });

const open: ReferenceServer[] = [];
async function start(options: ReferenceOptions = {}): Promise<ReferenceServer> {
  const server = await startReferenceServer(options);
  open.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

describe('documented resellers contract (admin key)', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ rateLimit: 10_000 });
  });
  afterAll(() => server.close());

  test('create answers 201 with the minimal ack', async () => {
    const input = newReseller();
    const created = await call(server, 'POST', '/resellers/', { body: input });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      success: true,
      message: 'Reseller created successfully',
      username: input.username,
      package: 'default',
    });
  });

  test('get one answers the documented object shape', async () => {
    const input = newReseller();
    await call(server, 'POST', '/resellers/', { body: input });
    const got = await call(server, 'GET', `/resellers/${input.username}`);
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ username: input.username, ...DOCUMENTED_RESELLER });
    const flags = Object.keys(got.json).filter((key) => key.startsWith('can_grant_'));
    expect(flags).toHaveLength(9);
  });

  test('list answers a JSON array with and without the trailing slash', async () => {
    const input = newReseller();
    await call(server, 'POST', '/resellers/', { body: input });
    for (const path of ['/resellers/', '/resellers']) {
      const list = await call(server, 'GET', path);
      expect(list.status).toBe(200);
      expect(Array.isArray(list.json)).toBe(true);
      const names = list.json.map((r: { username: string }) => r.username);
      expect(names).toEqual(expect.arrayContaining(['partner1', input.username]));
    }
  });

  test('delete answers the ack, then the reseller is gone', async () => {
    const input = newReseller();
    await call(server, 'POST', '/resellers/', { body: input });
    const deleted = await call(server, 'DELETE', `/resellers/${input.username}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ success: true, message: 'Reseller deleted' });
    expectEnvelope(await call(server, 'GET', `/resellers/${input.username}`), 404, 'NOT_FOUND');
    expectEnvelope(await call(server, 'DELETE', `/resellers/${input.username}`), 404, 'NOT_FOUND');
  });

  test('dashboard answers an overview', async () => {
    const dashboard = await call(server, 'GET', '/resellers/dashboard');
    expect(dashboard.status).toBe(200);
    expect(dashboard.json).toMatchObject({ total_resellers: expect.any(Number), total_users: expect.any(Number) });
  });

  test('auth/me describes the caller', async () => {
    const admin = await call(server, 'GET', '/auth/me');
    expect(admin.json).toEqual({ username: 'admin', email: 'admin@example.com', role: 'admin', status: 'active', package: 'default' });
    const reseller = await call(server, 'GET', '/auth/me', { token: server.resellerToken });
    expect(reseller.json).toMatchObject({ username: 'partner1', email: 'partner1@example.com', role: 'reseller', status: 'active' });
  });
});

describe('bad input answers a 400 envelope and changes nothing', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ rateLimit: 10_000 });
  });
  afterAll(() => server.close());

  const valid = newReseller('badinput1');
  const cases: Array<[string, CallOptions]> = [
    ['username absent', { body: { email: valid.email, password: valid.password } }],
    ['email null', { body: { ...valid, email: null } }],
    ['password empty', { body: { ...valid, password: '' } }],
    ['empty object', { body: {} }],
    ['username a number', { body: { ...valid, username: 42 } }],
    ['email an object', { body: { ...valid, email: { at: 'x' } } }],
    ['username with uppercase', { body: { ...valid, username: 'BadName' } }],
    ['username starting with a digit', { body: { ...valid, username: '1abc' } }],
    ['username of 17 characters', { body: { ...valid, username: 'a'.repeat(17) } }],
    ['username colliding with a fixed route', { body: { ...valid, username: 'dashboard' } }],
    ['invalid e-mail', { body: { ...valid, email: 'not-an-email' } }],
    ['weak password', { body: { ...valid, password: 'short' } }],
    ['malformed JSON', { raw: '{"username": "x",' }],
    ['JSON array body', { body: [valid] }],
    ['JSON null body', { raw: 'null' }],
    ['empty body', { raw: '' }],
    ['non-JSON content type', { raw: JSON.stringify(valid), contentType: 'text/plain' }],
    ['form-encoded body', { raw: 'username=x&email=y&password=z', contentType: 'application/x-www-form-urlencoded' }],
    ['binary garbage', { raw: '\u0000\uffff\u00ff{{{', contentType: 'application/json' }],
  ];

  test.for(cases)('create with %s', async ([, options]) => {
    const before = server.snapshot();
    const answer = await call(server, 'POST', '/resellers/', options);
    expectEnvelope(answer, 400, 'VALIDATION_ERROR');
    expect(server.snapshot()).toEqual(before);
  });

  test('a missing field answers the documented message', async () => {
    const answer = await call(server, 'POST', '/resellers/', { body: { username: 'abc', email: 'abc@example.net' } });
    expect(answer.json.error).toBe('Username, email, and password are required');
  });

  test('duplicate create answers 409 CONFLICT and leaves the record untouched', async () => {
    const input = newReseller();
    await call(server, 'POST', '/resellers/', { body: input });
    await call(server, 'PUT', `/resellers/${input.username}/limits`, { body: { max_users: 42 } });
    const before = server.snapshot();
    const duplicate = await call(server, 'POST', '/resellers/', { body: { ...input, email: 'other@example.net' } });
    expectEnvelope(duplicate, 409, 'CONFLICT');
    expect(server.snapshot()).toEqual(before);
    const got = await call(server, 'GET', `/resellers/${input.username}`);
    expect(got.json).toMatchObject({ email: input.email, max_users: 42 });
  });

  test('a username held by a hosting user or the admin is taken', async () => {
    const seeded = await start({ seed: { resellers: [{ username: 'host1', email: 'h@example.net', users: ['user1'] }] } });
    for (const username of ['user1', 'admin']) {
      expectEnvelope(await call(seeded, 'POST', '/resellers/', { body: newReseller(username) }), 409, 'CONFLICT');
    }
  });

  test('unknown extra keys are ignored', async () => {
    const input = newReseller();
    const answer = await call(server, 'POST', '/resellers/', { body: { ...input, plan: 'gold', notes: [1, 2] } });
    expect(answer.status).toBe(201);
  });

  test('a body over 1 MiB answers 413 with the envelope', async () => {
    const answer = await call(server, 'POST', '/resellers/', { raw: JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }) });
    expectEnvelope(answer, 413);
  });
});

describe('routing', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ rateLimit: 10_000 });
  });
  afterAll(() => server.close());

  test.for(['/nothing-here', '/resellers/partner1/nothing', '/resellers/partner1/ips/a/b', '/'])('unknown path %s answers 404 NOT_FOUND', async (path) => {
    expectEnvelope(await call(server, 'GET', path), 404, 'NOT_FOUND');
  });

  test('a path outside /api/v1 answers 404', async () => {
    const res = await fetch(server.baseUrl.replace('/api/v1', '/resellers/'), {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ success: false, code: 'NOT_FOUND', status: 404 });
  });

  test.for([
    ['PUT', '/resellers/'],
    ['PATCH', '/resellers/partner1'],
    ['GET', '/resellers/transfer-user'],
    ['POST', '/resellers/dashboard'],
    ['DELETE', '/resellers/partner1/limits'],
  ])('%s %s answers 405 with Allow', async ([method, path]) => {
    const answer = await call(server, method ?? '', path ?? '', { body: method === 'GET' ? undefined : {} });
    expectEnvelope(answer, 405, 'METHOD_NOT_ALLOWED');
    expect(answer.headers.get('allow')).toBeTruthy();
  });
});

describe('authentication', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ rateLimit: 10_000 });
  });
  afterAll(() => server.close());

  test('a missing Authorization header answers 401 "Missing authorization"', async () => {
    const answer = await call(server, 'GET', '/resellers/', { token: null });
    expectEnvelope(answer, 401, 'UNAUTHORIZED');
    expect(answer.json.error).toBe('Missing authorization');
  });

  test.for([
    ['an unknown wsp_ key', `Bearer wsp_${'0'.repeat(48)}`],
    ['a bare Bearer', 'Bearer'],
    ['Bearer with a blank key', 'Bearer   '],
    ['the Basic scheme', `Basic ${Buffer.from('admin:password').toString('base64')}`],
    ['the admin key without a scheme', 'KEY'],
    ['a Token scheme', 'Token KEY'],
  ])('%s answers 401 "Invalid API key"', async ([, header]) => {
    const authorization = (header ?? '').replace('KEY', server.adminToken);
    const answer = await call(server, 'GET', '/resellers/', { authorization });
    expectEnvelope(answer, 401, 'UNAUTHORIZED');
    expect(answer.json.error).toBe('Invalid API key');
  });

  test('401 comes before routing: an unknown path without a key answers 401', async () => {
    expectEnvelope(await call(server, 'GET', '/nothing-here', { token: null }), 401, 'UNAUTHORIZED');
  });

  test('the scheme name is case-insensitive', async () => {
    const answer = await call(server, 'GET', '/auth/me', { authorization: `bearer ${server.adminToken}` });
    expect(answer.status).toBe(200);
  });
});

describe('api keys', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({
      rateLimit: 10_000,
      seed: { resellers: [{ username: 'other1', email: 'other1@example.net', users: ['hosted1'] }] },
    });
  });
  afterAll(() => server.close());

  const keyRequest = { name: 'conformance', permissions: ['resellers'], ip_whitelist: [], expires_in: 0 };

  test('an admin issues a key for a reseller; the key works once', async () => {
    const issued = await call(server, 'POST', '/users/other1/api-keys', { body: keyRequest });
    expect(issued.status).toBe(201);
    expect(issued.json).toMatchObject({ success: true, key: { name: 'conformance', permissions: ['resellers'] } });
    expect(issued.json.secret_key).toMatch(/^wsp_[0-9a-f]{48}$/);
    // Documented: `wsp_` + 8 hex.
    expect(issued.json.key.key_prefix).toBe(issued.json.secret_key.slice(0, 12));
    const me = await call(server, 'GET', '/auth/me', { token: issued.json.secret_key });
    expect(me.json).toMatchObject({ username: 'other1', role: 'reseller' });
    expect(JSON.stringify(server.snapshot())).not.toContain(issued.json.secret_key);
  });

  test('a hosting user key has role user and no reseller access', async () => {
    const issued = await call(server, 'POST', '/users/hosted1/api-keys', { body: keyRequest });
    const token = issued.json.secret_key;
    expect((await call(server, 'GET', '/auth/me', { token })).json.role).toBe('user');
    expectEnvelope(await call(server, 'GET', '/resellers/other1', { token }), 403, 'FORBIDDEN');
  });

  test('a reseller issues keys for itself only', async () => {
    const own = await call(server, 'POST', '/users/partner1/api-keys', { token: server.resellerToken, body: keyRequest });
    expect(own.status).toBe(201);
    const other = await call(server, 'POST', '/users/other1/api-keys', { token: server.resellerToken, body: keyRequest });
    expectEnvelope(other, 403, 'FORBIDDEN');
  });

  test('unknown user answers 404; bad bodies answer 400', async () => {
    expectEnvelope(await call(server, 'POST', '/users/nobody/api-keys', { body: keyRequest }), 404, 'NOT_FOUND');
    for (const body of [{}, { name: 'x', permissions: 'all' }, { name: 'x', permissions: [1] }, { name: 'x', expires_in: -1 }]) {
      expectEnvelope(await call(server, 'POST', '/users/other1/api-keys', { body }), 400, 'VALIDATION_ERROR');
    }
  });

  test("deleting a reseller revokes its keys and its users' keys", async () => {
    const scratch = await start({ seed: { resellers: [{ username: 'gone1', email: 'g@example.net', users: ['gu1'] }] } });
    const resellerKey = (await call(scratch, 'POST', '/users/gone1/api-keys', { body: keyRequest })).json.secret_key;
    const userKey = (await call(scratch, 'POST', '/users/gu1/api-keys', { body: keyRequest })).json.secret_key;
    await call(scratch, 'DELETE', '/resellers/gone1');
    for (const token of [resellerKey, userKey]) {
      expectEnvelope(await call(scratch, 'GET', '/auth/me', { token }), 401, 'UNAUTHORIZED');
    }
  });
});

describe('reseller role: reads own, nothing else', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({
      rateLimit: 10_000,
      seed: { resellers: [{ username: 'other1', email: 'other1@example.net' }] },
    });
  });
  afterAll(() => server.close());

  const ownReads = ['', '/limits', '/allocation', '/usage', '/users', '/branding', '/ips', '/nameservers', '/overselling'];

  test.for(ownReads)('GET own record%s answers 200', async (suffix) => {
    const answer = await call(server, 'GET', `/resellers/partner1${suffix}`, { token: server.resellerToken });
    expect(answer.status).toBe(200);
  });

  test.for(ownReads)("GET another reseller's record%s answers 403", async (suffix) => {
    const answer = await call(server, 'GET', `/resellers/other1${suffix}`, { token: server.resellerToken });
    expectEnvelope(answer, 403, 'FORBIDDEN');
  });

  test.for([
    ['GET', '/resellers/', undefined],
    ['GET', '/resellers/dashboard', undefined],
    ['POST', '/resellers/', newReseller()],
    ['DELETE', '/resellers/partner1', undefined],
    ['PUT', '/resellers/partner1/limits', { max_users: 100 }],
    ['PUT', '/resellers/partner1/branding', { company_name: 'X' }],
    ['DELETE', '/resellers/partner1/branding', undefined],
    ['POST', '/resellers/partner1/ips', { ip: '203.0.113.5' }],
    ['PUT', '/resellers/partner1/nameservers', { nameservers: ['ns1.example.net'] }],
    ['PUT', '/resellers/partner1/overselling', { enabled: true }],
    ['POST', '/resellers/transfer-user', { username: 'x', to_reseller: 'partner1' }],
    ['GET', '/resellers/nobody', undefined],
  ] as const)('%s %s answers 403 and changes nothing', async ([method, path, body]) => {
    const before = server.snapshot();
    const answer = await call(server, method, path, { token: server.resellerToken, body });
    expectEnvelope(answer, 403, 'FORBIDDEN');
    expect(server.snapshot()).toEqual(before);
  });
});

describe('per-reseller sub-resources', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({
      rateLimit: 10_000,
      seed: {
        resellers: [
          { username: 'alpha', email: 'alpha@example.net', users: ['cust1', 'cust2'], ips: ['198.51.100.7'] },
          { username: 'beta', email: 'beta@example.net' },
        ],
      },
    });
  });
  afterAll(() => server.close());

  test('limits: GET the seven, PUT updates some and keeps the rest', async () => {
    const input = newReseller();
    await call(server, 'POST', '/resellers/', { body: input });
    const base = `/resellers/${input.username}/limits`;
    const limits = (await call(server, 'GET', base)).json;
    expect(Object.keys(limits)).toHaveLength(7);
    const put = await call(server, 'PUT', base, { body: { max_users: 100, disk_quota_mb: -1, ignored: 'x' } });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ max_users: 100, disk_quota_mb: -1, max_domains: 10 });
    expect((await call(server, 'GET', base)).json).toEqual(put.json);
    expect((await call(server, 'GET', `/resellers/${input.username}`)).json.max_users).toBe(100);
  });

  test('limits: -1 (unlimited), 0 and the int32 maximum are accepted', async () => {
    const put = await call(server, 'PUT', '/resellers/beta/limits', { body: { max_users: -1, max_domains: 0, disk_quota_mb: 2 ** 31 - 1 } });
    expect(put.json).toMatchObject({ max_users: -1, max_domains: 0, disk_quota_mb: 2 ** 31 - 1 });
  });

  test.for([
    {},
    { other: 1 },
    { max_users: '10' },
    { max_users: 5.5 },
    { max_users: -2 },
    { max_users: null },
    { max_users: 2 ** 31 },
    { bandwidth_quota_mb: 1e15 },
  ])('limits PUT %j answers 400', async (body) => {
    expectEnvelope(await call(server, 'PUT', '/resellers/beta/limits', { body }), 400, 'VALIDATION_ERROR');
  });

  test.for([
    ['GET', '/limits', undefined],
    ['PUT', '/limits', { max_users: 'bad' }],
    ['GET', '/allocation', undefined],
    ['GET', '/usage', undefined],
    ['GET', '/users', undefined],
    ['GET', '/branding', undefined],
    ['PUT', '/branding', 'not an object'],
    ['DELETE', '/branding', undefined],
    ['GET', '/ips', undefined],
    ['POST', '/ips', { ip: 'bad' }],
    ['DELETE', '/ips/203.0.113.5', undefined],
    ['GET', '/nameservers', undefined],
    ['PUT', '/nameservers', {}],
    ['GET', '/overselling', undefined],
    ['PUT', '/overselling', []],
  ] as const)('%s nobody%s answers 404 before judging the body', async ([method, suffix, body]) => {
    expectEnvelope(await call(server, method, `/resellers/nobody${suffix}`, { body }), 404, 'NOT_FOUND');
  });

  test('branding: PUT stores string fields, GET returns them, DELETE resets', async () => {
    const branding = { company_name: 'Acme', logo_url: 'https://acme.example/logo.png', primary_color: '#123456', support_email: 'help@acme.example' };
    expect((await call(server, 'PUT', '/resellers/beta/branding', { body: branding })).status).toBe(200);
    expect((await call(server, 'GET', '/resellers/beta/branding')).json).toEqual(branding);
    const reset = await call(server, 'DELETE', '/resellers/beta/branding');
    expect(reset.json).toMatchObject({ success: true });
    expect((await call(server, 'GET', '/resellers/beta/branding')).json).toEqual({});
    for (const body of [{ company_name: 5 }, ['Acme']]) {
      expectEnvelope(await call(server, 'PUT', '/resellers/beta/branding', { body }), 400, 'VALIDATION_ERROR');
    }
  });

  test('ips: POST assigns, duplicates conflict, DELETE removes, invalid is refused', async () => {
    const base = '/resellers/beta/ips';
    for (const ip of ['203.0.113.5', '2001:db8::5']) {
      const assigned = await call(server, 'POST', base, { body: { ip } });
      expect(assigned.status).toBe(201);
    }
    expect((await call(server, 'GET', base)).json).toEqual({ ips: ['203.0.113.5', '2001:db8::5'] });
    expectEnvelope(await call(server, 'POST', base, { body: { ip: '203.0.113.5' } }), 409, 'CONFLICT');
    for (const ip of ['999.1.1.1', '203.0.113', 'example.com', '', 42, null]) {
      expectEnvelope(await call(server, 'POST', base, { body: { ip } }), 400, 'VALIDATION_ERROR');
    }
    expect((await call(server, 'DELETE', `${base}/${encodeURIComponent('2001:db8::5')}`)).status).toBe(200);
    expect((await call(server, 'GET', base)).json).toEqual({ ips: ['203.0.113.5'] });
    expectEnvelope(await call(server, 'DELETE', `${base}/198.51.100.99`), 404, 'NOT_FOUND');
  });

  test('nameservers: PUT takes a list or numbered keys; host names are checked', async () => {
    const base = '/resellers/beta/nameservers';
    const listed = await call(server, 'PUT', base, { body: { nameservers: ['ns1.example.net', 'ns2.example.net'] } });
    expect(listed.json).toEqual({ nameservers: ['ns1.example.net', 'ns2.example.net'] });
    await call(server, 'PUT', base, { body: { ns2: 'b.example.org', ns1: 'a.example.org' } });
    expect((await call(server, 'GET', base)).json).toEqual({ nameservers: ['a.example.org', 'b.example.org'] });
    for (const body of [{}, { nameservers: [] }, { nameservers: ['not a host'] }, { nameservers: 'ns1.example.net' }, { ns1: 'localhost' }]) {
      expectEnvelope(await call(server, 'PUT', base, { body }), 400, 'VALIDATION_ERROR');
    }
  });

  test('overselling: PUT stores booleans and numbers', async () => {
    const base = '/resellers/beta/overselling';
    expect((await call(server, 'GET', base)).json).toEqual({ enabled: false });
    const put = await call(server, 'PUT', base, { body: { enabled: true, ratio: 1.5 } });
    expect(put.json).toEqual({ enabled: true, ratio: 1.5 });
    expect((await call(server, 'GET', base)).json).toEqual({ enabled: true, ratio: 1.5 });
    for (const body of [{ enabled: 'yes' }, { ratio: 'x' }]) {
      expectEnvelope(await call(server, 'PUT', base, { body }), 400, 'VALIDATION_ERROR');
    }
  });

  test('allocation, usage and users reflect the seeded users', async () => {
    expect((await call(server, 'GET', '/resellers/alpha/users')).json.users).toHaveLength(2);
    expect((await call(server, 'GET', '/resellers/alpha/allocation')).json.allocated).toEqual({ users: 2 });
    expect((await call(server, 'GET', '/resellers/alpha/usage')).json.users).toBe(2);
    expect((await call(server, 'GET', '/resellers/alpha/ips')).json).toEqual({ ips: ['198.51.100.7'] });
  });

  test('transfer-user moves a user between resellers', async () => {
    const moved = await call(server, 'POST', '/resellers/transfer-user', { body: { username: 'cust1', to_reseller: 'beta' } });
    expect(moved.json).toMatchObject({ success: true, username: 'cust1', from_reseller: 'alpha', to_reseller: 'beta' });
    const names = (await call(server, 'GET', '/resellers/beta/users')).json.users.map((u: { username: string }) => u.username);
    expect(names).toContain('cust1');
    expectEnvelope(await call(server, 'POST', '/resellers/transfer-user', { body: { username: 'cust2' } }), 400, 'VALIDATION_ERROR');
    expectEnvelope(await call(server, 'POST', '/resellers/transfer-user', { body: { username: 'ghost', to_reseller: 'beta' } }), 404, 'NOT_FOUND');
    expectEnvelope(await call(server, 'POST', '/resellers/transfer-user', { body: { username: 'cust2', to_reseller: 'ghost' } }), 404, 'NOT_FOUND');
  });
});

describe('rate limiting (limit 5, window 1000 ms)', () => {
  test('the 6th request answers 429 with the envelope; service returns after the reset', async () => {
    const server = await start({ rateLimit: 5, windowMs: 1000 });
    const startedAt = Date.now();
    for (let i = 1; i <= 5; i++) {
      const answer = await call(server, 'GET', '/auth/me');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-ratelimit-limit')).toBe('5');
      expect(answer.headers.get('x-ratelimit-remaining')).toBe(String(5 - i));
    }
    const limited = await call(server, 'GET', '/auth/me');
    expectEnvelope(limited, 429, 'RATE_LIMITED');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const reset = Number(limited.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThan(startedAt / 1000);
    expect(reset).toBeLessThanOrEqual(Math.ceil((startedAt + 1000) / 1000) + 1);

    // Another key has its own budget.
    expect((await call(server, 'GET', '/auth/me', { token: server.resellerToken })).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, reset * 1000 - Date.now() + 50));
    const after = await call(server, 'GET', '/auth/me');
    expect(after.status).toBe(200);
    expect(after.headers.get('x-ratelimit-remaining')).toBe('4');
  });

  test('requests without a valid key share one budget per client IP, counted before auth', async () => {
    const server = await start({ rateLimit: 5, windowMs: 1000 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(server, 'GET', '/auth/me', { token: null })).status);
    for (let i = 0; i < 3; i++) statuses.push((await call(server, 'GET', '/auth/me', { token: `wsp_${'f'.repeat(48)}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await call(server, 'GET', '/auth/me')).status).toBe(200);
  });

  test('the request log records every request with its token and status', async () => {
    const server = await start({ rateLimit: 2, windowMs: 1000 });
    for (let i = 0; i < 3; i++) await call(server, 'GET', '/auth/me');
    await call(server, 'GET', '/auth/me', { token: null });
    expect(server.requestLog.map(({ token, method, path, status }) => ({ token, method, path, status }))).toEqual([
      { token: server.adminToken, method: 'GET', path: '/api/v1/auth/me', status: 200 },
      { token: server.adminToken, method: 'GET', path: '/api/v1/auth/me', status: 200 },
      { token: server.adminToken, method: 'GET', path: '/api/v1/auth/me', status: 429 },
      { token: null, method: 'GET', path: '/api/v1/auth/me', status: 401 },
    ]);
  });
});

describe('server lifecycle', () => {
  test('defaults: loopback, a free port, /api/v1, fresh keys each start', async () => {
    const a = await start();
    const b = await start();
    expect(a.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    expect(a.baseUrl).not.toBe(b.baseUrl);
    expect(a.adminToken).toMatch(/^wsp_[0-9a-f]{48}$/);
    expect(a.resellerToken).toMatch(/^wsp_[0-9a-f]{48}$/);
    expect(a.adminToken).not.toBe(b.adminToken);
    expect(a.resellerUsername).toBe('partner1');
    expect((await call(a, 'GET', '/auth/me', { token: b.adminToken })).status).toBe(401);
  });

  test('close() returns with an idle keep-alive connection and a silent socket open', async () => {
    const server = await startReferenceServer();
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${server.baseUrl}/auth/me`, { agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    const silent = connect(Number(new URL(server.baseUrl).port), '127.0.0.1');
    silent.on('error', () => {});
    await new Promise((resolve) => silent.once('connect', resolve));
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('close() hung')), 2000));
    await Promise.race([server.close(), timeout]);
    await server.close();
    agent.destroy();
  });

  test('every fault name starts a server; an unknown name throws', async () => {
    for (const fault of Object.keys(faults)) {
      const server = await startReferenceServer({ fault });
      await server.close();
    }
    await expect(startReferenceServer({ fault: 'no-such-fault' })).rejects.toThrow(/Unknown fault/);
  });

  test('nonsense options throw', async () => {
    await expect(startReferenceServer({ rateLimit: 0 })).rejects.toThrow(/rateLimit/);
    await expect(startReferenceServer({ windowMs: 1.5 })).rejects.toThrow(/windowMs/);
  });

  test('seed data is served, and partner1 always exists', async () => {
    const server = await start({
      seed: {
        resellers: [
          { username: 'seeded1', email: 's@example.net', limits: { max_users: 50 }, branding: { company_name: 'S' }, nameservers: ['ns1.s.example'] },
        ],
      },
    });
    const names = (await call(server, 'GET', '/resellers/')).json.map((r: { username: string }) => r.username);
    expect(names).toEqual(['partner1', 'seeded1']);
    expect((await call(server, 'GET', '/resellers/seeded1')).json.max_users).toBe(50);
    expect((await call(server, 'GET', '/resellers/seeded1/branding')).json).toEqual({ company_name: 'S' });
    expect((await call(server, 'GET', '/resellers/seeded1/nameservers')).json).toEqual({ nameservers: ['ns1.s.example'] });
  });

  test('snapshot() is a deep copy without secrets', async () => {
    const server = await start();
    const snapshot = server.snapshot() as { resellers: Array<{ limits: { max_users: number } }> };
    const first = snapshot.resellers[0];
    if (first) first.limits.max_users = 999;
    expect((await call(server, 'GET', '/resellers/partner1')).json.max_users).toBe(5);
    const text = JSON.stringify(server.snapshot());
    expect(text).not.toContain(server.adminToken);
    expect(text).not.toContain(server.resellerToken);
  });

  test('serves HTTPS with the given key and certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsp-ref-tls-'));
    try {
      const { key, cert } = makeSelfSignedCert(dir);
      const server = await start({ tls: { key, cert } });
      expect(server.baseUrl).toMatch(/^https:\/\//);
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const req = httpsRequest(`${server.baseUrl}/auth/me`, { ca: cert, headers: { authorization: `Bearer ${server.adminToken}` } }, (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
