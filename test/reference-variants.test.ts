// The reference server's benign variants, options rather than faults: a
// correct client must pass them. Another integration editing pre-existing
// resellers, a front proxy turning every Nth request away, a rolling
// restart behind it, and a panel with thousands of resellers.
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, test } from 'vitest';
import { call, type Answer } from '../reference/client.ts';
import { RESTART_AFTER_REQUESTS } from '../reference/edge.ts';
import { startReferenceServer, type ReferenceOptions, type ReferenceServer } from '../reference/server.ts';

const open: ReferenceServer[] = [];
async function start(options: ReferenceOptions): Promise<ReferenceServer> {
  const server = await startReferenceServer({ rateLimit: 1000, ...options });
  open.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

/** Polls `check` until it holds (timers run late on a loaded machine); false after 5 s. */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (const deadline = Date.now() + 5000; Date.now() < deadline; await sleep(50)) if (await check()) return true;
  return false;
}

const names = async (s: ReferenceServer) => (await call(s, 'GET', '/resellers/')).json.map((r: { username: string }) => r.username);
const reseller = (username: string) => ({ username, email: `${username}@example.net`, password: 'S3cure!pass' });

function expectProxy503(answer: Answer): void {
  expect(answer.status).toBe(503);
  expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
  expect(answer.headers.get('retry-after')).toBe('1');
  expect(answer.text).toContain('<center>nginx</center>');
  expect(answer.headers.has('x-ratelimit-remaining')).toBe(false);
}

describe('secondClientEdits', () => {
  test('seeds two resellers besides partner1 and edits them in turn: max_users + 1, a new company_name; nothing else changes', async () => {
    const s = await start({ secondClientEdits: 20 });
    await call(s, 'POST', '/resellers/', { body: reseller('mine1') });
    expect(await names(s)).toEqual(['partner1', 'neighbour1', 'neighbour2', 'mine1']);
    const edited = async (username: string) => (await call(s, 'GET', `/resellers/${username}`)).json.max_users > 5;
    expect(await eventually(async () => (await edited('neighbour1')) && (await edited('neighbour2')))).toBe(true);
    for (const username of ['neighbour1', 'neighbour2']) {
      expect((await call(s, 'GET', `/resellers/${username}/branding`)).json.company_name, username).toMatch(/^Edited elsewhere \d+$/);
    }
    for (const username of ['partner1', 'mine1']) {
      expect((await call(s, 'GET', `/resellers/${username}`)).json.max_users, username).toBe(5);
      expect((await call(s, 'GET', `/resellers/${username}/branding`)).json, username).toEqual({});
    }
  });

  test("uses the caller's seed when it holds two resellers to edit, and adds what is missing", async () => {
    const two = await start({
      secondClientEdits: 20,
      seed: {
        resellers: [
          { username: 'alpha', email: 'a@example.net' },
          { username: 'beta', email: 'b@example.net' },
        ],
      },
    });
    expect(await names(two)).toEqual(['partner1', 'alpha', 'beta']);
    expect(await eventually(async () => (await call(two, 'GET', '/resellers/beta')).json.max_users > 5)).toBe(true);
    const one = await start({ secondClientEdits: 20, seed: { resellers: [{ username: 'alpha', email: 'a@example.net' }] } });
    expect(await names(one)).toEqual(['partner1', 'alpha', 'neighbour1']);
  });

  test('off by default: no resellers added, none edited; close() stops the edits', async () => {
    const plain = await start({});
    expect(await names(plain)).toEqual(['partner1']);
    const s = await start({ secondClientEdits: 10 });
    await s.close();
    const after = s.snapshot();
    await sleep(100);
    expect(s.snapshot()).toEqual(after);
  });
});

describe('proxy503Every', () => {
  test('every Nth request meets the proxy: its HTML 503 with Retry-After: 1, uncounted, changing nothing', async () => {
    const s = await start({ proxy503Every: 3, rateLimit: 100 });
    const answers: Answer[] = [];
    for (let i = 0; i < 4; i++) answers.push(await call(s, 'GET', '/auth/me'), await call(s, 'GET', '/resellers/partner1'));
    answers.push(await call(s, 'POST', '/resellers/', { body: reseller('lost1') })); // the 9th
    expect(answers.map((a) => a.status)).toEqual([200, 200, 503, 200, 200, 503, 200, 200, 503]);
    for (const turned of answers.filter((a) => a.status === 503)) expectProxy503(turned);
    const served = answers.filter((a) => a.status === 200).map((a) => a.headers.get('x-ratelimit-remaining'));
    expect(served).toEqual(['99', '98', '97', '96', '95', '94']);
    expect(await names(s)).toEqual(['partner1']);
    expect(s.requestLog.map((entry) => entry.status)).toEqual([...answers.map((a) => a.status), 200]);
  });

  test('nonsense values throw: 1 would turn every request away', async () => {
    await expect(startReferenceServer({ proxy503Every: 1 })).rejects.toThrow(/proxy503Every/);
    await expect(startReferenceServer({ proxy503Every: -2 })).rejects.toThrow(/proxy503Every/);
    await expect(startReferenceServer({ rollingRestartMs: 0.5 })).rejects.toThrow(/rollingRestartMs/);
    await expect(startReferenceServer({ secondClientEdits: -1 })).rejects.toThrow(/secondClientEdits/);
    await expect(startReferenceServer({ largeSeed: 1.5 })).rejects.toThrow(/largeSeed/);
  });
});

describe('rollingRestartMs', () => {
  /** Sends until served, waiting Retry-After after each 503; the answers. */
  async function untilServed(s: ReferenceServer, token: string): Promise<Answer[]> {
    const answers = [await call(s, 'GET', '/auth/me', { token })];
    while (answers.at(-1)!.status === 503) {
      await sleep(Number(answers.at(-1)!.headers.get('retry-after')) * 1000);
      answers.push(await call(s, 'GET', '/auth/me', { token }));
    }
    return answers;
  }

  test('after 30 requests every request meets the proxy for that long; then service returns; the log counts each retry', async () => {
    const s = await start({ rollingRestartMs: 2500 });
    for (let i = 0; i < RESTART_AFTER_REQUESTS; i++) expect((await call(s, 'GET', '/auth/me')).status).toBe(200);
    const startedAt = Date.now();
    const [admin, partner] = await Promise.all([untilServed(s, s.adminToken), untilServed(s, s.resellerToken)]);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2500);
    for (const answers of [admin, partner]) {
      expect(answers.length).toBeGreaterThan(1);
      answers.slice(0, -1).forEach(expectProxy503);
    }
    // The panel counted only what it served.
    expect(admin.at(-1)!.headers.get('x-ratelimit-remaining')).toBe(String(1000 - RESTART_AFTER_REQUESTS - 1));
    expect(partner.at(-1)!.headers.get('x-ratelimit-remaining')).toBe('999');
    const turnedAway = (token: string) => s.requestLog.filter((entry) => entry.token === token && entry.status === 503).length;
    expect([turnedAway(s.adminToken), turnedAway(s.resellerToken)]).toEqual([admin.length - 1, partner.length - 1]);
    expect((await call(s, 'GET', '/auth/me')).status).toBe(200); // once only
  });
});

describe('largeSeed', () => {
  test('2000 more resellers: the list runs to hundreds of KB and stays fast; each has a non-ASCII company name, two IPs, two nameservers', async () => {
    const s = await start({ largeSeed: 2000 });
    const startedAt = performance.now();
    const list = await call(s, 'GET', '/resellers/');
    const ms = performance.now() - startedAt;
    expect(list.json).toHaveLength(2001);
    expect(Number(list.headers.get('content-length'))).toBeGreaterThan(300_000);
    expect(ms, `list answered in ${ms.toFixed(0)} ms`).toBeLessThan(2000);
    const branding = await call(s, 'GET', '/resellers/bulk6/branding');
    // eslint-disable-next-line no-control-regex -- the ASCII range starts at \x00
    expect(branding.json.company_name).toMatch(/[^\x00-\x7f]/);
    expect(Number(branding.headers.get('content-length'))).toBe(Buffer.byteLength(branding.text));
    expect((await call(s, 'GET', '/resellers/bulk2000/ips')).json.ips).toHaveLength(2);
    expect((await call(s, 'GET', '/resellers/bulk2000/nameservers')).json.nameservers).toHaveLength(2);
  });
});

test('reference/main.ts --help documents the four options', () => {
  const help = execFileSync(process.execPath, ['--import', 'tsx', 'reference/main.ts', '--help'], { encoding: 'utf8' });
  for (const flag of ['--second-client-edits MS', '--proxy-503-every N', '--rolling-restart-ms MS', '--large-seed N']) expect(help).toContain(flag);
});
