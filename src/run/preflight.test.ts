// The preflight: one GET of the identity operation with the admin key (and,
// when asked, with the given reseller key) says whether the target is a
// WisPanel API and the keys are right; when not, a TargetError with a
// one-line message, its exit code and the hint where to fix it.
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../reference/server.ts';
import { startLocalServer } from '../../test/helpers/local-server.ts';
import { testInput } from '../../test/helpers/run-context.ts';
import { makeSelfSignedCert, type SelfSigned } from '../../test/helpers/tls.ts';
import type { RunInput } from './input.ts';
import { FLAG_HINTS, preflight, TargetError, targetHints, type PreflightResult } from './preflight.ts';
import { createRunServices, stopBudgets } from './services.ts';

let server: ReferenceServer;
beforeAll(async () => {
  server = await startReferenceServer({ rateLimit: 60, windowMs: 1000 });
});
afterAll(() => server.close());

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The preflight of a run with `over` as its input; its result, or the TargetError. */
async function check(
  over: Partial<RunInput> = {},
  withResellerKey = true,
  at: Pick<ReferenceServer, 'baseUrl' | 'adminToken'> = server,
  hints = FLAG_HINTS,
): Promise<PreflightResult | TargetError> {
  const input = testInput(at, over);
  const services = createRunServices(input);
  cleanups.push(async () => {
    await stopBudgets(services);
    rmSync(input.runDir, { recursive: true, force: true });
  });
  try {
    return await preflight(services, hints, { withResellerKey });
  } catch (err) {
    if (err instanceof TargetError) return err;
    throw err;
  }
}

async function local(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ baseUrl: string; adminToken: string }> {
  const s = await startLocalServer(handler);
  cleanups.push(() => s.close());
  return { baseUrl: `${s.origin}/api/v1`, adminToken: 'wsp_0123456789abcdef0123456789abcdef0123456789abcdef' };
}

const sentSince = (before: number) => server.requestLog.slice(before).map((r) => `${r.method} ${r.path} ${r.status}`);

describe('a WisPanel API with good keys', () => {
  test("the admin key's rate-limit headers start the run, its answer serves the identity case; no reseller key, one request", async () => {
    const before = server.requestLog.length;
    const result = await check();
    expect(result).toEqual({
      preflightRate: { limit: 60, remaining: expect.any(Number), reset: expect.any(Number), retryAfter: undefined },
      preflightIdentity: expect.objectContaining({
        credential: 'admin',
        request: expect.objectContaining({ method: 'GET', path: '/auth/me' }),
        response: expect.objectContaining({ status: 200, json: expect.objectContaining({ username: 'admin', role: 'admin' }) }),
      }),
    });
    // The rate is the one that answer carried.
    const { preflightRate, preflightIdentity } = result as PreflightResult;
    expect(preflightRate.remaining).toBe(Number(preflightIdentity.response!.headers['x-ratelimit-remaining']));
    expect(sentSince(before)).toEqual(['GET /api/v1/auth/me 200']);
  });

  test('a given reseller key: whose it is, and its headers; not asked when the caller does not want it (a clean-up)', async () => {
    const given = await check({ resellerToken: server.resellerToken });
    expect(given).toMatchObject({ resellerKey: { username: 'partner1', rate: { limit: 60 } } });
    const before = server.requestLog.length;
    const cleanup = await check({ resellerToken: server.resellerToken }, false);
    expect(cleanup).not.toHaveProperty('resellerKey');
    expect(sentSince(before)).toHaveLength(1);
  });
});

describe('wrong keys: exit 2, with the hint', () => {
  test('a rejected admin key', async () => {
    const err = await check({ token: 'wsp_000000000000000000000000000000000000000000000000' });
    expect(err).toBeInstanceOf(TargetError);
    expect(err).toMatchObject({
      exitCode: 2,
      message: `the token was rejected: GET /auth/me answered 401 at ${server.baseUrl}; check --token (or WISPANEL_TOKEN)`,
    });
  });

  test("a reseller's key given as the admin key", async () => {
    expect(await check({ token: server.resellerToken })).toMatchObject({
      exitCode: 2,
      message: '--token (or WISPANEL_TOKEN) must be an admin key: GET /auth/me says role "reseller"',
    });
  });

  test("a rejected reseller key, and an admin's key given as the reseller key", async () => {
    expect(await check({ resellerToken: 'wsp_000000000000000000000000000000000000000000000000' })).toMatchObject({
      exitCode: 2,
      message: `the reseller key was rejected: GET /auth/me answered 401 at ${server.baseUrl}; check --reseller-token (or WISPANEL_RESELLER_TOKEN)`,
    });
    expect(await check({ resellerToken: server.adminToken })).toMatchObject({
      exitCode: 2,
      message: '--reseller-token (or WISPANEL_RESELLER_TOKEN) must be a reseller\'s key: GET /auth/me says role "admin"',
    });
  });

  test("in a fleet, the hint names the panel's entry in the targets file", async () => {
    const hints = targetHints('fleet.yaml', 'east');
    expect(hints).toEqual({
      token: 'the token of target east in fleet.yaml',
      resellerToken: 'the reseller-token of target east in fleet.yaml',
      caFile: 'ca-file: PATH in target east in fleet.yaml',
      insecure: 'insecure: true in target east in fleet.yaml',
    });
    const err = await check({ token: 'wsp_000000000000000000000000000000000000000000000000' }, true, server, hints);
    expect((err as TargetError).message).toMatch(/; check the token of target east in fleet\.yaml$/);
  });
});

describe("a role in a form the vendor did not document: the panel's fault, not the key's", () => {
  test('an admin key answered "Admin" that is served the admin-only list: the run goes on (the identity case judges the form)', async () => {
    const capitalised = await startReferenceServer({ rateLimit: 60, windowMs: 1000, fault: 'role-capitalised' });
    cleanups.push(() => capitalised.close());
    const result = await check({ resellerToken: capitalised.resellerToken }, true, capitalised);
    expect(result).not.toBeInstanceOf(TargetError);
    expect((result as PreflightResult).preflightIdentity.response?.json).toMatchObject({ role: 'Admin' });
    // The reseller key's "Reseller" is taken as its answer too: whose it is decides.
    expect((result as PreflightResult).resellerKey).toMatchObject({ username: expect.any(String) });
    expect(capitalised.requestLog.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /api/v1/auth/me 200',
      'GET /api/v1/resellers/ 200',
      'GET /api/v1/auth/me 200',
    ]);
  });

  test('a reseller key given as the admin key, its role capitalised: refused the admin-only list, exit 2 as for "reseller"', async () => {
    const capitalised = await startReferenceServer({ rateLimit: 60, windowMs: 1000, fault: 'role-capitalised' });
    cleanups.push(() => capitalised.close());
    expect(await check({ token: capitalised.resellerToken }, false, { baseUrl: capitalised.baseUrl, adminToken: capitalised.resellerToken })).toMatchObject({
      exitCode: 2,
      message: '--token (or WISPANEL_TOKEN) must be an admin key: GET /auth/me says role "Reseller"',
    });
  });
});

describe('a reseller key that cannot tell whose it is', () => {
  test('the role cases are left to be skipped, with the reason; the run goes on', async () => {
    const at = await local((req, res) => {
      const admin = req.headers.authorization === 'Bearer wsp_0123456789abcdef0123456789abcdef0123456789abcdef';
      res.writeHead(admin ? 200 : 500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(admin ? { username: 'root', role: 'admin' } : { code: 'INTERNAL' }));
    });
    const result = await check({ resellerToken: 'wsp_fedcba9876543210fedcba9876543210fedcba9876543210' }, true, at);
    expect(result).toMatchObject({
      resellerKey: { unusable: 'the --reseller-token key could not tell whose it is (GET /auth/me: 500 INTERNAL): role cases not judged' },
    });
  });
});

describe('not a usable target: exit 3', () => {
  test('nothing listening', async () => {
    const closed = await startReferenceServer({ windowMs: 1000 });
    await closed.close();
    const err = await check({}, true, closed);
    expect(err).toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(new RegExp(`^target unreachable: ${closed.baseUrl.replace(/\./g, '\\.')}/auth/me: `)),
    });
  });

  test('an answer that is not JSON, and a JSON 404', async () => {
    const html = await local((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html>a login page</html>');
    });
    expect(await check({}, true, html)).toMatchObject({ exitCode: 3, message: `not a WisPanel API (got text/html from ${html.baseUrl}/auth/me, status 200)` });
    const missing = await local((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"no such route"}');
    });
    expect(await check({}, true, missing)).toMatchObject({
      exitCode: 3,
      message: `not a WisPanel API (GET /auth/me answered 404 at ${missing.baseUrl}); is the base URL the API root, e.g. https://host:2083/api/v1?`,
    });
  });

  test("a proxy's 503 past --unavailable-budget: target unavailable, waited out first", async () => {
    const busy = await local((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/html', 'retry-after': '1' });
      res.end('<html>503 Service Temporarily Unavailable</html>');
    });
    const started = Date.now();
    const err = await check({ unavailableBudgetMs: 1000 }, true, busy);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(err).toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(
        new RegExp(
          `^target unavailable: GET ${busy.baseUrl}/auth/me: the panel stayed unavailable for 1\\.\\d s, past its budget of 1\\.0 s \\(--unavailable-budget\\); last answer: 503 text/html$`,
        ),
      ),
    });
  });

  test('no answer within --timeout', async () => {
    const silent = await local(() => {});
    const err = await check({ timeoutMs: 300 }, true, silent);
    expect(err).toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(new RegExp(`^target did not answer: GET ${silent.baseUrl}/auth/me: .* \\(--timeout\\)$`)),
    });
  });

  test('TLS: plain HTTP on the port, and a certificate nobody vouched for, each with its advice', async () => {
    const plain = await check({}, true, { baseUrl: server.baseUrl.replace(/^http:/, 'https:'), adminToken: server.adminToken });
    expect(plain).toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(/^TLS failure talking to https:.*The server may not speak TLS on that port: try http:\/\/ instead of https:\/\/$/),
    });

    const dir = mkdtempSync(`${tmpdir()}/wispanel-preflight-tls-`);
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const cert: SelfSigned = makeSelfSignedCert(dir);
    const tls = await startReferenceServer({ windowMs: 1000, tls: { key: cert.key, cert: cert.cert } });
    cleanups.push(() => tls.close());
    const untrusted = await check({}, true, tls);
    expect(untrusted).toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(/Trust the panel's CA with --ca-file PATH \(or WISPANEL_CA_FILE\), or turn verification off with --insecure$/),
    });
    // With its CA, the same server passes.
    expect(await check({ tls: { caFile: cert.certFile } }, true, tls)).toHaveProperty('preflightRate');
  });
});
