// Self-tests of the fault catalogue: every fault is one deviation observable
// through the HTTP API. Each probe answers "is the deviation there?"; it must
// say yes on its faulty server and no on a faultless one.
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
  options: { token?: string | null; authorization?: string; body?: unknown; raw?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
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
const newReseller = () => {
  const username = `probe${counter++}`;
  return { username, email: `${username}@example.net`, password: 'S3cure!pass' };
};
const create = (server: ReferenceServer, body: unknown = newReseller()) => call(server, 'POST', '/resellers/', { body });
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
    oddCreate({ username: 'café' }), oddCreate({ username: 'user😀' }), oddCreate({ username: 'пользователь' }), oddCreate({ username: 'ａｂｃ' }),
  ],
  'path-chars-username-500': [
    oddCreate({ username: 'a/b' }), oddCreate({ username: '..' }), oddCreate({ username: '../etc' }),
    oddCreate({ username: 'a%2Fb' }), oddCreate({ username: 'a%b' }),
    ['GET', '/resellers/a%2Fb', undefined, 404], ['GET', '/resellers/a..b', undefined, 404],
    ['GET', '/resellers/a%25b/limits', undefined, 404], ['DELETE', '/resellers/x%2F..%2Fpartner1', undefined, 404],
  ],
  'null-field-500': [
    oddCreate({ username: null }), oddCreate({ email: null }), oddCreate({ password: null }),
    oddCreate({ username: ['abc'] }), oddCreate({ email: [] }),
  ],
  'limits-odd-number-500': [2 ** 31, 1e12, -2, -100, 1.5, 0.1].map(
    (value): OddRequest => ['PUT', '/resellers/partner1/limits', { max_users: value }, 400],
  ),
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
  'list-201': async (s) => (await call(s, 'GET', '/resellers/')).status === 201,

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
  'auth-key-prefix-match': async (s) => (await call(s, 'GET', '/auth/me', { token: `${s.adminToken.slice(0, 12)}${'0'.repeat(s.adminToken.length - 12)}` })).status === 200,
  'auth-401-as-403': async (s) => (await call(s, 'GET', '/auth/me', { token: null })).status === 403,
  'auth-basic-accepted': async (s) =>
    (await call(s, 'GET', '/auth/me', { authorization: `Basic ${Buffer.from('admin:x').toString('base64')}` })).status === 200,

  'reseller-can-list': async (s) => (await call(s, 'GET', '/resellers/', { token: s.resellerToken })).status === 200,
  'reseller-can-create': async (s) =>
    (await call(s, 'POST', '/resellers/', { token: s.resellerToken, body: newReseller() })).status === 201,
  'reseller-reads-other': async (s) => (await call(s, 'GET', '/resellers/other1', { token: s.resellerToken })).status === 200,
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

  'ratelimit-headers-missing': async (s) => !(await me(s)).headers.has('x-ratelimit-limit'),
  'ratelimit-limit-wrong': async (s) => (await me(s)).headers.get('x-ratelimit-limit') !== String(RATE_LIMIT),
  'ratelimit-remaining-stuck': async (s) => {
    const [first, second] = await burst(s, 2);
    return first?.headers.get('x-ratelimit-remaining') === second?.headers.get('x-ratelimit-remaining');
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
      new Set(['status', 'envelope', 'validation', 'reseller-shape', 'list', 'delete', 'not-found', 'auth', 'roles',
        'rate-limit', 'robustness', 'data-safety', 'persistence', 'ips', 'transport', 'content-type']),
    );
    expect(Object.values(faults).every((f) => f.description.length > 10)).toBe(true);
    expect(Object.keys(probes).sort()).toEqual([...names].sort());
  });

  test.for(Object.keys(probes) as FaultName[])('%s is observable, and absent without the fault', async (fault) => {
    const probe = probes[fault];
    expect(await probe(await start(fault)), 'deviation seen with the fault').toBe(true);
    expect(await probe(await start()), 'deviation seen without the fault').toBe(false);
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
  test.for(['fixed', 'sliding', 'token-bucket'] as const)('%s limiter: 30 served counting down from 59, the 31st refused with Remaining 29', async (limiter) => {
    const s = await startReferenceServer({ fault: 'ratelimit-429-at-half', limiter });
    open.push(s);
    const answers = await burst(s, 31);
    expect(answers.slice(0, 30).map((a) => a.status)).toEqual(Array(30).fill(200));
    expect(answers.slice(0, 30).map((a) => Number(a.headers.get('x-ratelimit-remaining')))).toEqual(Array.from({ length: 30 }, (_, i) => 59 - i));
    const refused = answers[30]!;
    expect([refused.status, refused.json.code, refused.headers.get('x-ratelimit-limit'), refused.headers.get('x-ratelimit-remaining')])
      .toEqual([429, 'RATE_LIMITED', '60', '29']);
  });
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
