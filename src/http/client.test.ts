// A load balancer's hiccup is not the panel's answer: 502/503/504 and reset
// connections are sent again once the panel's shared wait is over, every
// write with a fresh Idempotency-Key that its retries keep; only the answer
// of the API is recorded, with the retries counted, and a panel unavailable
// past its budget is given up on.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, expect, test } from 'vitest';
import { ApiClient } from './client.ts';
import type { Exchange } from '../model/exchange.ts';
import { Budget } from './budget.ts';
import { createDispatcher } from './transport.ts';
import { createRedactor } from './redact.ts';
import { PanelUnavailable, Unavailability } from './unavailability.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/local-server.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Answers by the order of arrival: each entry is what the n-th request
 *  gets; `arrived` holds when each came (epoch ms). */
async function serve(answers: Array<(req: IncomingMessage, res: ServerResponse) => void>, opts: { budgetMs?: number; concurrency?: number } = {}) {
  const seen: IncomingMessage[] = [];
  const arrived: number[] = [];
  server = await startLocalServer((req, res) => {
    seen.push(req);
    arrived.push(Date.now());
    (answers[seen.length - 1] ?? answers.at(-1)!)(req, res);
  });
  const budget = new Budget({ rate: 600, windowMs: 60_000, concurrency: opts.concurrency });
  const unavailability = new Unavailability({ budgetMs: opts.budgetMs ?? 30_000, random: () => 0 });
  const client = new ApiClient({
    baseUrl: server.origin,
    tokens: { admin: 'admin-token-for-tests' },
    timeoutMs: 5000,
    dispatcher: createDispatcher({}, 5000),
    budgets: { admin: budget, reseller: budget, anonymous: budget },
    unavailability,
    redact: createRedactor([]),
  });
  return { client, seen, arrived, budget, unavailability };
}
const proxy503After = (retryAfter: string) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(503, { 'content-type': 'text/html', 'retry-after': retryAfter });
  res.end('<html>Service Unavailable</html>');
};
/** Retry-After: 0 asks for nothing: the back-off applies (250 ms first). */
const proxy503 = proxy503After('0');
const ok = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(201, { 'content-type': 'application/json' });
  res.end('{"success":true}');
};
const reset = (req: IncomingMessage) => req.socket.destroy();

test('a proxy 503 is sent again and the answer of the API is recorded, the retry counted, the budget spent once', async () => {
  const { client, seen, budget } = await serve([proxy503, ok]);
  const ex = await client.call('admin', { method: 'POST', path: '/resellers/', body: { json: { username: 'wcabcdef1' } } });
  expect(ex.response?.status).toBe(201);
  expect(ex.transientRetries).toBe(1);
  // One write, one key: the retry carries the same Idempotency-Key.
  expect(seen).toHaveLength(2);
  expect(seen[0].headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  expect(seen[1].headers['idempotency-key']).toBe(seen[0].headers['idempotency-key']);
  // The proxy's answer never reached the API: it costs the key nothing.
  expect(budget.sent).toBe(1);
});

test('a reset connection is sent again; a GET carries no Idempotency-Key', async () => {
  const { client, seen } = await serve([reset, ok]);
  const ex = await client.call('admin', { method: 'GET', path: '/resellers/' });
  expect(ex.response?.status).toBe(201);
  expect(ex.transientRetries).toBe(1);
  expect(seen[1].headers['idempotency-key']).toBeUndefined();
});

test('the burst outside the budget (callDirect) waits out a proxy the same way', async () => {
  const { client, seen } = await serve([proxy503, ok]);
  const ex = await client.callDirect('admin', { method: 'GET', path: '/auth/me' });
  expect(ex.response?.status).toBe(201);
  expect(ex.transientRetries).toBe(1);
  expect(seen).toHaveLength(2);
});

test('a Retry-After given as an HTTP date is honoured', async () => {
  let until = '';
  const { client, arrived } = await serve([
    (_req, res) => {
      until = new Date(Date.now() + 2000).toUTCString();
      res.writeHead(503, { 'content-type': 'text/html', 'retry-after': until });
      res.end('<html>busy</html>');
    },
    ok,
  ]);
  const ex = await client.call('admin', { method: 'GET', path: '/auth/me' });
  expect(ex.response?.status).toBe(201);
  expect(arrived[1]).toBeGreaterThanOrEqual(Date.parse(until));
});

test('requests wait together: during an outage the proxy meets one probe per wait, and afterwards each waiting request is sent once', async () => {
  let first: number | undefined;
  // A restart of 1.5 s from the first request on, each 503 asking for 1 s.
  const restarting = (_req: IncomingMessage, res: ServerResponse) => {
    first ??= Date.now();
    if (Date.now() - first < 1500) return proxy503After('1')(_req, res);
    ok(_req, res);
  };
  const { client, arrived, seen } = await serve([restarting], { concurrency: 8 });
  const exchanges = await Promise.all(Array.from({ length: 5 }, () => client.call('admin', { method: 'GET', path: '/auth/me' })));
  expect(exchanges.map((ex) => ex.response?.status)).toEqual([201, 201, 201, 201, 201]);
  const since = arrived.map((t) => t - first!);
  // Those sent before the first 503 came back; the probe at 1 s, turned
  // away; the probe at 2 s, then the others, each once.
  expect(since.filter((t) => t >= 500 && t < 1900)).toHaveLength(1);
  expect(since.filter((t) => t >= 1900)).toHaveLength(5);
  const retries = exchanges.map((ex) => ex.transientRetries ?? 0);
  expect(retries.reduce((a, b) => a + b)).toBe(seen.length - 5);
});

test("past the budget the panel is given up on: a request of the run throws why, one outside it (the clean-up's) gets its last answer; later ones are sent once", async () => {
  const { client, seen, unavailability } = await serve([proxy503], { budgetMs: 1000 });
  const [outside, ofTheRun] = await Promise.allSettled([
    client.call('admin', { method: 'PUT', path: '/resellers/wcabcdef1/limits', body: { json: { max_users: 9 } } }),
    client.withSignal(unavailability.stopped).call('admin', { method: 'GET', path: '/resellers/' }),
  ]);
  expect(unavailability.reason).toMatch(
    /^the panel stayed unavailable for 1\.\d s, past its budget of 1\.0 s \(--unavailable-budget\); last answer: 503 text\/html$/,
  );
  expect(ofTheRun.status === 'rejected' && ofTheRun.reason).toBeInstanceOf(PanelUnavailable);
  const last = (outside as PromiseFulfilledResult<Exchange>).value;
  expect(last.response?.status).toBe(503);
  expect(last.transientRetries).toBeGreaterThanOrEqual(1);
  const sent = seen.length;
  const after = await client.call('admin', { method: 'DELETE', path: '/resellers/wcabcdef1' });
  expect(after.response?.status).toBe(503);
  expect(after.transientRetries).toBeUndefined();
  expect(seen).toHaveLength(sent + 1);
});

test("a 500 is the panel's own answer: never sent again", async () => {
  const { client, seen } = await serve([
    (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{}');
    },
  ]);
  const ex = await client.call('admin', { method: 'POST', path: '/resellers/', body: { json: {} } });
  expect(ex.response?.status).toBe(500);
  expect(ex.transientRetries).toBeUndefined();
  expect(seen).toHaveLength(1);
});

test('two writes never share an Idempotency-Key', async () => {
  const { client, seen } = await serve([ok]);
  await client.call('admin', { method: 'POST', path: '/resellers/', body: { json: {} } });
  await client.call('admin', { method: 'POST', path: '/resellers/', body: { json: {} } });
  expect(seen[0].headers['idempotency-key']).not.toBe(seen[1].headers['idempotency-key']);
});
