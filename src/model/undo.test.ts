// undoFor: what a reproduced POST creates and the DELETE that removes it; the
// command parses under sh and, sent by a real curl, deletes that record.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { KNOWN_TOKEN } from '../../test/fixtures/reporters/sample-run.ts';
import { startLocalServer } from '../../test/helpers/local-server.ts';
import { requireProgram } from '../../test/helpers/system-tools.ts';
import type { Exchange } from './exchange.ts';
import { undoFor, undoText } from './undo.ts';

const run = promisify(execFile);
const BASE = 'https://panel.example.test:2083/api/v1';

const post = (path: string, body?: string): Pick<Exchange, 'request'> => ({
  request: {
    method: 'POST',
    path,
    headers: { accept: 'application/json', authorization: 'Bearer [redacted]', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  },
});

test('a reseller created: its DELETE with the admin key', () => {
  const undo = undoFor(post('/resellers/', '{"username":"wcrun01a","email":"wcrun01a@example.test","password":"Pw-1"}'), BASE);
  expect(undo).toEqual({
    creates: 'reseller wcrun01a',
    curl: `curl -sS -X DELETE '${BASE}/resellers/wcrun01a' -H 'accept: application/json' -H "authorization: Bearer $WISPANEL_TOKEN"`,
  });
  expect(undoText(undo!)).toBe(`creates reseller wcrun01a once the panel accepts it; remove it with: ${undo!.curl!}`);
  // -k as the reproduction has it; a name that needs it is encoded in the path.
  expect(undoFor(post('/resellers', '{"username":"o\'brien x"}'), BASE, { insecure: true })?.curl).toBe(
    `curl -sS -k -X DELETE '${BASE}/resellers/o'\\''brien%20x' -H 'accept: application/json' -H "authorization: Bearer $WISPANEL_TOKEN"`,
  );
});

test('an IP added to a reseller: its DELETE; an API key: no call removes it', () => {
  expect(undoFor(post('/resellers/wcrun01a/ips', '{"ip":"2001:db8::5"}'), BASE)).toEqual({
    creates: 'IP 2001:db8::5 of reseller wcrun01a',
    curl: `curl -sS -X DELETE '${BASE}/resellers/wcrun01a/ips/2001%3Adb8%3A%3A5' -H 'accept: application/json' -H "authorization: Bearer $WISPANEL_TOKEN"`,
  });
  const key = undoFor(post('/users/wcrun01a/api-keys', '{"name":"ci","permissions":["read"]}'), BASE);
  expect(key).toEqual({ creates: 'an API key named ci for user wcrun01a', note: 'the API has no call that revokes a key: revoke it in the panel' });
  expect(undoText(key!)).toBe(
    'creates an API key named ci for user wcrun01a once the panel accepts it; the API has no call that revokes a key: revoke it in the panel',
  );
});

test('a body that names no record (missing, cut, redacted): what it may create, and how to find it', () => {
  for (const body of [undefined, '{"email":"x@example.test","password":"p"}', '{"username":"wcrun0', `{"username":"${KNOWN_TOKEN}"}`, '["wcrun01a"]']) {
    expect(undoFor(post('/resellers/', body), BASE), String(body)).toEqual({
      creates: 'a reseller',
      note: expect.stringContaining('DELETE /resellers/{username}') as string,
    });
  }
  expect(undoFor(post('/resellers/wcrun01a/ips', '{}'), BASE)?.curl).toBeUndefined();
});

test('nothing for a request that creates nothing', () => {
  expect(undoFor(post('/resellers/transfer-user', '{"username":"u"}'), BASE)).toBeUndefined();
  expect(undoFor({ request: { method: 'GET', path: '/resellers/', headers: {} } }, BASE)).toBeUndefined();
  expect(undoFor({ request: { method: 'PUT', path: '/resellers/wcrun01a/limits', headers: {}, body: '{"username":"x"}' } }, BASE)).toBeUndefined();
  expect(undoFor({ request: { method: 'DELETE', path: '/resellers/wcrun01a', headers: {} } }, BASE)).toBeUndefined();
  expect(undoFor(post('/resellers/%E0%A4%A/ips', '{"ip":"203.0.113.5"}'), BASE)).toBeUndefined();
});

test('real curl: the DELETE reaches the record the POST named, with the key from $WISPANEL_TOKEN', async (ctx) => {
  requireProgram(ctx, 'curl', 'curl');
  const seen: { method?: string; url?: string; authorization?: string }[] = [];
  const server = await startLocalServer((req, res) => {
    seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"success":true}');
  });
  try {
    const command = undoFor(post('/resellers/', '{"username":"wcrun01a"}'), `${server.origin}/api/v1`)!.curl!;
    const token = `wsp_${'cd'.repeat(24)}`;
    await run('sh', ['-c', command], { env: { PATH: process.env.PATH, WISPANEL_TOKEN: token, HOME: '/nonexistent' } });
    expect(seen).toEqual([{ method: 'DELETE', url: '/api/v1/resellers/wcrun01a', authorization: `Bearer ${token}` }]);
  } finally {
    await server.close();
  }
});
