// Tokens never appear in any output: console, JUnit, reports, HAR, and the run's
// scratch files while it runs. The server echoes the Authorization header in
// an error body on one endpoint, so secrets reach the evidence, too.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type TestContext } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../reference/server.ts';
import { startCli } from './helpers/cli.ts';
import { startFaultProxy } from './helpers/local-server.ts';
import { filesUnder } from './helpers/outputs.ts';

interface Setup {
  server: ReferenceServer;
  proxyUrl: string;
  dir: string;
}

async function setUp(ctx: TestContext): Promise<Setup> {
  const server = await startReferenceServer({ windowMs: 1000 });
  const proxy = await startFaultProxy(new URL(server.baseUrl).origin, [{ method: 'GET', path: /\/branding$/, misbehaviour: 'echo-auth' }]);
  const dir = mkdtempSync(join(tmpdir(), 'wispanel-redaction-'));
  ctx.onTestFinished(async () => {
    await proxy.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { server, proxyUrl: `${proxy.origin}/api/v1`, dir };
}

/** Runs the CLI with its scratch folder (TMPDIR) inside `dir`, reading every
 *  file there while it runs; returns all the text the run put out. */
async function everyOutput({ dir }: Setup, args: string[]): Promise<{ code: number | null; texts: Map<string, string> }> {
  const scratch = join(dir, 'tmp');
  const junit = join(dir, 'junit.xml');
  const report = join(dir, 'report');
  const har = join(dir, 'run.har');
  mkdirSync(scratch);
  const cli = startCli([...args, '--rate-window-ms', '1000', '--junit', junit, '--report', report, '--har', har], { env: { TMPDIR: scratch } });
  const texts = new Map<string, string>();
  const collect = () => {
    for (const [path, text] of filesUnder(scratch)) texts.set(`${path}@${texts.size}`, text);
  };
  const poll = setInterval(collect, 100);
  const r = await cli.done.finally(() => clearInterval(poll));
  collect();
  texts.set('stdout', r.stdout);
  texts.set('stderr', r.stderr);
  texts.set('junit', readFileSync(junit, 'utf8'));
  texts.set('har', readFileSync(har, 'utf8'));
  for (const [path, text] of filesUnder(report)) texts.set(path, text);
  return { code: r.code, texts };
}

/** Every token the server saw (admin, reseller, minted, made-up), whole and
 *  without its wsp_ prefix, must be absent from every output. */
function expectNoSecrets(server: ReferenceServer, texts: Map<string, string>, known: string[]): void {
  const seen = server.requestLog.map((q) => q.token).filter((t): t is string => t !== null && t.length >= 12);
  const secrets = [...new Set([...known, ...seen])].flatMap((t) => [t, t.replace(/^wsp_/, '')]);
  expect(seen).toEqual(expect.arrayContaining(known));
  for (const [where, text] of texts) {
    for (const secret of secrets) expect(text.includes(secret), `${secret.slice(0, 8)}… in ${where}`).toBe(false);
    expect(text, where).not.toMatch(/wsp_[0-9a-f]{8,}/);
  }
}

test.concurrent('with --token and a known --reseller-token (certify profile)', async (ctx) => {
  const setup = await setUp(ctx);
  const { server } = setup;
  const { code, texts } = await everyOutput(setup, [
    '--base-url',
    setup.proxyUrl,
    '--token',
    server.adminToken,
    '--reseller-token',
    server.resellerToken,
    '--profile',
    'certify',
  ]);
  expect(code).toBe(1);
  // The echo reached the evidence, redacted.
  expect(texts.get('junit')).toContain('rejected Bearer [redacted]');
  expect(texts.get('har')).toContain('rejected Bearer [redacted]');
  expectNoSecrets(server, texts, [server.adminToken, server.resellerToken]);
});

test.concurrent('with a reseller key the run mints for itself', async (ctx) => {
  const setup = await setUp(ctx);
  const { server } = setup;
  const { code, texts } = await everyOutput(setup, ['--base-url', setup.proxyUrl, '--token', server.adminToken]);
  expect(code).toBe(1);
  // A key the server accepted that is neither of its own: the minted one.
  const minted = server.requestLog.filter((q) => q.status === 200 && q.token !== null && q.token !== server.adminToken && q.token !== server.resellerToken);
  expect(minted.length).toBeGreaterThan(0);
  expectNoSecrets(server, texts, [server.adminToken]);
});
