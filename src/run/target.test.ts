// The panel a run tests: the one --base-url names, as given, or the embedded
// reference server, started with the run's rate, window and fault.
import { afterEach, expect, test } from 'vitest';
import { parseConfig } from '../config/config.ts';
import { openTarget, type Target } from './target.ts';

const configOf = (args: string[]) => parseConfig(args, {}, process.cwd());
const opened: Target[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});

async function open(args: string[]): Promise<Target> {
  const target = await openTarget(configOf(args));
  opened.push(target);
  return target;
}

test('--base-url: that panel and the given key, nothing started; closing does nothing', async () => {
  const target = await open(['--base-url', 'https://panel.example.com:2083/api/v1', '--token', 'wsp_0123456789abcdef0123456789abcdef0123456789abcdef']);
  expect(target).toMatchObject({
    baseUrl: 'https://panel.example.com:2083/api/v1',
    token: 'wsp_0123456789abcdef0123456789abcdef0123456789abcdef',
    embedded: false,
  });
  await expect(target.close()).resolves.toBeUndefined();
});

test("without --base-url: the embedded reference server on a free loopback port, its admin key, the run's rate and window", async () => {
  const target = await open(['--rate', '7', '--rate-window-ms', '1000']);
  expect(target.embedded).toBe(true);
  expect(target.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
  const me = await fetch(`${target.baseUrl}/auth/me`, { headers: { authorization: `Bearer ${target.token}` } });
  expect(me.status).toBe(200);
  expect(((await me.json()) as { role?: string }).role).toBe('admin');
  expect(me.headers.get('x-ratelimit-limit')).toBe('7');
  const reset = Number(me.headers.get('x-ratelimit-reset')) * 1000;
  expect(reset - Date.now()).toBeLessThanOrEqual(2000);
  await target.close();
  await expect(fetch(`${target.baseUrl}/auth/me`)).rejects.toThrow();
});

test('--reference-fault: the embedded server carries the fault', async () => {
  const target = await open(['--rate-window-ms', '1000', '--reference-fault', 'content-type-html']);
  const me = await fetch(`${target.baseUrl}/auth/me`, { headers: { authorization: `Bearer ${target.token}` } });
  expect(me.headers.get('content-type')).toMatch(/^text\/html/);
  const clean = await open(['--rate-window-ms', '1000']);
  const plain = await fetch(`${clean.baseUrl}/auth/me`, { headers: { authorization: `Bearer ${clean.token}` } });
  expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
});
