// SharedBudgetGate (src/http/shared-budget.ts) against a real redis-server:
// start-up and mid-run failures, expiry, server-header sync, 429 blocks, and
// no key material in Redis. The three-process window test is in
// shared-budget-cluster.test.ts.
import { createHash } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { describe, expect, onTestFinished, test } from 'vitest';
import { BudgetStoreUnavailable, COMMAND_TIMEOUT_MS, SharedBudgetGate, budgetId, redactRedisUrl, type SharedBudgetOptions } from '../src/http/shared-budget.ts';
import { freePort, startRedisServer, type RedisServer } from './helpers/redis-server.ts';
import { forkGate, type GateProc } from './helpers/shared-budget-procs.ts';
import { requireProgram } from './helpers/system-tools.ts';

const BASE_URL = 'https://panel.example.test/api/v1';
const API_KEY = 'wsp_7a3f09c1d2e4b5a6978877665544332211ffeeddccbbaa99';

function opts(apiKey: string, extra: Partial<SharedBudgetOptions> = {}): SharedBudgetOptions {
  return { id: budgetId(BASE_URL, apiKey), rate: 20, windowMs: 2000, ...extra };
}

async function redisFor(ctx: { skip(note: string): void }): Promise<RedisServer> {
  requireProgram(ctx, 'redis-server', 'redis-server');
  const server = await startRedisServer();
  onTestFinished(() => server.stop());
  return server;
}

async function gateFor(url: string, o: SharedBudgetOptions): Promise<SharedBudgetGate> {
  const gate = await SharedBudgetGate.connect(url, o);
  onTestFinished(() => gate.close());
  return gate;
}

function procs(n: number): GateProc[] {
  const ps = Array.from({ length: n }, (_, i) => forkGate(i));
  onTestFinished(() => Promise.all(ps.map((p) => p.stop())).then(() => {}));
  return ps;
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

describe('options and ids', () => {
  test('windows that are not whole seconds are refused before connecting', async () => {
    for (const windowMs of [1500, 500, 0, 2000.5, -1000]) {
      const err = await rejection(SharedBudgetGate.connect('redis://127.0.0.1:1', opts(API_KEY, { windowMs })));
      expect(err).toBeInstanceOf(RangeError);
      expect((err as Error).message).toMatch(/whole number of seconds/);
    }
    for (const rate of [0, 1.5, -3]) {
      expect(await rejection(SharedBudgetGate.connect('redis://127.0.0.1:1', opts(API_KEY, { rate })))).toBeInstanceOf(RangeError);
    }
  });

  test('the id must be a hash: the API key itself is refused', async () => {
    const err = await rejection(SharedBudgetGate.connect('redis://127.0.0.1:1', { ...opts(API_KEY), id: API_KEY }));
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(/hex hash/);
    expect((err as Error).message).not.toContain(API_KEY);
  });

  test('budgetId is sha256 of the base URL and the key, 32 hex characters', () => {
    const id = budgetId(BASE_URL, API_KEY);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(id).toBe(createHash('sha256').update(`wispanel-conformance budget\n${BASE_URL}\n${API_KEY}`).digest('hex').slice(0, 32));
    expect(budgetId(`${BASE_URL}/`, API_KEY)).toBe(id); // one base URL, however it is spelled
    expect(budgetId('https://PANEL.example.test/api/v1', API_KEY)).toBe(id);
    expect(budgetId('https://other.example.test/api/v1', API_KEY)).not.toBe(id);
    expect(budgetId(BASE_URL, `${API_KEY}x`)).not.toBe(id);
    expect(id).not.toContain(API_KEY.slice(0, 8));
  });

  test('redactRedisUrl hides the password', () => {
    expect(redactRedisUrl('redis://:s3cret@db.local:6380/2')).toBe('redis://:***@db.local:6380/2');
    expect(redactRedisUrl('rediss://budget:s3cret@db.local:6380')).toBe('rediss://budget:***@db.local:6380');
    expect(redactRedisUrl('redis://s3cret@db.local')).toBe('redis://***@db.local');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});

describe('Redis unavailable at start (c)', () => {
  test('nothing listening: connect rejects within 2 s, naming the URL without its password', async () => {
    const port = await freePort();
    const url = `redis://:hunter2-pass@127.0.0.1:${port}/0`;
    const started = Date.now();
    const err = await rejection(SharedBudgetGate.connect(url, opts(API_KEY)));
    const took = Date.now() - started;
    expect(err).toBeInstanceOf(BudgetStoreUnavailable);
    const e = err as BudgetStoreUnavailable;
    expect(e.reason).toBe('unreachable');
    expect(e.message).toContain(`redis://:***@127.0.0.1:${port}/0`);
    expect(e.message).not.toContain('hunter2');
    expect(e.url).toBe(`redis://:***@127.0.0.1:${port}/0`);
    // Refused at once (a few ms on a quiet machine): README's "within 2 s".
    expect(took).toBeLessThan(2000);
  });

  test('a server that accepts but never answers: connect rejects after connectTimeoutMs', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const port = (silent.address() as { port: number }).port;
    const started = Date.now();
    const err = await rejection(SharedBudgetGate.connect(`redis://127.0.0.1:${port}`, opts(API_KEY, { connectTimeoutMs: 1200 })));
    const took = Date.now() - started;
    expect(err).toBeInstanceOf(BudgetStoreUnavailable);
    expect((err as BudgetStoreUnavailable).reason).toBe('unreachable');
    expect((err as Error).message).toContain(`redis://127.0.0.1:${port}`);
    expect(took).toBeGreaterThanOrEqual(1150);
    // Gives up by itself: a late event loop may stretch the 1.2 s (it counts
    // the process's own time), never past four times it in wall time.
    expect(took).toBeLessThan(4 * 1200 + 1000);
  });
});

describe('against redis-server', () => {
  test('keys expired after an idle of more than two windows: acquire works again (b)', async (ctx) => {
    const server = await redisFor(ctx);
    const o = opts(API_KEY, { rate: 5 });
    const a = await gateFor(server.url, o);
    for (let i = 0; i < 5; i++) await a.acquire();
    await a.syncFromServer(0); // a server window too
    const client = new Redis(server.url);
    onTestFinished(() => void client.disconnect());
    expect((await client.keys('*')).length).toBeGreaterThan(0);
    await sleep(2 * 2000 + 600);
    expect(await client.keys('*')).toEqual([]); // everything expired: nothing to re-register
    const started = Date.now();
    for (let i = 0; i < 5; i++) await a.acquire(); // the same gate: a full window again, at once
    const b = await gateFor(server.url, o); // and a new process shares it
    const late = b.acquire();
    const waited = await Promise.race([late.then(() => 'granted'), sleep(1000).then(() => 'waiting')]);
    expect(waited).toBe('waiting'); // the window is spent (5 of 5)
    await late;
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(2000);
    expect(took).toBeLessThan(2 * 2000); // one window, not two
  });

  test('a grant held before its request left: hold() at the send holds the slot a window from the send, in every process', async (ctx) => {
    const server = await redisFor(ctx);
    const o = opts(API_KEY, { rate: 1 });
    const a = await gateFor(server.url, o);
    const b = await gateFor(server.url, o);
    const grant = await a.acquire();
    await sleep(1000); // waiting for a free connection to the panel, say
    const sentAt = Date.now();
    a.hold(grant);
    await b.acquire();
    // Not a window after the grant (about 1.25 s from the send): a window after the send.
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(2000 - 50);
  });

  test('a request answered late: hold() at the answer holds the slot a window from the answer, in every process', async (ctx) => {
    const server = await redisFor(ctx);
    const o = opts(API_KEY, { rate: 1 });
    const a = await gateFor(server.url, o);
    const b = await gateFor(server.url, o);
    const grant = await a.acquire();
    a.hold(grant);
    await sleep(1000); // the request reaches the server late (a loaded machine), then its answer comes
    const answeredAt = Date.now();
    a.hold(grant);
    await b.acquire();
    // Not a window after the send (about 1 s from the answer): a window after the answer.
    expect(Date.now() - answeredAt).toBeGreaterThanOrEqual(2000 - 50);
  });

  test('Redis killed mid-run: pending and new acquires reject within 2 s, none resolves after; a new gate works after the restart (d)', async (ctx) => {
    const server = await redisFor(ctx);
    const o = opts(API_KEY);
    const ps = procs(3);
    await Promise.all(ps.map((p) => p.connect(server.url, o)));
    for (const p of ps) p.acquire(20, 'before');
    // 20 granted at once, 40 wait for the next window (~2.25 s)
    await waitUntil(() => ps.reduce((n, p) => n + p.granted().length, 0) >= 20, 5000);
    await sleep(500);
    const grantedBefore = ps.reduce((n, p) => n + p.granted().length, 0);
    expect(grantedBefore).toBe(20);
    const killedAt = Date.now();
    await server.kill();
    await Promise.all(ps.map((p) => p.settled(20, 15_000)));
    const rejected = ps.flatMap((p) => p.rejected());
    expect(rejected).toHaveLength(40);
    for (const r of rejected) {
      expect(r.name).toBe('BudgetStoreUnavailable');
      expect(r.reason).toBe('lost');
      expect(r.message).toContain(server.url);
      // When the connection closes, not when the next window (~2.25 s) would
      // have let them try.
      expect(r.at - killedAt).toBeLessThan(2000);
    }
    const slowest = Math.max(...rejected.map((r) => r.at)) - killedAt;
    expect(ps.flatMap((p) => p.granted()).every((g) => g.at < killedAt)).toBe(true);
    // new acquires on the dead gates: rejected at once
    const asked = Date.now();
    for (const p of ps) p.acquire(1, 'after');
    await Promise.all(ps.map((p) => p.settled(21, 15_000)));
    for (const p of ps) {
      const after = p.rejected().filter((r) => r.tag === 'after');
      expect(after).toHaveLength(1);
      expect(after[0].reason).toBe('lost');
      expect(after[0].at - asked).toBeLessThan(1500); // at once, not a window (2 s) later
    }
    expect(ps.flatMap((p) => p.granted()).length).toBe(20);
    // after the restart a new gate works
    await server.restart();
    const fresh = await gateFor(server.url, o);
    const t = Date.now();
    await fresh.acquire();
    expect(Date.now() - t).toBeLessThan(1500); // at once, not a window (2 s) later
    console.log(`kill mid-run: 40 pending acquires rejected, the slowest ${slowest} ms after the kill`);
  });

  test('a hung Redis (SIGSTOP): waiting acquires reject with reason timeout', async (ctx) => {
    const server = await redisFor(ctx);
    const gate = await gateFor(server.url, opts(API_KEY, { rate: 2 }));
    await gate.acquire();
    await gate.acquire();
    const pending = rejection(gate.acquire());
    await sleep(100);
    const pid = server.pid()!;
    const stoppedAt = Date.now();
    process.kill(pid, 'SIGSTOP');
    onTestFinished(() => {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // already gone
      }
    });
    const err = (await pending) as BudgetStoreUnavailable;
    const took = Date.now() - stoppedAt;
    process.kill(pid, 'SIGCONT');
    expect(err).toBeInstanceOf(BudgetStoreUnavailable);
    expect(err.reason).toBe('timeout');
    // The next look (<= 1 s) plus the command timeout, and room for a loaded machine.
    expect(took).toBeLessThan(1000 + COMMAND_TIMEOUT_MS + 2000);
    expect(((await rejection(gate.acquire())) as BudgetStoreUnavailable).reason).toBe('timeout');
  });

  test('close() rejects pending acquires (reason closed)', async (ctx) => {
    const server = await redisFor(ctx);
    const gate = await SharedBudgetGate.connect(server.url, opts(API_KEY, { rate: 1 }));
    await gate.acquire();
    const pending = rejection(gate.acquire());
    await sleep(50);
    await gate.close();
    expect(((await pending) as BudgetStoreUnavailable).reason).toBe('closed');
    expect(((await rejection(gate.acquire())) as BudgetStoreUnavailable).reason).toBe('closed');
  });

  test('syncFromServer: 5 remaining of 20, so 5 more acquires across processes until the reset (e)', async (ctx) => {
    const server = await redisFor(ctx);
    // A 5 s window: a Reset 3 to 4 s ahead lies inside it (one further than
    // a window is clamped to one window).
    const o = opts(API_KEY, { windowMs: 5000 });
    const ps = procs(3);
    const [gate] = await Promise.all([gateFor(server.url, o), ...ps.map((p) => p.connect(server.url, o))]);
    // The server's window ends then (Unix s): 3 to 4 s ahead, time enough
    // for the processes' 15 acquires to reach Redis before it on a loaded
    // machine, so that all 5 left are taken in it.
    const reset = Math.ceil(Date.now() / 1000) + 4;
    await gate.syncFromServer(5, reset);
    for (const p of ps) p.acquire(5);
    await Promise.all(ps.map((p) => p.settled(5, 30_000)));
    const grants = ps.flatMap((p) => p.granted());
    expect(grants).toHaveLength(15);
    const inWindow = grants.filter((g) => g.takeStartedAt < reset * 1000);
    expect(inWindow).toHaveLength(5); // at most 5, and no fewer: nothing wasted
    for (const g of grants.filter((x) => !inWindow.includes(x))) expect(g.takeStartedAt).toBeGreaterThanOrEqual(reset * 1000 + 250);
  });

  test('syncFromServer never lowers the count: a stale response, and concurrent syncs from three clients', async (ctx) => {
    const server = await redisFor(ctx);
    // stale: 5 left, then an older response saying 12 left (same window)
    // 5 s windows: the Resets below, 2 to 4 s ahead, lie inside them.
    const o1 = opts(`${API_KEY}-1`, { windowMs: 5000 });
    const gate = await gateFor(server.url, o1);
    const reset1 = Math.ceil(Date.now() / 1000) + 3;
    await gate.syncFromServer(5, reset1);
    await gate.syncFromServer(12, reset1);
    await gate.syncFromServer(0, Math.floor(Date.now() / 1000) - 3); // a past window: ignored
    // When each grant came, rather than a count read at the reset, which a
    // loaded machine would read late (after more were granted in the next window).
    const grantedAt: number[] = [];
    for (let i = 0; i < 10; i++)
      gate.acquire().then(
        () => grantedAt.push(Date.now()),
        () => {},
      ); // the rest is rejected by close()
    await sleep(reset1 * 1000 - Date.now());
    expect(grantedAt.filter((at) => at < reset1 * 1000)).toHaveLength(5); // the stale "12 left" did not give back 7

    // three clients sync the same window at the same moment: 10, 4 and 7 left.
    // Three gates (three connections, as three processes would have) started
    // in one tick: all three read the count before any of them raises it.
    const o2 = opts(`${API_KEY}-2`, { windowMs: 5000 });
    const ps = procs(3);
    const [g0, g1, g2] = await Promise.all([
      gateFor(server.url, o2),
      gateFor(server.url, o2),
      gateFor(server.url, o2),
      ...ps.map((p) => p.connect(server.url, o2)),
    ]);
    const reset2 = Math.ceil(Date.now() / 1000) + 4; // time enough for the acquires to reach Redis before it
    await Promise.all([g0.syncFromServer(10, reset2), g1.syncFromServer(4, reset2), g2.syncFromServer(7, reset2)]);
    for (const p of ps) p.acquire(4);
    await waitUntil(() => Date.now() >= reset2 * 1000, 10_000);
    const inWindow = ps.flatMap((p) => p.granted()).filter((g) => g.takeStartedAt < reset2 * 1000);
    // 16 spent: at most 4 more; at most one lost per other process that synced at the same moment
    expect(inWindow.length).toBeLessThanOrEqual(4);
    expect(inWindow.length).toBeGreaterThanOrEqual(2);
    console.log(`concurrent syncs (10, 4, 7 left): ${inWindow.length} of 4 granted before the reset`);
  });

  test('syncFromServer without a Reset: the window is one window from the sync', async (ctx) => {
    const server = await redisFor(ctx);
    const gate = await gateFor(server.url, opts(API_KEY));
    const synced = Date.now();
    await gate.syncFromServer(5);
    // When each grant came, rather than counts at fixed moments, which a
    // loaded machine would read late.
    const grantedAt: number[] = [];
    for (let i = 0; i < 8; i++)
      gate.acquire().then(
        () => grantedAt.push(Date.now()),
        () => {},
      );
    await waitUntil(() => grantedAt.length === 8, 30_000);
    // The 5 left at once; the other 3 not before the window, one from the sync, ends.
    expect(grantedAt.slice(0, 5).every((at) => at < synced + 2000)).toBe(true);
    for (const at of grantedAt.slice(5)) expect(at).toBeGreaterThanOrEqual(synced + 2000);
  });

  test('an aborted acquire rejects with the signal reason; the others are served', async (ctx) => {
    const server = await redisFor(ctx);
    const gate = await gateFor(server.url, opts(API_KEY, { rate: 2 }));
    await gate.acquire();
    const ac = new AbortController();
    const aborted = rejection(gate.acquire(ac.signal));
    const next = gate.acquire();
    ac.abort(new Error('run interrupted'));
    expect(((await aborted) as Error).message).toBe('run interrupted');
    const t = Date.now();
    await next; // gets the second slot at once: the aborted one took none
    expect(Date.now() - t).toBeLessThan(1000); // not a window (2 s) later
    expect(gate.granted).toBe(2);
  });

  test('blockUntil after a 429: no process sends until then, and a shorter block does not shorten it', async (ctx) => {
    const server = await redisFor(ctx);
    const o = opts(API_KEY);
    const [p] = procs(1);
    const [gate] = await Promise.all([gateFor(server.url, o), p.connect(server.url, o)]);
    const until = Date.now() + 1500;
    await gate.blockUntil(until);
    await gate.blockUntil(Date.now() + 200);
    p.acquire(2);
    await p.settled(2, 15_000);
    for (const g of p.granted()) {
      expect(g.takeStartedAt).toBeGreaterThanOrEqual(until);
      // rounded up to the whole second, plus the margin, plus one look at
      // Redis (and room for a loaded machine): not a window (2 s) later
      expect(g.at).toBeLessThan(Math.ceil(until / 1000) * 1000 + 250 + 1500);
    }
  });

  test('no key material in Redis: every key is named by the hashed id (f)', async (ctx) => {
    const server = await redisFor(ctx);
    const o = opts(API_KEY, { rate: 3 });
    const gate = await gateFor(server.url, o);
    for (let i = 0; i < 3; i++) await gate.acquire();
    await gate.syncFromServer(1, Math.ceil(Date.now() / 1000) + 1);
    await gate.syncFromServer(1);
    await gate.blockUntil(Date.now() + 1000);
    const client = new Redis(server.url);
    onTestFinished(() => void client.disconnect());
    const keys = await client.keys('*');
    expect(keys.length).toBeGreaterThanOrEqual(5);
    for (const k of keys) {
      expect(k.startsWith(`wispanel-conformance:budget:${o.id}:`)).toBe(true);
      expect(k).not.toContain(API_KEY);
      expect(k).not.toContain(API_KEY.slice(0, 8));
      expect(k).not.toContain('panel.example.test');
      // values are counts only
      expect(await client.get(k)).toMatch(/^\d+$/);
    }
  });
});

async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}
