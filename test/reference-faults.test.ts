// Self-tests of the fault catalogue: every fault is one deviation observable
// through the HTTP API. Each probe answers "is the deviation there?"; it must
// say yes on its faulty server and no on a faultless one.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, test } from 'vitest';
import { faults, type FaultName } from '../reference/faults.ts';
import { startReferenceServer, type ReferenceServer } from '../reference/server.ts';

interface Answer {
  status: number;
  headers: Headers;
  // Probes reach into bodies freely.
  json: any;
}

async function call(
  server: ReferenceServer,
  method: string,
  path: string,
  options: { token?: string | null; authorization?: string; body?: unknown; raw?: string; idempotencyKey?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
  const token = options.token === undefined ? server.adminToken : options.token;
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (token !== null) headers.authorization = `Bearer ${token}`;
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(server.baseUrl + path, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json };
}

let counter = 0;
const resellerNamed = (username: string) => ({ username, email: `${username}@example.net`, password: 'S3cure!pass' });
const newReseller = () => resellerNamed(`probe${counter++}`);
const create = (server: ReferenceServer, body: unknown = newReseller()) => call(server, 'POST', '/resellers/', { body });
/** Creates x and, named after it, `${x}b`; returns both usernames. */
const createNamesake = async (server: ReferenceServer) => {
  const { username: x } = newReseller();
  for (const username of [x, `${x}b`]) await create(server, resellerNamed(username));
  return [x, `${x}b`] as const;
};
const listed = async (server: ReferenceServer, username: string) =>
  ((await call(server, 'GET', '/resellers/')).json as Array<{ username: string; max_users: number }>).find((r) => r.username === username);
/** Issues a key for `username` (as admin) and returns the 201's body. */
const issueKey = async (server: ReferenceServer, username: string, request: Record<string, unknown> = {}) =>
  (await call(server, 'POST', `/users/${username}/api-keys`, { body: { name: 'probe', ...request } })).json;
const works = async (server: ReferenceServer, token: string) => (await call(server, 'GET', '/auth/me', { token })).status === 200;
const unknownReseller = (server: ReferenceServer) => call(server, 'GET', '/resellers/nobody');
const me = (server: ReferenceServer) => call(server, 'GET', '/auth/me');
const burst = async (server: ReferenceServer, count: number) => {
  const answers: Answer[] = [];
  for (let i = 0; i < count; i++) answers.push(await me(server));
  return answers;
};
const RATE_LIMIT = 5;
/** partner1's own key on partner1's own record. */
const asOwner = (server: ReferenceServer, method: string, suffix: string, body?: unknown) =>
  call(server, method, `/resellers/partner1${suffix}`, { token: server.resellerToken, body });

/** Unusual input, one request each: [method, path, body, the faultless status].
 *  A name that cannot exist in a path is no reseller (404); in a body it
 *  breaks the username rule (400). IPv6 is a valid address here (201). */
type OddRequest = readonly [string, string, unknown, number];
const oddCreate = (fields: Record<string, unknown>): OddRequest => ['POST', '/resellers/', { ...newReseller(), ...fields }, 400];
const ODD_INPUTS = {
  'long-username-500': [oddCreate({ username: 'a'.repeat(65) }), oddCreate({ username: 'a'.repeat(300) })],
  'unicode-username-500': [
    oddCreate({ username: 'café' }),
    oddCreate({ username: 'user😀' }),
    oddCreate({ username: 'пользователь' }),
    oddCreate({ username: 'ａｂｃ' }),
  ],
  'path-chars-username-500': [
    oddCreate({ username: 'a/b' }),
    oddCreate({ username: '..' }),
    oddCreate({ username: '../etc' }),
    oddCreate({ username: 'a%2Fb' }),
    oddCreate({ username: 'a%b' }),
    ['GET', '/resellers/a%2Fb', undefined, 404],
    ['GET', '/resellers/a..b', undefined, 404],
    ['GET', '/resellers/a%25b/limits', undefined, 404],
    ['DELETE', '/resellers/x%2F..%2Fpartner1', undefined, 404],
  ],
  'null-field-500': [
    oddCreate({ username: null }),
    oddCreate({ email: null }),
    oddCreate({ password: null }),
    oddCreate({ username: ['abc'] }),
    oddCreate({ email: [] }),
  ],
  'limits-odd-number-500': [2 ** 31, 1e12, -2, -100, 1.5, 0.1].map((value): OddRequest => ['PUT', '/resellers/partner1/limits', { max_users: value }, 400]),
  'ipv6-or-port-500': [
    ['POST', '/resellers/partner1/ips', { ip: '2001:db8::1' }, 201],
    ['POST', '/resellers/partner1/ips', { ip: '203.0.113.5:80' }, 400],
    ['POST', '/resellers/partner1/ips', { ip: '[2001:db8::1]:443' }, 400],
  ],
  'transfer-empty-500': [['POST', '/resellers/transfer-user', {}, 400]],
} satisfies Partial<Record<FaultName, OddRequest[]>>;
type OddFault = keyof typeof ODD_INPUTS;
const sendOdd = (s: ReferenceServer, [method, path, body]: OddRequest) => call(s, method, path, { body });

/** Each robustness probe: does any of its unusual inputs answer 500? */
function oddInputProbes(): Record<OddFault, (server: ReferenceServer) => Promise<boolean>> {
  const entries = Object.entries(ODD_INPUTS).map(([fault, requests]) => [
    fault,
    async (s: ReferenceServer) => {
      for (const request of requests) if ((await sendOdd(s, request)).status === 500) return true;
      return false;
    },
  ]);
  return Object.fromEntries(entries);
}

const probes: Record<FaultName, (server: ReferenceServer) => Promise<boolean>> = {
  'create-200': async (s) => (await create(s)).status === 200,
  'delete-204': async (s) => {
    const input = newReseller();
    await create(s, input);
    return (await call(s, 'DELETE', `/resellers/${input.username}`)).status === 204;
  },
  'create-answers-stale': async (s) => {
    const input = newReseller();
    const answer = await create(s, input);
    return answer.status === 201 && answer.json.username !== input.username && (await call(s, 'GET', `/resellers/${input.username}`)).status === 200;
  },
  'list-201': async (s) => (await call(s, 'GET', '/resellers/')).status === 201,
  'list-joins-ips': async (s) => {
    const input = newReseller();
    await create(s, input);
    for (const ip of ['192.0.2.31', '192.0.2.32']) await call(s, 'POST', `/resellers/${input.username}/ips`, { body: { ip } });
    const list = (await call(s, 'GET', '/resellers/')).json as Array<{ username: string }>;
    return list.filter((r) => r.username === input.username).length === 2;
  },

  'envelope-no-code': async (s) => !('code' in (await unknownReseller(s)).json),
  'envelope-success-true': async (s) => (await unknownReseller(s)).json.success === true,
  'envelope-status-mismatch': async (s) => {
    const answer = await unknownReseller(s);
    return answer.json.status !== answer.status;
  },
  'envelope-legacy-nested': async (s) => typeof (await unknownReseller(s)).json.error === 'object',
  'envelope-no-message': async (s) => !('message' in (await unknownReseller(s)).json),

  'create-missing-field-accepted': async (s) => {
    const { username, email } = newReseller();
    const answer = await create(s, { username, email });
    return answer.status === 201 && (await call(s, 'GET', `/resellers/${username}`)).status === 200;
  },
  'limits-validated-after-write': async (s) => {
    const input = newReseller();
    await create(s, input);
    const refused = await call(s, 'PUT', `/resellers/${input.username}/limits`, { body: { max_users: 'many' } });
    return refused.status === 400 && (await call(s, 'GET', `/resellers/${input.username}/limits`)).json.max_users === 'many';
  },
  'ip-validated-after-write': async (s) => {
    const input = newReseller();
    await create(s, input);
    const refused = await call(s, 'POST', `/resellers/${input.username}/ips`, { body: { ip: 'not-an-ip' } });
    return refused.status === 400 && JSON.stringify((await call(s, 'GET', `/resellers/${input.username}/ips`)).json).includes('not-an-ip');
  },
  'create-validated-after-write': async (s) => {
    const { username, email } = newReseller();
    return (await create(s, { username, email })).status === 400 && (await call(s, 'GET', `/resellers/${username}`)).status === 200;
  },
  'auth-checked-after-write': async (s) => {
    const input = newReseller();
    return (
      (await call(s, 'POST', '/resellers/', { token: null, body: input })).status === 401 &&
      (await call(s, 'GET', `/resellers/${input.username}`)).status === 200
    );
  },
  'role-checked-after-write': async (s) =>
    (await call(s, 'POST', '/resellers/partner1/ips', { token: s.resellerToken, body: { ip: '203.0.113.77' } })).status === 403 &&
    JSON.stringify((await call(s, 'GET', '/resellers/partner1/ips')).json).includes('203.0.113.77'),
  'create-missing-field-422': async (s) => (await create(s, { username: 'abc', email: 'abc@example.net' })).status === 422,
  'validation-code-bad-request': async (s) => (await create(s, {})).json.code === 'BAD_REQUEST',
  'create-empty-string-accepted': async (s) => (await create(s, { ...newReseller(), password: '' })).status === 201,

  'shape-flag-as-string': async (s) => typeof (await call(s, 'GET', '/resellers/partner1')).json.can_grant_php === 'string',
  'shape-limit-as-string': async (s) => typeof (await call(s, 'GET', '/resellers/partner1')).json.max_domains === 'string',
  'shape-flag-missing': async (s) => !('can_grant_sysinfo' in (await call(s, 'GET', '/resellers/partner1')).json),
  'shape-limit-float': async (s) => !Number.isInteger((await call(s, 'GET', '/resellers/partner1')).json.max_users),

  'list-wrapped-object': async (s) => !Array.isArray((await call(s, 'GET', '/resellers/')).json),
  'list-omits-new': async (s) => {
    const input = newReseller();
    await create(s, input);
    const list = (await call(s, 'GET', '/resellers/')).json as Array<{ username: string }>;
    return !list.some((r) => r.username === input.username);
  },

  'delete-not-deleting': async (s) => {
    const input = newReseller();
    await create(s, input);
    const deleted = await call(s, 'DELETE', `/resellers/${input.username}`);
    return deleted.status === 200 && (await call(s, 'GET', `/resellers/${input.username}`)).status === 200;
  },
  'delete-leaves-subresources': async (s) => {
    const input = newReseller();
    const { username } = input;
    await create(s, input);
    await call(s, 'PUT', `/resellers/${username}/limits`, { body: { max_users: 42 } });
    const deleted = await call(s, 'DELETE', `/resellers/${username}`);
    const gone = (await call(s, 'GET', `/resellers/${username}`)).status === 404 && !(await listed(s, username));
    const limits = await call(s, 'GET', `/resellers/${username}/limits`);
    return deleted.status === 200 && gone && limits.status === 200 && limits.json.max_users === 42;
  },
  'delete-leaves-list-entry': async (s) => {
    const input = newReseller();
    const { username } = input;
    await create(s, input);
    const deleted = await call(s, 'DELETE', `/resellers/${username}`);
    return deleted.status === 200 && (await call(s, 'GET', `/resellers/${username}`)).status === 404 && (await listed(s, username)) !== undefined;
  },

  'get-unknown-200-empty': async (s) => (await unknownReseller(s)).status === 200,
  'subresource-unknown-200': async (s) => (await call(s, 'GET', '/resellers/nobody/limits')).status === 200,
  'not-found-code-error': async (s) => (await unknownReseller(s)).json.code === 'ERROR',

  'auth-missing-accepted': async (s) => (await call(s, 'GET', '/auth/me', { token: null })).status === 200,
  'auth-unknown-key-accepted': async (s) => (await call(s, 'GET', '/auth/me', { token: `wsp_${'a'.repeat(48)}` })).status === 200,
  'deleted-reseller-key-works': async (s) => {
    await create(s, { username: 'gone1', email: 'gone1@example.net', password: 'S3cure!pass' });
    const issued = await call(s, 'POST', '/users/gone1/api-keys', { body: { name: 'probe', permissions: ['all'] } });
    await call(s, 'DELETE', '/resellers/gone1');
    return (await call(s, 'GET', '/auth/me', { token: issued.json.secret_key })).status === 200;
  },
  'minted-key-unusable': async (s) => {
    const issued = await call(s, 'POST', '/users/partner1/api-keys', { body: { name: 'probe', permissions: ['all'] } });
    return issued.status === 201 && (await call(s, 'GET', '/auth/me', { token: issued.json.secret_key })).status === 401;
  },
  'auth-key-prefix-match': async (s) =>
    (await call(s, 'GET', '/auth/me', { token: `${s.adminToken.slice(0, 12)}${'0'.repeat(s.adminToken.length - 12)}` })).status === 200,
  'auth-key-length-compare': async (s) => (await call(s, 'GET', '/auth/me', { token: `${s.adminToken}00` })).status === 200,
  'auth-key-like-prefix': async (s) => (await call(s, 'GET', '/auth/me', { token: s.adminToken.slice(0, -1) })).status === 200,
  'auth-401-as-403': async (s) => (await call(s, 'GET', '/auth/me', { token: null })).status === 403,
  'auth-basic-accepted': async (s) =>
    (await call(s, 'GET', '/auth/me', { authorization: `Basic ${Buffer.from('admin:x').toString('base64')}` })).status === 200,
  'role-capitalised': async (s) =>
    (await me(s)).json.role === 'Admin' && (await call(s, 'GET', '/auth/me', { token: s.resellerToken })).json.role === 'Reseller',

  'key-scopes-ignored': async (s) => {
    const { secret_key: token } = await issueKey(s, 'admin', { permissions: ['read'] });
    return (await call(s, 'PUT', '/resellers/other1/limits', { token, body: { max_users: 9 } })).status === 200;
  },
  'key-default-all': async (s) => (await issueKey(s, 'partner1')).key.permissions.includes('all'),
  'key-whitelist-ignored': async (s) => works(s, (await issueKey(s, 'partner1', { ip_whitelist: ['203.0.113.0/24'] })).secret_key),
  'idempotency-ignored': async (s) => {
    const issue = () => call(s, 'POST', '/users/partner1/api-keys', { body: { name: 'probe' }, idempotencyKey: 'same-retry' });
    const [first, retry] = [await issue(), await issue()];
    return retry.status === 201 && retry.json.secret_key !== first.json.secret_key;
  },
  'key-issue-revokes-others': async (s) => {
    const { secret_key: first } = await issueKey(s, 'partner1');
    await issueKey(s, 'partner1');
    return !(await works(s, first));
  },
  'key-secret-short': async (s) => {
    const { secret_key: secret } = await issueKey(s, 'partner1');
    return /^wsp_[0-9a-f]{40}$/.test(secret) && (await works(s, secret));
  },
  'key-secret-uppercase': async (s) => {
    const { secret_key: secret } = await issueKey(s, 'partner1');
    return /^wsp_[0-9A-F]{48}$/.test(secret) && /[A-F]/.test(secret) && (await works(s, secret));
  },
  'key-prefix-mismatch': async (s) => {
    const issued = await issueKey(s, 'partner1');
    return issued.key.key_prefix !== issued.secret_key.slice(0, 12);
  },
  'key-expires-days-as-seconds': async (s) => {
    const { secret_key: token } = await issueKey(s, 'partner1', { expires_in: 1 });
    await sleep(1100);
    const later = await call(s, 'GET', '/auth/me', { token });
    return later.status === 401 && later.json.error === 'API key expired';
  },

  'reseller-can-list': async (s) => (await call(s, 'GET', '/resellers/', { token: s.resellerToken })).status === 200,
  'reseller-can-create': async (s) => (await call(s, 'POST', '/resellers/', { token: s.resellerToken, body: newReseller() })).status === 201,
  'reseller-reads-other': async (s) => (await call(s, 'GET', '/resellers/other1', { token: s.resellerToken })).status === 200,
  'reseller-reads-other-parts': async (s) =>
    (await call(s, 'GET', '/resellers/other1/limits', { token: s.resellerToken })).status === 200 &&
    (await call(s, 'GET', '/resellers/other1', { token: s.resellerToken })).status === 403,
  'reseller-writes-own-limits': async (s) =>
    (await call(s, 'PUT', '/resellers/partner1/limits', { token: s.resellerToken, body: { max_users: 7 } })).status === 200,
  // An accepting server applies the write as it would the admin's.
  'reseller-writes-own-branding': async (s) => {
    const put = await asOwner(s, 'PUT', '/branding', { company_name: 'Mine' });
    const stored = (await asOwner(s, 'GET', '/branding')).json.company_name === 'Mine';
    const reset = await asOwner(s, 'DELETE', '/branding');
    return put.status === 200 && stored && reset.status === 200 && Object.keys((await asOwner(s, 'GET', '/branding')).json).length === 0;
  },
  'reseller-writes-own-ips': async (s) => {
    const posted = await asOwner(s, 'POST', '/ips', { ip: '203.0.113.77' });
    const listed = (await asOwner(s, 'GET', '/ips')).json.ips.includes('203.0.113.77');
    const removed = await asOwner(s, 'DELETE', '/ips/203.0.113.77');
    return posted.status === 201 && listed && removed.status === 200 && (await asOwner(s, 'GET', '/ips')).json.ips.length === 0;
  },
  'reseller-writes-own-nameservers': async (s) => {
    const put = await asOwner(s, 'PUT', '/nameservers', { nameservers: ['ns1.mine.example', 'ns2.mine.example'] });
    return put.status === 200 && (await asOwner(s, 'GET', '/nameservers')).json.nameservers[0] === 'ns1.mine.example';
  },
  'reseller-writes-own-overselling': async (s) => {
    const put = await asOwner(s, 'PUT', '/overselling', { enabled: true });
    return put.status === 200 && (await asOwner(s, 'GET', '/overselling')).json.enabled === true;
  },
  'reseller-own-read-refused': async (s) =>
    (await asOwner(s, 'GET', '')).status === 403 &&
    (await asOwner(s, 'GET', '/limits')).status === 403 &&
    (await call(s, 'GET', '/resellers/partner1')).status === 200,

  'ratelimit-headers-missing': async (s) => !(await me(s)).headers.has('x-ratelimit-limit'),
  'ratelimit-limit-wrong': async (s) => (await me(s)).headers.get('x-ratelimit-limit') !== String(RATE_LIMIT),
  'ratelimit-remaining-stuck': async (s) => {
    const [first, second] = await burst(s, 2);
    return first?.headers.get('x-ratelimit-remaining') === second?.headers.get('x-ratelimit-remaining');
  },
  'ratelimit-per-path': async (s) => {
    await burst(s, 2);
    const other = await call(s, 'GET', '/resellers/');
    return other.headers.get('x-ratelimit-remaining') === String(RATE_LIMIT - 1);
  },
  'ratelimit-reset-ms': async (s) => Number((await me(s)).headers.get('x-ratelimit-reset')) > 1e11,
  'ratelimit-reset-past': async (s) => Number((await me(s)).headers.get('x-ratelimit-reset')) < Date.now() / 1000,
  'ratelimit-reseller-not-enforced': async (s) => {
    const answers: Answer[] = [];
    for (let i = 0; i <= RATE_LIMIT; i++) answers.push(await call(s, 'GET', '/auth/me', { token: s.resellerToken }));
    return answers.every((a) => a.status === 200) && (await burst(s, RATE_LIMIT + 1)).at(-1)?.status === 429;
  },
  'ratelimit-not-enforced': async (s) => {
    const answers = await burst(s, RATE_LIMIT + 1);
    return answers.every((a) => a.status === 200) && answers.at(-1)?.headers.get('x-ratelimit-remaining') === '0';
  },
  'ratelimit-429-plain': async (s) => {
    const last = (await burst(s, RATE_LIMIT + 1)).at(-1);
    return last?.status === 429 && last.json === undefined;
  },

  'ratelimit-429-at-half': async (s) =>
    (await burst(s, RATE_LIMIT + 1)).some(
      (a) => a.status === 429 && a.headers.get('x-ratelimit-limit') === String(RATE_LIMIT) && Number(a.headers.get('x-ratelimit-remaining')) > 0,
    ),
  'ratelimit-remaining-double': async (s) => {
    const [first, second] = (await burst(s, 2)).map((a) => Number(a.headers.get('x-ratelimit-remaining')));
    return first - second === 2;
  },
  'ratelimit-429-remaining-full': async (s) => {
    const last = (await burst(s, RATE_LIMIT + 1)).at(-1);
    return last?.status === 429 && last.headers.get('x-ratelimit-remaining') === String(RATE_LIMIT);
  },
  'ratelimit-shared-bucket': async (s) => {
    await me(s);
    return (await call(s, 'GET', '/auth/me', { token: s.resellerToken })).headers.get('x-ratelimit-remaining') === String(RATE_LIMIT - 2);
  },
  // The window is 60 s: an honest Reset lies about 60 s ahead.
  'ratelimit-reset-early': async (s) => Number((await me(s)).headers.get('x-ratelimit-reset')) < Date.now() / 1000 + 45,
  'ratelimit-success-after-zero': async (s) => {
    const answers = await burst(s, RATE_LIMIT + 1);
    return answers.at(-2)?.headers.get('x-ratelimit-remaining') === '0' && answers.at(-1)?.status === 200;
  },
  'ratelimit-headers-missing-on-writes': async (s) => {
    const put = await call(s, 'PUT', '/resellers/partner1/limits', { body: { max_users: 7 } });
    return put.status === 200 && !put.headers.has('x-ratelimit-remaining') && (await me(s)).headers.has('x-ratelimit-remaining');
  },

  'malformed-json-500': async (s) => (await call(s, 'POST', '/resellers/', { raw: '{"username":' })).status === 500,
  'invalid-ip-500': async (s) => (await call(s, 'POST', '/resellers/partner1/ips', { body: { ip: '999.1.1.1' } })).status === 500,
  ...oddInputProbes(),

  'duplicate-create-overwrites': async (s) => {
    const answer = await create(s, { username: 'other1', email: 'changed@example.net', password: 'S3cure!pass' });
    return answer.status === 201 && (await call(s, 'GET', '/resellers/other1')).json.email === 'changed@example.net';
  },
  'duplicate-create-accepted': async (s) => {
    const answer = await create(s, { username: 'other1', email: 'changed@example.net', password: 'S3cure!pass' });
    return answer.status === 201 && (await call(s, 'GET', '/resellers/other1')).json.email !== 'changed@example.net';
  },
  // other1 is the start of other12.
  'create-resets-prefix': async (s) => {
    await call(s, 'PUT', '/resellers/other1/limits', { body: { max_users: 42 } });
    const created = await create(s, resellerNamed('other12'));
    const limits = (await call(s, 'GET', '/resellers/other1/limits')).json;
    return created.status === 201 && limits.max_users === 5 && (await call(s, 'GET', '/resellers/other1/ips')).json.ips.length === 0;
  },
  'get-prefix-kin': async (s) => {
    const [x, namesake] = await createNamesake(s);
    const got = await call(s, 'GET', `/resellers/${x}`);
    return got.status === 200 && got.json.username === namesake;
  },
  'delete-removes-neighbour': async (s) => {
    const [first, second] = [newReseller(), newReseller()];
    await create(s, first);
    await create(s, second);
    const deleted = await call(s, 'DELETE', `/resellers/${second.username}`);
    return deleted.status === 200 && (await call(s, 'GET', `/resellers/${first.username}`)).status === 404;
  },
  'delete-cascades-prefix': async (s) => {
    const [x, namesake] = await createNamesake(s);
    await call(s, 'POST', `/resellers/${namesake}/ips`, { body: { ip: '192.0.2.77' } });
    const deleted = await call(s, 'DELETE', `/resellers/${x}`);
    const kept = await call(s, 'GET', `/resellers/${namesake}`);
    return deleted.status === 200 && kept.status === 200 && (await call(s, 'GET', `/resellers/${namesake}/ips`)).json.ips.length === 0;
  },
  'delete-by-prefix': async (s) => {
    const [x, namesake] = await createNamesake(s);
    const deleted = await call(s, 'DELETE', `/resellers/${x}`);
    return deleted.status === 200 && (await call(s, 'GET', `/resellers/${namesake}`)).status === 404;
  },
  'limits-put-all': async (s) => {
    await call(s, 'PUT', '/resellers/partner1/limits', { body: { max_users: 42 } });
    return (await call(s, 'GET', '/resellers/other1/limits')).json.max_users === 42;
  },
  'limits-put-prefix': async (s) => {
    const [x, namesake] = await createNamesake(s);
    await call(s, 'PUT', `/resellers/${x}/limits`, { body: { max_users: 42 } });
    return (await call(s, 'GET', `/resellers/${namesake}/limits`)).json.max_users === 42;
  },
  'limits-put-replaces': async (s) => {
    const put = await call(s, 'PUT', '/resellers/partner1/limits', { body: { max_users: 42 } });
    return put.status === 200 && (await call(s, 'GET', '/resellers/partner1/limits')).json.max_domains === 0;
  },
  'branding-put-all': async (s) => {
    await call(s, 'PUT', '/resellers/partner1/branding', { body: { company_name: 'Partner Ltd' } });
    return (await call(s, 'GET', '/resellers/other1/branding')).json.company_name === 'Partner Ltd';
  },
  'branding-delete-all': async (s) => {
    await call(s, 'PUT', '/resellers/other1/branding', { body: { company_name: 'Other Ltd' } });
    await call(s, 'DELETE', '/resellers/partner1/branding');
    return (await call(s, 'GET', '/resellers/other1/branding')).json.company_name !== 'Other Ltd';
  },
  'nameservers-put-all': async (s) => {
    await call(s, 'PUT', '/resellers/partner1/nameservers', { body: { nameservers: ['ns1.partner.example', 'ns2.partner.example'] } });
    return (await call(s, 'GET', '/resellers/other1/nameservers')).json.nameservers.includes('ns1.partner.example');
  },
  'ips-post-all': async (s) => {
    await call(s, 'POST', '/resellers/partner1/ips', { body: { ip: '203.0.113.9' } });
    return (await call(s, 'GET', '/resellers/other1/ips')).json.ips.includes('203.0.113.9');
  },
  'overselling-put-all': async (s) => {
    await call(s, 'PUT', '/resellers/partner1/overselling', { body: { enabled: true, ratio: 7 } });
    return (await call(s, 'GET', '/resellers/other1/overselling')).json.ratio === 7;
  },

  'limits-put-not-stored': async (s) => {
    const put = await call(s, 'PUT', '/resellers/partner1/limits', { body: { max_users: 42 } });
    return put.status === 200 && (await call(s, 'GET', '/resellers/partner1/limits')).json.max_users !== 42;
  },
  'limits-put-other-reseller': async (s) => {
    const put = await call(s, 'PUT', '/resellers/partner1/limits', { body: { max_users: 42 } });
    const target = (await call(s, 'GET', '/resellers/partner1/limits')).json.max_users;
    const other = (await call(s, 'GET', '/resellers/other1/limits')).json.max_users;
    return put.status === 200 && put.json.max_users === 42 && target !== 42 && other === 42;
  },
  'limits-list-stale': async (s) => {
    await call(s, 'PUT', '/resellers/partner1/limits', { body: { max_users: 42 } });
    const one = (await call(s, 'GET', '/resellers/partner1')).json.max_users;
    const sub = (await call(s, 'GET', '/resellers/partner1/limits')).json.max_users;
    return one === 42 && sub === 42 && (await listed(s, 'partner1'))?.max_users !== 42;
  },
  'limits-sub-stale': async (s) => {
    await call(s, 'PUT', '/resellers/partner1/limits', { body: { max_users: 42 } });
    const one = (await call(s, 'GET', '/resellers/partner1')).json.max_users;
    const sub = (await call(s, 'GET', '/resellers/partner1/limits')).json.max_users;
    return one === 42 && (await listed(s, 'partner1'))?.max_users === 42 && sub !== 42;
  },
  'overselling-put-other': async (s) => {
    const put = await call(s, 'PUT', '/resellers/partner1/overselling', { body: { enabled: true } });
    const target = (await call(s, 'GET', '/resellers/partner1/overselling')).json.enabled;
    const other = (await call(s, 'GET', '/resellers/other1/overselling')).json.enabled;
    return put.status === 200 && put.json.enabled === true && target === false && other === true;
  },
  'branding-delete-ignored': async (s) => {
    await call(s, 'PUT', '/resellers/partner1/branding', { body: { company_name: 'Kept Ltd' } });
    const reset = await call(s, 'DELETE', '/resellers/partner1/branding');
    return reset.status === 200 && (await call(s, 'GET', '/resellers/partner1/branding')).json.company_name === 'Kept Ltd';
  },
  'ips-post-not-listed': async (s) => {
    const posted = await call(s, 'POST', '/resellers/partner1/ips', { body: { ip: '203.0.113.9' } });
    return posted.status === 201 && !(await call(s, 'GET', '/resellers/partner1/ips')).json.ips.includes('203.0.113.9');
  },
  'guessed-writes-ignored': async (s) => {
    const put = await call(s, 'PUT', '/resellers/partner1/branding', { body: { company_name: 'Ignored Ltd' } });
    return put.status === 200 && (await call(s, 'GET', '/resellers/partner1/branding')).json.company_name !== 'Ignored Ltd';
  },
  'ip-delete-not-removing': async (s) => {
    const removed = await call(s, 'DELETE', '/resellers/other1/ips/198.51.100.1');
    return removed.status === 200 && (await call(s, 'GET', '/resellers/other1/ips')).json.ips.includes('198.51.100.1');
  },

  'ips-post-replaces': async (s) => {
    const posted = await call(s, 'POST', '/resellers/other1/ips', { body: { ip: '203.0.113.9' } });
    const { ips } = (await call(s, 'GET', '/resellers/other1/ips')).json;
    return posted.status === 201 && !ips.includes('198.51.100.1');
  },
  'ip-delete-by-address': async (s) => {
    await call(s, 'POST', '/resellers/other1/ips', { body: { ip: '203.0.113.9' } });
    await call(s, 'DELETE', '/resellers/partner1/ips/203.0.113.9');
    return !(await call(s, 'GET', '/resellers/other1/ips')).json.ips.includes('203.0.113.9');
  },
  'ips-delete-all': async (s) => {
    await call(s, 'POST', '/resellers/other1/ips', { body: { ip: '203.0.113.9' } });
    const removed = await call(s, 'DELETE', '/resellers/other1/ips/198.51.100.1');
    return removed.status === 200 && !(await call(s, 'GET', '/resellers/other1/ips')).json.ips.includes('203.0.113.9');
  },

  'invalid-ip-accepted': async (s) => (await call(s, 'POST', '/resellers/other1/ips', { body: { ip: '999.1.2.3' } })).status === 201,
  'usage-404': async (s) => (await call(s, 'GET', '/resellers/other1/usage')).status === 404,
  'usage-garbage-body': async (s) => {
    const usage = await call(s, 'GET', '/resellers/other1/usage');
    return usage.status === 200 && usage.json === undefined;
  },
  'dashboard-missing': async (s) => (await call(s, 'GET', '/resellers/dashboard')).status === 404,

  'content-type-html': async (s) => (await me(s)).headers.get('content-type')?.startsWith('text/html') === true,
  'content-type-missing': async (s) => !(await me(s)).headers.has('content-type'),
};

const open: ReferenceServer[] = [];
async function start(fault?: string, rateLimit = RATE_LIMIT): Promise<ReferenceServer> {
  const server = await startReferenceServer({
    fault,
    rateLimit,
    windowMs: 60_000,
    seed: { resellers: [{ username: 'other1', email: 'other1@example.net', ips: ['198.51.100.1'] }] },
  });
  open.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

describe('fault catalogue', () => {
  test('has at least 36 faults, each with a known family and a description, each with a probe', () => {
    const names = Object.keys(faults);
    expect(names.length).toBeGreaterThanOrEqual(36);
    expect(names.every((name) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(name))).toBe(true);
    expect(new Set(Object.values(faults).map((f) => f.family))).toEqual(
      new Set([
        'status',
        'envelope',
        'validation',
        'reseller-shape',
        'list',
        'delete',
        'not-found',
        'auth',
        'keys',
        'roles',
        'rate-limit',
        'robustness',
        'data-safety',
        'persistence',
        'ips',
        'transport',
        'content-type',
      ]),
    );
    expect(Object.values(faults).every((f) => f.description.length > 10)).toBe(true);
    expect(Object.keys(probes).sort()).toEqual([...names].sort());
  });

  // The rate-limit probes count to RATE_LIMIT; the others have room to spare.
  test.for(Object.keys(probes) as FaultName[])('%s is observable, and absent without the fault', async (fault) => {
    const probe = probes[fault];
    const rateLimit = faults[fault]?.family === 'rate-limit' ? RATE_LIMIT : 1000;
    expect(await probe(await start(fault, rateLimit)), 'deviation seen with the fault').toBe(true);
    expect(await probe(await start(undefined, rateLimit)), 'deviation seen without the fault').toBe(false);
  });
});

describe('own-record write faults open one door each', () => {
  const OWN_WRITES: ReadonlyArray<readonly [FaultName, string, string, unknown?]> = [
    ['reseller-writes-own-limits', 'PUT', '/limits', { max_users: 7 }],
    ['reseller-writes-own-branding', 'PUT', '/branding', { company_name: 'X' }],
    ['reseller-writes-own-branding', 'DELETE', '/branding'],
    ['reseller-writes-own-ips', 'POST', '/ips', { ip: '203.0.113.78' }],
    ['reseller-writes-own-ips', 'DELETE', '/ips/198.51.100.1'],
    ['reseller-writes-own-nameservers', 'PUT', '/nameservers', { nameservers: ['ns1.x.example'] }],
    ['reseller-writes-own-overselling', 'PUT', '/overselling', { enabled: true }],
  ];
  const writeFaults = [...new Set(OWN_WRITES.map(([fault]) => fault))];

  test.for(writeFaults)('%s: the other own writes and every write on another reseller stay 403', async (fault) => {
    const s = await start(fault, 100);
    for (const [opens, method, suffix, body] of OWN_WRITES) {
      const other = await call(s, method, `/resellers/other1${suffix}`, { token: s.resellerToken, body });
      expect(other.status, `${method} other1${suffix}`).toBe(403);
      if (opens !== fault) expect((await asOwner(s, method, suffix, body)).status, `${method} own${suffix}`).toBe(403);
    }
  });
});

describe('ratelimit-429-at-half at the documented 60', () => {
  test.for(['fixed', 'sliding', 'token-bucket'] as const)(
    '%s limiter: 30 served counting down from 59, the 31st refused with Remaining 29',
    async (limiter) => {
      const s = await startReferenceServer({ fault: 'ratelimit-429-at-half', limiter });
      open.push(s);
      const answers = await burst(s, 31);
      expect(answers.slice(0, 30).map((a) => a.status)).toEqual(Array(30).fill(200));
      expect(answers.slice(0, 30).map((a) => Number(a.headers.get('x-ratelimit-remaining')))).toEqual(Array.from({ length: 30 }, (_, i) => 59 - i));
      const refused = answers[30];
      expect([refused.status, refused.json.code, refused.headers.get('x-ratelimit-limit'), refused.headers.get('x-ratelimit-remaining')]).toEqual([
        429,
        'RATE_LIMITED',
        '60',
        '29',
      ]);
    },
  );
});

describe('robustness faults on unusual input', () => {
  const rows = Object.entries(ODD_INPUTS).flatMap(([fault, requests]) =>
    requests.map((request) => [`${fault}: ${request[0]} ${request[1]} ${JSON.stringify(request[2]) ?? ''}`.slice(0, 120), fault as OddFault, request] as const),
  );

  test.for(rows)('%s answers 500 with the fault, its documented answer without', async ([, fault, request]) => {
    const faulty = await sendOdd(await start(fault), request);
    expect([faulty.status, faulty.json?.code]).toEqual([500, 'INTERNAL_ERROR']);
    const faultless = await start();
    const before = faultless.snapshot();
    const answer = await sendOdd(faultless, request);
    expect(answer.status).toBe(request[3]);
    if (answer.status >= 400) {
      expect(answer.json).toMatchObject({ success: false, status: answer.status, code: answer.status === 404 ? 'NOT_FOUND' : 'VALIDATION_ERROR' });
      expect(faultless.snapshot()).toEqual(before);
    }
  });

  test.for(Object.keys(ODD_INPUTS) as OddFault[])('%s leaves the other unusual inputs to the faultless answer', async (fault) => {
    const s = await start(fault, 1000);
    for (const [other, requests] of Object.entries(ODD_INPUTS)) {
      if (other === fault) continue;
      for (const request of requests) expect((await sendOdd(s, request)).status, `${other}: ${request[1]}`).toBe(request[3]);
    }
  });
});

describe('the new rate-limit faults in full', () => {
  const startWith = async (options: Parameters<typeof startReferenceServer>[0]) => {
    const s = await startReferenceServer(options);
    open.push(s);
    return s;
  };
  const remaining = (answers: Answer[]) => answers.map((a) => a.headers.get('x-ratelimit-remaining'));

  test.for(['fixed', 'sliding', 'token-bucket'] as const)(
    'ratelimit-success-after-zero, %s limiter: one more served after Remaining 0, then 429',
    async (limiter) => {
      const s = await startWith({ fault: 'ratelimit-success-after-zero', limiter, rateLimit: RATE_LIMIT });
      const answers = await burst(s, RATE_LIMIT + 2);
      expect(answers.map((a) => a.status)).toEqual([...Array(RATE_LIMIT + 1).fill(200), 429]);
      expect(remaining(answers)).toEqual(['4', '3', '2', '1', '0', '0', '0']);
      expect(answers.every((a) => a.headers.get('x-ratelimit-limit') === String(RATE_LIMIT))).toBe(true);
      if (limiter === 'fixed') expect(new Set(answers.map((a) => a.headers.get('x-ratelimit-reset'))).size).toBe(1);
    },
  );

  test.for([
    ['ratelimit-reset-early', 429],
    [undefined, 200],
  ] as const)('%s: a client that waits for X-RateLimit-Reset then meets %i', async ([fault, status]) => {
    const s = await startWith({ fault, rateLimit: 2, windowMs: 3000 });
    const refused = (await burst(s, 3)).at(-1)!;
    expect(refused.status).toBe(429);
    await sleep(Math.max(0, Number(refused.headers.get('x-ratelimit-reset')) * 1000 + 50 - Date.now()));
    expect((await me(s)).status).toBe(status);
  });

  test('ratelimit-shared-bucket: two keys from one address spend one budget, headers counting it; no key keeps its own', async () => {
    const s = await startWith({ fault: 'ratelimit-shared-bucket', rateLimit: RATE_LIMIT });
    const admin = await burst(s, 3);
    const reseller: Answer[] = [];
    for (let i = 0; i < 3; i++) reseller.push(await call(s, 'GET', '/auth/me', { token: s.resellerToken }));
    expect(remaining([...admin, ...reseller])).toEqual(['4', '3', '2', '1', '0', '0']);
    expect(reseller.map((a) => a.status)).toEqual([200, 200, 429]);
    expect((await me(s)).status).toBe(429);
    expect((await call(s, 'GET', '/auth/me', { token: null })).status).toBe(401);
  });

  test('ratelimit-429-remaining-full and ratelimit-remaining-double bend only Remaining', async () => {
    const full = await burst(await startWith({ fault: 'ratelimit-429-remaining-full', rateLimit: RATE_LIMIT }), RATE_LIMIT + 1);
    expect(remaining(full)).toEqual(['4', '3', '2', '1', '0', '5']);
    const double = await burst(await startWith({ fault: 'ratelimit-remaining-double', rateLimit: RATE_LIMIT }), RATE_LIMIT + 1);
    expect(double.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(remaining(double)).toEqual(['3', '1', '0', '0', '0', '0']);
  });

  test('ratelimit-headers-missing-on-writes: no POST, PUT or DELETE carries them, failed ones included; GETs do', async () => {
    const s = await startWith({ fault: 'ratelimit-headers-missing-on-writes', rateLimit: 100 });
    const writes = [
      await create(s),
      await create(s, {}),
      await call(s, 'PUT', '/resellers/partner1/branding', { body: { company_name: 'X' } }),
      await call(s, 'DELETE', '/resellers/nobody'),
    ];
    expect(writes.map((a) => a.status)).toEqual([201, 400, 200, 404]);
    expect(writes.some((a) => [...a.headers.keys()].some((name) => name.startsWith('x-ratelimit-')))).toBe(false);
    for (const read of [await me(s), await unknownReseller(s)]) expect(read.headers.has('x-ratelimit-reset')).toBe(true);
  });
});

describe('the new data-safety and delete faults in full', () => {
  const startWith = async (fault: FaultName) => {
    const s = await startReferenceServer({
      fault,
      rateLimit: 1000,
      seed: { resellers: [{ username: 'other1', email: 'other1@example.net', ips: ['198.51.100.1'], users: ['cust1'], branding: { company_name: 'Other' } }] },
    });
    open.push(s);
    return s;
  };
  const subresources = ['/limits', '/branding', '/ips', '/nameservers', '/overselling', '/allocation', '/usage', '/users'];
  const everything = async (s: ReferenceServer, username: string) =>
    Promise.all(subresources.map(async (suffix) => (await call(s, 'GET', `/resellers/${username}${suffix}`)).json));
  const customise = async (s: ReferenceServer, username: string) => {
    const base = `/resellers/${username}`;
    await call(s, 'PUT', `${base}/limits`, { body: { max_users: 42 } });
    await call(s, 'PUT', `${base}/branding`, { body: { company_name: 'Custom' } });
    await call(s, 'PUT', `${base}/nameservers`, { body: { nameservers: ['ns1.custom.example'] } });
    await call(s, 'PUT', `${base}/overselling`, { body: { enabled: true } });
    await call(s, 'POST', `${base}/ips`, { body: { ip: '203.0.113.50' } });
  };

  test('create-resets-prefix resets, both ways, the records named after the new one or naming its start; others keep theirs', async () => {
    const s = await startWith('create-resets-prefix');
    const defaults = (await everything(s, 'partner1')).slice(0, 5);
    const other = await everything(s, 'other1');
    await create(s, resellerNamed('kin1'));
    await customise(s, 'kin1');
    await create(s, resellerNamed('kin')); // kin1 starts with kin
    expect((await everything(s, 'kin1')).slice(0, 5)).toEqual(defaults);
    await customise(s, 'kin1');
    await customise(s, 'kin');
    await customise(s, 'partner1');
    await create(s, resellerNamed('kin12')); // kin1 and kin are the start of kin12
    for (const kin of ['kin1', 'kin']) expect((await everything(s, kin)).slice(0, 5), kin).toEqual(defaults);
    expect((await everything(s, 'partner1')).slice(0, 5)).not.toEqual(defaults);
    expect(await everything(s, 'other1')).toEqual(other);
  });

  test('delete-removes-neighbour spares seeded resellers and those created after', async () => {
    const s = await startWith('delete-removes-neighbour');
    const [first, second, third] = [newReseller(), newReseller(), newReseller()];
    for (const input of [first, second, third]) await create(s, input);
    expect((await call(s, 'DELETE', `/resellers/${first.username}`)).status).toBe(200); // none API-created before it
    expect((await call(s, 'DELETE', `/resellers/${third.username}`)).status).toBe(200);
    const names = ((await call(s, 'GET', '/resellers/')).json as Array<{ username: string }>).map((r) => r.username);
    expect(names).toEqual(['partner1', 'other1']);
  });

  test('delete-leaves-subresources: every sub-resource still answers its old data, users included', async () => {
    const s = await startWith('delete-leaves-subresources');
    await customise(s, 'other1');
    const before = await everything(s, 'other1');
    expect((await call(s, 'DELETE', '/resellers/other1')).json).toEqual({ success: true, message: 'Reseller deleted' });
    expect((await call(s, 'GET', '/resellers/other1')).status).toBe(404);
    expect(await listed(s, 'other1')).toBeUndefined();
    expect(await everything(s, 'other1')).toEqual(before);
    expect(before[7].users.map((u: { username: string }) => u.username)).toEqual(['cust1']);
  });

  test('limits-put-prefix reaches the namesakes only; limits-put-all every reseller', async () => {
    const prefix = await startWith('limits-put-prefix');
    const [x, namesake] = await createNamesake(prefix);
    await call(prefix, 'PUT', `/resellers/${x}/limits`, { body: { max_users: 42 } });
    const maxUsers = async (s: ReferenceServer, names: string[]) =>
      Promise.all(names.map(async (name) => (await call(s, 'GET', `/resellers/${name}/limits`)).json.max_users));
    expect(await maxUsers(prefix, [x, namesake, 'partner1', 'other1'])).toEqual([42, 42, 5, 5]);
    const all = await startWith('limits-put-all');
    await call(all, 'PUT', '/resellers/other1/limits', { body: { max_users: 42, max_domains: 3 } });
    expect(await maxUsers(all, ['partner1', 'other1'])).toEqual([42, 42]);
    expect((await call(all, 'GET', '/resellers/partner1')).json).toMatchObject({ max_domains: 3, max_databases: 20 });
  });
});

describe('the new key and role faults in full', () => {
  test('key-secret-short and key-secret-uppercase: the key_prefix is still the first 12 characters, and the key works', async () => {
    for (const [fault, shape] of [
      ['key-secret-short', /^wsp_[0-9a-f]{40}$/],
      ['key-secret-uppercase', /^wsp_[0-9A-F]{48}$/],
    ] as const) {
      const s = await start(fault, 100);
      const issued = await issueKey(s, 'partner1', { permissions: ['all'] });
      expect(issued.secret_key).toMatch(shape);
      expect(issued.key.key_prefix).toBe(issued.secret_key.slice(0, 12));
      expect((await call(s, 'GET', '/resellers/partner1', { token: issued.secret_key })).status).toBe(200);
    }
  });

  test("key-prefix-mismatch shows the previous key's prefix: well-formed, and wrong", async () => {
    const s = await start('key-prefix-mismatch', 100);
    const first = await issueKey(s, 'partner1');
    const second = await issueKey(s, 'other1');
    expect(second.key.key_prefix).toBe(first.secret_key.slice(0, 12));
    expect(second.key.key_prefix).toMatch(/^wsp_[0-9a-f]{8}$/);
  });

  test('key-expires-days-as-seconds: expires_at lies seconds ahead, not days', async () => {
    const s = await start('key-expires-days-as-seconds', 100);
    const issued = await issueKey(s, 'partner1', { expires_in: 30 });
    expect(Math.abs(Date.parse(issued.key.expires_at) - (Date.now() + 30_000))).toBeLessThan(5000);
    expect(await works(s, issued.secret_key)).toBe(true);
  });

  test('reseller-own-read-refused: read and all keys of the reseller are refused every own read; the admin reads on', async () => {
    const s = await start('reseller-own-read-refused', 200);
    const tokens = [s.resellerToken, (await issueKey(s, 'partner1')).secret_key, (await issueKey(s, 'partner1', { permissions: ['all'] })).secret_key];
    for (const suffix of ['', '/limits', '/allocation', '/usage', '/users', '/branding', '/ips', '/nameservers', '/overselling']) {
      for (const token of tokens)
        expect((await call(s, 'GET', `/resellers/partner1${suffix}`, { token })).json, suffix).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect((await call(s, 'GET', `/resellers/partner1${suffix}`)).status, suffix).toBe(200);
    }
    expect(await works(s, s.resellerToken)).toBe(true);
  });
});
