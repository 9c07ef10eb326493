// The walking skeleton end to end: the real CLI against a separately started
// reference server, with and without a fault, writing JUnit.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../reference/server.ts';
import { runCli } from './helpers/cli.ts';

const servers: ReferenceServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));
const dir = mkdtempSync(join(tmpdir(), 'wispanel-e2e-'));

async function runAgainst(fault: string | undefined) {
  const server = await startReferenceServer({ rateLimit: 60, windowMs: 2000, fault });
  servers.push(server);
  const junit = join(dir, `${fault ?? 'faultless'}.xml`);
  const result = await runCli(['--base-url', server.baseUrl, '--token', server.adminToken, '--junit', junit, '--rate-window-ms', '2000']);
  return { result, xml: readFileSync(junit, 'utf8') };
}

describe.concurrent('CLI against a separately started reference server', () => {
  test('faultless: exit 0, a per-operation summary, one JUnit testcase per case', async () => {
    const { result, xml } = await runAgainst(undefined);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/resellers\.create\s+\d+\s+0\s+0/);
    expect(result.stdout).toContain('Verdict: CONFORMANT');
    const planned = Number(/plan: \d+ of (\d+) cases/.exec(result.stdout)![1]);
    expect(xml.match(/<testcase /g)).toHaveLength(planned);
    expect(xml).not.toContain('<failure');
  });

  test.for([
    ['create-200', 'createReseller.positive.ok', 'RES-CREATE-201'],
    ['envelope-no-code', 'getCurrentUser.auth.missing', 'ENV-SHAPE'],
  ])('fault %s: exit 1, and the JUnit file names the failing case', async ([fault, caseId, requirement]) => {
    const { result, xml } = await runAgainst(fault);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('NOT CONFORMANT');
    const testcase = new RegExp(`<testcase [^>]*>(?:(?!</testcase>)[\\s\\S])*?<failure message="[^"]*${requirement}`);
    expect(xml).toMatch(testcase);
    expect(xml).toContain(caseId);
  });

  test('npm start: the embedded reference server, exit 0', async () => {
    const result = await runCli(['--rate-window-ms', '2000']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(embedded reference server)');
    expect(result.stdout).toContain('Verdict: CONFORMANT');
  });
});
