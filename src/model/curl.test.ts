// curlFor: the exact command, its syntax under bash and POSIX sh, and a real
// curl sending it to a loopback server; reproductions: which exchanges get one.
import { execFile } from 'node:child_process';
import { requireProgram } from '../../test/helpers/system-tools.ts';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import type { CaseResult } from './record.ts';
import type { Exchange } from './exchange.ts';
import { curlFor } from './curl.ts';
import { reproductions } from './reproduce.ts';
import { KNOWN_TOKEN } from '../../test/fixtures/reporters/sample-run.ts';
import { startLocalServer } from '../../test/helpers/local-server.ts';

const run = promisify(execFile);
const BASE = 'https://panel.example.test:2083/api/v1';

function exchange(partial: Partial<Exchange> & Pick<Exchange, 'request'>): Exchange {
  return { credential: 'admin', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1, rateLimitedRetries: 0, ...partial };
}

/** A body a shell would mangle if it were not quoted right. */
const TRICKY_BODY = `{"note":"it's $HOME \`id\` \\"quoted\\" \\\\ done"}`;

const post = exchange({
  request: {
    method: 'POST',
    path: '/resellers/',
    headers: {
      accept: 'application/json',
      authorization: 'Bearer [redacted]',
      'content-type': 'application/json',
      'content-length': '42',
      host: 'panel.example.test',
      'accept-encoding': 'gzip',
    },
    body: TRICKY_BODY,
  },
});

test('the exact command: key from the environment, single quotes escaped, transport headers left out', () => {
  expect(curlFor(post, BASE)).toBe(
    `curl -sS -X POST '${BASE}/resellers/' -H 'accept: application/json' -H "authorization: Bearer $WISPANEL_TOKEN" ` +
      `-H 'content-type: application/json' --data-raw '{"note":"it'\\''s $HOME \`id\` \\"quoted\\" \\\\ done"}'`,
  );
  expect(curlFor({ ...post, credential: 'reseller' }, BASE, { insecure: true })).toBe(
    `curl -sS -k -X POST '${BASE}/resellers/' -H 'accept: application/json' -H "authorization: Bearer $WISPANEL_RESELLER_TOKEN" ` +
      `-H 'content-type: application/json' --data-raw '{"note":"it'\\''s $HOME \`id\` \\"quoted\\" \\\\ done"}'`,
  );
  // A record that was not redacted still writes the variable, never the key.
  const raw = exchange({ request: { method: 'GET', path: '/auth/me', headers: { authorization: `Bearer ${KNOWN_TOKEN}` } } });
  expect(curlFor(raw, BASE)).toBe(`curl -sS -X GET '${BASE}/auth/me' -H "authorization: Bearer $WISPANEL_TOKEN"`);
});

test('auth cases: no header without a key, a malformed header as sent, a redacted one explained', () => {
  const get = (credential: Exchange['credential'], headers: Record<string, string>) =>
    curlFor(exchange({ credential, request: { method: 'GET', path: '/resellers/', headers: { accept: 'application/json', ...headers } } }), BASE);
  expect(get('none', {})).toBe(`curl -sS -X GET '${BASE}/resellers/' -H 'accept: application/json'`);
  expect(get('invalid', { authorization: 'Bearer' })).toBe(`curl -sS -X GET '${BASE}/resellers/' -H 'accept: application/json' -H 'authorization: Bearer'`);
  expect(get('invalid', { authorization: 'Bearer [redacted]' })).toBe(
    `curl -sS -X GET '${BASE}/resellers/' -H 'accept: application/json' -H 'authorization: Bearer [redacted]' ` +
      '# [redacted]: the key sent is not on record; any key no server issued (wsp_ and 48 hex digits) stands in for it',
  );
  expect(get('invalid', { authorization: `Basic ${Buffer.from('wcab12cd:not-a-password').toString('base64')}` })).toBe(
    `curl -sS -X GET '${BASE}/resellers/' -H 'accept: application/json' -H 'authorization: Basic [redacted]' ` +
      '# [redacted]: the credentials sent are not on record; the base64 of any user:password stands in for them',
  );
  const redactedBody = exchange({ request: { method: 'POST', path: '/x', headers: {}, body: `{"k":"${KNOWN_TOKEN}"}` } });
  expect(curlFor(redactedBody, BASE)).toBe(
    `curl -sS -X POST '${BASE}/x' --data-raw '{"k":"[redacted]"}' # [redacted] stands for a secret that is not on record`,
  );
});

test('every command parses under bash and POSIX sh', async () => {
  const commands = [
    curlFor(post, BASE),
    curlFor({ ...post, credential: 'invalid', request: { ...post.request, headers: { authorization: 'Basic [redacted]' } } }, BASE, { insecure: true }),
    curlFor(exchange({ request: { method: 'PUT', path: "/resellers/o'brien", headers: {}, body: "line 1\nline '2'\n" } }), BASE),
  ];
  for (const shell of ['bash', 'sh']) {
    for (const command of commands) await expect(run(shell, ['-n', '-c', command])).resolves.toBeDefined();
  }
});

test('real curl sends the same method, path, headers and body, with the key from $WISPANEL_TOKEN', async (ctx) => {
  requireProgram(ctx, 'curl', 'curl');
  const seen: { method?: string; url?: string; headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const server = await startLocalServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  try {
    const command = curlFor({ ...post, request: { ...post.request, path: '/resellers/?page=2' } }, `${server.origin}/api/v1`);
    const token = `wsp_${'ab'.repeat(24)}`;
    const { stdout } = await run('sh', ['-c', command], { env: { PATH: process.env.PATH, WISPANEL_TOKEN: token, HOME: '/nonexistent' } });
    expect(stdout).toBe('{"ok":true}');
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/api/v1/resellers/?page=2');
    expect(request.headers).toMatchObject({ authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json' });
    expect(request.headers['accept-encoding']).toBeUndefined();
    expect(request.body).toBe(TRICKY_BODY);
  } finally {
    await server.close();
  }
});

test('reproductions: the exchange a failing finding points at, else the last; errors the last; nothing for other outcomes', () => {
  const get = (path: string) => exchange({ request: { method: 'GET', path, headers: {} } });
  const c: Pick<CaseResult, 'outcome' | 'findings' | 'exchanges'> = {
    outcome: 'failed',
    findings: [
      { requirement: 'A', level: 'documented', ok: false, message: 'x', exchange: 1 },
      { requirement: 'B', level: 'documented', ok: true, message: 'x', exchange: 0 },
      { requirement: 'C', level: 'inferred', ok: false, message: 'only a warning', exchange: 0 },
    ],
    exchanges: [get('/a'), get('/b'), get('/c')],
  };
  const target = { baseUrl: BASE, insecureTls: false };
  expect([...reproductions(c, { strict: false }, target).keys()]).toEqual([1]);
  expect([...reproductions(c, { strict: true }, target).keys()]).toEqual([0, 1]);
  expect(reproductions(c, { strict: false }, target).get(1)).toBe(`curl -sS -X GET '${BASE}/b'`);
  const sequence = { ...c, findings: [{ requirement: 'S', level: 'documented' as const, ok: false, message: 'over the sequence' }] };
  expect([...reproductions(sequence, { strict: false }, target).keys()]).toEqual([2]);
  expect([...reproductions({ ...c, findings: [] }, { strict: false }, target).keys()]).toEqual([2]);
  expect([...reproductions({ ...c, outcome: 'error' }, { strict: false }, target).keys()]).toEqual([1, 2]);
  expect(reproductions({ ...c, outcome: 'passed' }, { strict: false }, target).size).toBe(0);
  expect(reproductions({ ...c, exchanges: [] }, { strict: false }, target).size).toBe(0);
});
