// What the user sees when the target is not a usable WisPanel API: exit 3
// (unreachable, TLS, not the API) or 2 (a key rejected, or of the wrong
// role), with one line that says what to do. And HTTPS with a self-signed
// certificate, trusted with --ca-file or explicitly unverified with
// --insecure.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { call } from '../reference/client.ts';
import { startReferenceServer, type ReferenceServer } from '../reference/server.ts';
import { runCli, type CliResult } from './helpers/cli.ts';
import { startLocalServer, type LocalServer } from './helpers/local-server.ts';
import { readReport } from './helpers/outputs.ts';
import { makeSelfSignedCert, type SelfSigned } from './helpers/tls.ts';

/** One line on stderr, no stack trace. */
function oneLine(r: CliResult): string {
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  return lines[0];
}

// One case is enough to prove a run works; the rate window keeps it short.
const QUICK = ['--rate-window-ms', '1000', '--filter', '^getCurrentUser\\.positive'];

let html: LocalServer;
let reference: ReferenceServer;
let tlsDir: string;
let cert: SelfSigned;
let tlsServer: ReferenceServer;
beforeAll(async () => {
  html = await startLocalServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Panel login</title>');
  });
  reference = await startReferenceServer({ windowMs: 1000 });
  tlsDir = mkdtempSync(join(tmpdir(), 'wispanel-cli-tls-'));
  cert = makeSelfSignedCert(tlsDir);
  tlsServer = await startReferenceServer({ windowMs: 1000, tls: { key: cert.key, cert: cert.cert } });
});
afterAll(async () => {
  await html.close();
  await reference.close();
  await tlsServer.close();
  rmSync(tlsDir, { recursive: true, force: true });
});

test.concurrent('nothing listening: exit 3, connection refused', async () => {
  const gone = await startLocalServer(() => {});
  await gone.close();
  const r = await runCli(['--base-url', `${gone.origin}/api/v1`, '--token', 'wsp_0123456789abcdef0123456789abcdef0123456789abcdef', ...QUICK]);
  expect(r.code).toBe(3);
  expect(oneLine(r)).toBe(`wispanel-conformance: target unreachable: ${gone.origin}/api/v1/auth/me: connection refused: nothing listening (ECONNREFUSED)`);
});

test.concurrent(
  "a panel the preflight refuses still gets the JUnit and report asked for: every case not run, with the reason (a CI job's JUnit step finds a file)",
  async () => {
    const out = join(tlsDir, 'refused');
    const r = await runCli([
      '--base-url',
      `${html.origin}/api/v1`,
      '--token',
      'wsp_0123456789abcdef0123456789abcdef0123456789abcdef',
      '--junit',
      join(out, 'junit.xml'),
      '--report',
      join(out, 'report'),
      ...QUICK,
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr.trimEnd().split('\n')).toEqual([`wispanel-conformance: not a WisPanel API (got text/html from ${html.origin}/api/v1/auth/me, status 200)`]);
    const report = readReport(join(out, 'report'));
    expect(report.verdict).toBe('INCOMPLETE');
    const notRun = report.cases.filter((c) => c.outcome === 'skipped');
    expect(notRun.length).toBeGreaterThan(0);
    expect(notRun.every((c) => c.reason === 'not run: not a WisPanel API (got text/html from ' + html.origin + '/api/v1/auth/me, status 200)')).toBe(true);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('not run: not a WisPanel API');
    expect(r.stdout).toContain(`written: JUnit ${join(out, 'junit.xml')}`);
  },
);

test.concurrent('HTML at the base URL: exit 3, not a WisPanel API', async () => {
  const r = await runCli(['--base-url', `${html.origin}/api/v1`, '--token', 'wsp_0123456789abcdef0123456789abcdef0123456789abcdef', ...QUICK]);
  expect(r.code).toBe(3);
  expect(oneLine(r)).toBe(`wispanel-conformance: not a WisPanel API (got text/html from ${html.origin}/api/v1/auth/me, status 200)`);
});

test.concurrent('a token the server rejects (401): exit 2, the token was rejected', async () => {
  const r = await runCli(['--base-url', reference.baseUrl, '--token', `wsp_${'0'.repeat(48)}`, ...QUICK]);
  expect(r.code).toBe(2);
  expect(oneLine(r)).toBe(`wispanel-conformance: the token was rejected: GET /auth/me answered 401 at ${reference.baseUrl}; check --token (or WISPANEL_TOKEN)`);
});

test.concurrent('--cleanup-only checks the target first: a rejected token is exit 2, nothing deleted', async () => {
  const r = await runCli(['--base-url', reference.baseUrl, '--token', `wsp_${'0'.repeat(48)}`, '--cleanup-only', 'abc123']);
  expect(r.code).toBe(2);
  expect(oneLine(r)).toMatch(/^wispanel-conformance: the token was rejected/);
});
test.concurrent('a --reseller-token the server rejects (401): exit 2 before any case, one line naming the flag, not the key', async () => {
  const bogus = `wsp_${'0'.repeat(48)}`;
  const r = await runCli(['--base-url', reference.baseUrl, '--token', reference.adminToken, '--reseller-token', bogus, ...QUICK]);
  expect(r.code).toBe(2);
  expect(oneLine(r)).toBe(
    `wispanel-conformance: the reseller key was rejected: GET /auth/me answered 401 at ${reference.baseUrl}; check --reseller-token (or WISPANEL_RESELLER_TOKEN)`,
  );
  expect(r.stdout).not.toMatch(/passed|Verdict/);
  expect(r.stdout + r.stderr).not.toContain(bogus);
});

test.concurrent("the admin key as --reseller-token: exit 2, it is not a reseller's key", async () => {
  const r = await runCli(['--base-url', reference.baseUrl, '--token', reference.adminToken, '--reseller-token', reference.adminToken, ...QUICK]);
  expect(r.code).toBe(2);
  expect(oneLine(r)).toBe('wispanel-conformance: --reseller-token (or WISPANEL_RESELLER_TOKEN) must be a reseller\'s key: GET /auth/me says role "admin"');
  expect(r.stdout + r.stderr).not.toContain(reference.adminToken);
});

test.concurrent('a scoped --reseller-token (it knows whose it is, but is refused its own record): the role cases skipped as a scoped key, exit 0', async () => {
  const issued = await call(reference, 'POST', '/users/partner1/api-keys', { body: { name: 'scoped', permissions: ['domains'] } });
  expect(issued.status, issued.text).toBe(201);
  const report = join(tlsDir, 'scoped-report');
  const r = await runCli([
    '--base-url',
    reference.baseUrl,
    '--token',
    reference.adminToken,
    '--reseller-token',
    issued.json.secret_key,
    '--report',
    report,
    '--rate-window-ms',
    '1000',
    '--filter',
    '\\.role\\.',
  ]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const roles = readReport(report).cases.filter((c) => c.outcome !== 'disabled');
  expect(roles.length).toBeGreaterThan(0);
  expect(roles.filter((c) => c.outcome !== 'skipped').map((c) => c.id)).toEqual([]);
  expect(roles.find((c) => c.id === 'getReseller.role.own')?.reason).toMatch(
    /^the --reseller-token key was refused even its own record \(403\): a key scoped narrower/,
  );
});

test.concurrent('https:// at a plain-HTTP port: exit 3, and the hint says the port may not speak TLS', async () => {
  const url = `${reference.baseUrl.replace(/^http:/, 'https:')}`;
  const r = await runCli(['--base-url', url, '--token', reference.adminToken, ...QUICK]);
  expect(r.code).toBe(3);
  expect(oneLine(r)).toBe(
    `wispanel-conformance: TLS failure talking to ${url}/auth/me: TLS handshake failed (ERR_SSL_WRONG_VERSION_NUMBER). ` +
      'The server may not speak TLS on that port: try http:// instead of https://',
  );
});

test.concurrent('HTTPS with a self-signed certificate, without --ca-file or --insecure: exit 3, and the message names both', async () => {
  const r = await runCli(['--base-url', tlsServer.baseUrl, '--token', tlsServer.adminToken, ...QUICK]);
  expect(r.code).toBe(3);
  expect(oneLine(r)).toBe(
    `wispanel-conformance: TLS failure talking to ${tlsServer.baseUrl}/auth/me: certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT). ` +
      "Trust the panel's CA with --ca-file PATH (or WISPANEL_CA_FILE), or turn verification off with --insecure",
  );
});

test.concurrent('--ca-file with a CA that did not sign the certificate: exit 3, and the message says so', async () => {
  const other = makeSelfSignedCert(mkdtempSync(join(tlsDir, 'other-')));
  const r = await runCli(['--base-url', tlsServer.baseUrl, '--token', tlsServer.adminToken, '--ca-file', other.certFile, ...QUICK]);
  expect(r.code).toBe(3);
  expect(oneLine(r)).toBe(
    `wispanel-conformance: TLS failure talking to ${tlsServer.baseUrl}/auth/me: certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT). ` +
      `The CA in --ca-file ${other.certFile} does not verify this server: give the CA that signed its certificate, or turn verification off with --insecure`,
  );
});

test.concurrent('--ca-file trusts the self-signed certificate: the run passes', async () => {
  const r = await runCli(['--base-url', tlsServer.baseUrl, '--token', tlsServer.adminToken, '--ca-file', cert.certFile, ...QUICK]);
  expect(r.stderr).not.toMatch(/TLS/);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/1 passed/);
});

test.concurrent('--insecure runs against it without verification, and the console and the report say so', async () => {
  const report = join(tlsDir, 'insecure-report');
  const r = await runCli(['--base-url', tlsServer.baseUrl, '--token', tlsServer.adminToken, '--insecure', '--report', report, ...QUICK]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('TLS verification is OFF (--insecure)');
  expect(readReport(report).insecureTls).toBe(true);
});
