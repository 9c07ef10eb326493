// A load balancer's hiccup is not the panel's answer: 502/503/504 and reset
// connections are sent again (at most twice), every write with a fresh
// Idempotency-Key that its retries keep; only the answer that persists is
// recorded, with the retries counted.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, expect, test } from 'vitest';
import { ApiClient } from './client.ts';
import { Budget } from './budget.ts';
import { createDispatcher } from './transport.ts';
import { createRedactor } from './redact.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/local-server.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Answers by the order of arrival: each entry is what the n-th request gets. */
async function serve(answers: Array<(req: IncomingMessage, res: ServerResponse) => void>) {
  const seen: IncomingMessage[] = [];
  server = await startLocalServer((req, res) => {
    seen.push(req);
    (answers[seen.length - 1] ?? answers.at(-1)!)(req, res);
  });
  const budget = new Budget({ rate: 600, windowMs: 60_000 });
  const client = new ApiClient({ baseUrl: server.origin, tokens: { admin: 'admin-token-for-tests' }, timeoutMs: 5000, dispatcher: createDispatcher({}, 5000), budgets: { admin: budget, reseller: budget, anonymous: budget }, redact: createRedactor([]) });
  return { client, seen };
}
const proxy503 = (_req: IncomingMessage, res: ServerResponse) => { res.writeHead(503, { 'content-type': 'text/html', 'retry-after': '0' }); res.end('<html>Service Unavailable</html>'); };
const ok = (_req: IncomingMessage, res: ServerResponse) => { res.writeHead(201, { 'content-type': 'application/json' }); res.end('{"success":true}'); };
const reset = (req: IncomingMessage) => req.socket.destroy();

test('a proxy 503 is sent again and the answer that persists is recorded, the retry counted', async () => {
  const { client, seen } = await serve([proxy503, ok]);
  const ex = await client.call('admin', { method: 'POST', path: '/resellers/', body: { json: { username: 'wcabcdef1' } } });
  expect(ex.response?.status).toBe(201);
  expect(ex.transientRetries).toBe(1);
  // One write, one key: the retry carries the same Idempotency-Key.
  expect(seen).toHaveLength(2);
  expect(seen[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  expect(seen[1]!.headers['idempotency-key']).toBe(seen[0]!.headers['idempotency-key']);
});

test('a reset connection is sent again; a GET carries no Idempotency-Key', async () => {
  const { client, seen } = await serve([reset, ok]);
  const ex = await client.call('admin', { method: 'GET', path: '/resellers/' });
  expect(ex.response?.status).toBe(201);
  expect(ex.transientRetries).toBe(1);
  expect(seen[1]!.headers['idempotency-key']).toBeUndefined();
});

test('at most twice: a 503 that persists is the answer, judged as such', async () => {
  const { client, seen } = await serve([proxy503]);
  const ex = await client.call('admin', { method: 'PUT', path: '/resellers/wcabcdef1/limits', body: { json: { max_users: 9 } } });
  expect(ex.response?.status).toBe(503);
  expect(ex.transientRetries).toBe(2);
  expect(seen).toHaveLength(3);
});

test('a 500 is the panel\'s own answer: never sent again', async () => {
  const { client, seen } = await serve([(_req, res) => { res.writeHead(500, { 'content-type': 'application/json' }); res.end('{}'); }]);
  const ex = await client.call('admin', { method: 'POST', path: '/resellers/', body: { json: {} } });
  expect(ex.response?.status).toBe(500);
  expect(ex.transientRetries).toBeUndefined();
  expect(seen).toHaveLength(1);
});

test('two writes never share an Idempotency-Key', async () => {
  const { client, seen } = await serve([ok]);
  await client.call('admin', { method: 'POST', path: '/resellers/', body: { json: {} } });
  await client.call('admin', { method: 'POST', path: '/resellers/', body: { json: {} } });
  expect(seen[0]!.headers['idempotency-key']).not.toBe(seen[1]!.headers['idempotency-key']);
});
