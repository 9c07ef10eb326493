// The reference server's latencyMs: every answer, errors and 429s included,
// comes N ms late; at 0 nothing waits. And the CLI documents the flag.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, test } from 'vitest';
import { call } from '../reference/client.ts';
import { startReferenceServer, type ReferenceOptions, type ReferenceServer } from '../reference/server.ts';

const open: ReferenceServer[] = [];
async function start(options: ReferenceOptions): Promise<ReferenceServer> {
  const server = await startReferenceServer(options);
  open.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const startedAt = performance.now();
  const value = await fn();
  return { ms: performance.now() - startedAt, value };
}

describe('latencyMs', () => {
  test('at 100 every answer takes >= 100 ms: a success, a 401, a 404, a 400 and a 429', async () => {
    const server = await start({ latencyMs: 100, rateLimit: 4 });
    const requests: Array<[number, () => ReturnType<typeof call>]> = [
      [200, () => call(server, 'GET', '/auth/me')],
      [401, () => call(server, 'GET', '/auth/me', { token: null })],
      [404, () => call(server, 'GET', '/resellers/nobody')],
      [400, () => call(server, 'POST', '/resellers/', { body: {} })],
      [200, () => call(server, 'GET', '/resellers/partner1')],
      [429, () => call(server, 'GET', '/auth/me')],
    ];
    for (const [status, request] of requests) {
      const { ms, value } = await timed(request);
      expect(value.status).toBe(status);
      expect(ms, `${status} answered after ${ms.toFixed(1)} ms`).toBeGreaterThanOrEqual(99);
    }
  });

  test('a request with a body is read whole after the wait', async () => {
    const server = await start({ latencyMs: 100 });
    const { ms, value } = await timed(() =>
      call(server, 'POST', '/resellers/', { body: { username: 'slow1', email: 'slow1@example.net', password: 'S3cure!pass' } }),
    );
    expect(value.status).toBe(201);
    expect(ms).toBeGreaterThanOrEqual(99);
  });

  test('at 0 (the default) nothing waits', async () => {
    for (const options of [{}, { latencyMs: 0 }]) {
      const server = await start(options);
      await call(server, 'GET', '/auth/me'); // the first connection's set-up is not the server's wait
      // The fastest of ten: a server that held every answer back would make
      // all ten slow; a loaded machine makes some slow, not all.
      const times: number[] = [];
      for (let i = 0; i < 10; i++) times.push((await timed(() => call(server, 'GET', '/auth/me'))).ms);
      expect(Math.min(...times), `answered in ${times.map((ms) => ms.toFixed(0)).join(', ')} ms`).toBeLessThan(50);
    }
  });

  test('nonsense values throw', async () => {
    await expect(startReferenceServer({ latencyMs: -1 })).rejects.toThrow(/latencyMs/);
    await expect(startReferenceServer({ latencyMs: 2.5 })).rejects.toThrow(/latencyMs/);
  });

  test('reference/main.ts --help documents --latency-ms', () => {
    const help = execFileSync(process.execPath, ['--import', 'tsx', 'reference/main.ts', '--help'], { encoding: 'utf8' });
    expect(help).toMatch(/--latency-ms N\s+hold every answer back N ms/);
  });
});
