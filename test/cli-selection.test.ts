// Choosing cases through the CLI: --operation and --requirement (cases not
// chosen are reported as disabled, with the reason), --list --json, and the
// JUnit file that names each case by its ID (--junit-omit-disabled).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { runCli, usageErrorLine } from './helpers/cli.ts';
import { readReport } from './helpers/outputs.ts';
import { antJUnitErrors, xpath } from './helpers/xml.ts';

interface ListedCase {
  id: string;
  operationId: string;
  kind: string;
  title: string;
  requirements: string[];
  state: 'planned' | 'disabled' | 'skipped';
  reason?: string;
}
interface Listing {
  requirements: { id: string; level: string; checks: string[] }[];
  cases: ListedCase[];
  estimate: { cases: { planned: number; runnable: number } };
}

async function list(...args: string[]): Promise<Listing> {
  const r = await runCli(['--list', '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Listing;
}

const dir = mkdtempSync(join(tmpdir(), 'wispanel-selection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('--list --json', () => {
  test('the catalogue and the plan as data: every case with its state, every requirement with its checks', async () => {
    const [plain, listing] = await Promise.all([runCli(['--list']), list()]);
    expect(listing.requirements.find((r) => r.id === 'ENV-SHAPE')).toMatchObject({ level: 'documented', checks: ['error_envelope'] });
    expect(listing.cases.find((c) => c.id === 'createReseller.positive.ok')).toMatchObject({
      operationId: 'createReseller',
      kind: 'positive',
      requirements: ['RES-CREATE-201'],
      state: 'planned',
    });
    expect(listing.cases.find((c) => c.id === 'listResellers.lifecycle.others')).toMatchObject({
      state: 'disabled',
      reason: 'not in the default profile (--profile certify or --include lifecycle)',
    });
    // The same plan as the text listing.
    expect(plain.stdout).toContain(`${listing.estimate.cases.runnable} of ${listing.estimate.cases.planned} cases planned`);
    expect(listing.cases).toHaveLength(listing.estimate.cases.planned);
  });

  test('--json without --list is a usage error', async () => {
    expect(usageErrorLine(await runCli(['--json']))).toBe('wispanel-conformance: --json applies to --list only');
  });
});

describe.concurrent('--operation and --requirement', () => {
  test('--operation: the cases of other operations are disabled, saying why', async () => {
    const listing = await list('--operation', 'createReseller,getReseller');
    const chosen = listing.cases.filter((c) => c.reason !== 'not among --operation createReseller,getReseller');
    expect(new Set(chosen.map((c) => c.operationId))).toEqual(new Set(['createReseller', 'getReseller']));
    expect(chosen.some((c) => c.state === 'planned')).toBe(true);
    const others = listing.cases.filter((c) => c.operationId !== 'createReseller' && c.operationId !== 'getReseller');
    expect(others.length).toBeGreaterThan(0);
    for (const c of others) expect(c).toMatchObject({ state: 'disabled', reason: 'not among --operation createReseller,getReseller' });
  });

  test('--requirement: only the cases that stand for one of them', async () => {
    const listing = await list('--requirement', 'RES-CREATE-201,AUTH-MISSING-401', '--profile', 'certify');
    const planned = listing.cases.filter((c) => c.state === 'planned');
    expect(planned.length).toBeGreaterThan(2);
    for (const c of planned)
      expect(
        c.requirements.some((id) => id === 'RES-CREATE-201' || id === 'AUTH-MISSING-401'),
        c.id,
      ).toBe(true);
    for (const c of listing.cases.filter((c) => !c.requirements.includes('RES-CREATE-201') && !c.requirements.includes('AUTH-MISSING-401'))) {
      expect(c).toMatchObject({ state: 'disabled', reason: 'stands for none of --requirement RES-CREATE-201,AUTH-MISSING-401' });
    }
  });

  test('an unknown ID is exit 2, listing the valid ones; so is a requirement no case stands for', async () => {
    const [op, req, passive, env] = await Promise.all([
      runCli(['--operation', 'createReseller,createResellr']),
      runCli(['--requirement', 'RES-CREAT-201', '--list']),
      runCli(['--requirement', 'ENV-SHAPE']),
      runCli(['--list'], { env: { WISPANEL_OPERATION: 'nope' } }),
    ]);
    expect(usageErrorLine(op)).toMatch(
      /^wispanel-conformance: --operation: unknown operationId createResellr \(valid: getCurrentUser, .*createReseller, .*getResellerOverselling.*\)$/,
    );
    expect(usageErrorLine(req)).toMatch(/^wispanel-conformance: --requirement: unknown requirement RES-CREAT-201 \(valid: RES-CREATE-201, .*RL-429.*\)$/);
    expect(usageErrorLine(passive)).toMatch(
      /^wispanel-conformance: --requirement: no case stands for ENV-SHAPE; it is judged passively, on every response of any run \(valid: /,
    );
    expect(usageErrorLine(env)).toMatch(/^wispanel-conformance: --operation: unknown operationId nope/);
  });
});

test('a run: JUnit names each testcase by its case ID, leaves disabled cases out on request, stays valid; the report says why they did not run', async (ctx) => {
  const server = await startReferenceServer({ windowMs: 1000 });
  ctx.onTestFinished(() => server.close());
  const target = ['--base-url', server.baseUrl, '--token', server.adminToken, '--rate-window-ms', '1000', '--operation', 'getCurrentUser'];
  const [all, omitted] = await Promise.all([
    runCli([...target, '--junit', join(dir, 'all.xml'), '--report', join(dir, 'report')]),
    runCli([...target, '--junit', join(dir, 'omitted.xml'), '--junit-omit-disabled']),
  ]);
  expect(all.code, all.stderr).toBe(0);
  expect(omitted.code, omitted.stderr).toBe(0);
  const [allXml, omittedXml] = [readFileSync(join(dir, 'all.xml'), 'utf8'), readFileSync(join(dir, 'omitted.xml'), 'utf8')];
  expect(antJUnitErrors(allXml)).toEqual([]);
  expect(antJUnitErrors(omittedXml)).toEqual([]);

  expect(xpath(allXml, 'string(//testcase[@classname="auth.me"][1]/@name)')).toBe('getCurrentUser.positive.ok: [GET] /auth/me - a valid request -> 200');
  const report = readReport(join(dir, 'report'));
  const disabled = report.cases.filter((c) => c.outcome === 'disabled');
  expect(disabled.length).toBeGreaterThan(0);
  expect(disabled.filter((c) => c.operationId !== 'getCurrentUser').every((c) => c.reason === 'not among --operation getCurrentUser')).toBe(true);
  expect(Number(xpath(allXml, 'count(//testcase)'))).toBe(report.cases.length);
  expect(Number(xpath(omittedXml, 'count(//testcase)'))).toBe(report.cases.length - disabled.length);
  expect(xpath(omittedXml, 'count(//skipped[starts-with(@message, "disabled:")])')).toBe('0');
  // The run's properties once, in the first suite.
  for (const xml of [allXml, omittedXml]) {
    expect(xpath(xml, 'count(//property[@name="run.id"])')).toBe('1');
    expect(xpath(xml, 'count(//testsuite[1]/properties/property[@name="run.id"])')).toBe('1');
  }
  expect(omitted.stdout).toContain(`written: JUnit ${join(dir, 'omitted.xml')} (disabled cases left out)`);
});
