// A panel's run as its record: the cases in plan order whatever order they
// settled in, what the run was (seed, spec, target, product, policy), the
// configuration redacted, the tallies, the duration.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../reference/server.ts';
import { parseConfig } from '../config/config.ts';
import type { CaseResult } from '../model/record.ts';
import { notRun } from './execute.ts';
import { closePanel, openPanel, type OpenPanel } from './open.ts';
import { recordOf } from './record.ts';

const configOf = (args: string[]) => parseConfig(args, {}, process.cwd());

let server: ReferenceServer;
let panel: OpenPanel;
beforeAll(async () => {
  server = await startReferenceServer({ windowMs: 1000 });
  panel = await openPanel(configOf(['--base-url', server.baseUrl, '--token', server.adminToken, '--seed', '12', '--lenient']));
});
afterAll(async () => {
  await closePanel(panel);
  await server.close();
});

const planned = () => panel.services.plan.cases;
const results = (): CaseResult[] => planned().map((c) => notRun(c, 'skipped', 'not run: for the test'));
const started = new Date('2026-01-02T03:04:05.000Z');

test('the cases in plan order, whatever order they settled in; results the plan does not know go last', () => {
  const shuffled = results().reverse();
  const stranger = { ...shuffled[0], id: 'not.in.the.plan' };
  const record = recordOf(panel, panel.config, { cases: [stranger, ...shuffled], started, ended: started.getTime() + 1500, incomplete: false, leftovers: [] });
  expect(record.cases.map((c) => c.id)).toEqual([...planned().map((c) => c.id), 'not.in.the.plan']);
  // The results given are not reordered in place.
  expect(shuffled[0].id).toBe(planned().at(-1)!.id);
});

test('what the run was: its ID, seed, date and duration, the suite and spec versions, the target, the policy, the catalogue', () => {
  const record = recordOf(panel, panel.config, { cases: results(), started, ended: started.getTime() + 1500, incomplete: true, leftovers: ['wcleft0ver1'] });
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(record).toMatchObject({
    runId: panel.input.runId,
    seed: 12,
    date: '2026-01-02T03:04:05.000Z',
    durationMs: 1500,
    suiteVersion: pkg.version,
    spec: { version: panel.services.spec.version, sha256: panel.services.spec.sha256 },
    target: { baseUrl: server.baseUrl, embedded: false },
    strict: false,
    lenient: true,
    profile: 'default',
    insecureTls: false,
    incomplete: true,
    leftovers: ['wcleft0ver1'],
    rateLimited429s: 0,
    transientRetries: 0,
  });
  expect(record.requirements.map((r) => r.id)).toEqual([...panel.services.requirements.keys()]);
  expect(record.config.token).toBe('[redacted]');
  expect(JSON.stringify(record.config)).not.toContain(server.adminToken);
});

test('the product is null where the user did not say, and as given where they did', () => {
  expect(recordOf(panel, panel.config, { cases: [], started, incomplete: false, leftovers: [] }).product).toEqual({ name: null, version: null, vendor: null });
  const named = { ...panel.config, product: 'HostPanel', productVersion: '4.2', vendor: 'Example Ltd' };
  expect(recordOf(panel, named, { cases: [], started, incomplete: false, leftovers: [] }).product).toEqual({
    name: 'HostPanel',
    version: '4.2',
    vendor: 'Example Ltd',
  });
});

test('the duration runs to now by default and is never negative; the request tally is a copy', () => {
  const before = Date.now();
  const now = recordOf(panel, panel.config, { cases: [], started: new Date(before - 2000), incomplete: false, leftovers: [] });
  expect(now.durationMs).toBeGreaterThanOrEqual(2000);
  expect(now.durationMs).toBeLessThan(2000 + 5000);
  expect(recordOf(panel, panel.config, { cases: [], started, ended: started.getTime() - 10, incomplete: false, leftovers: [] }).durationMs).toBe(0);
  panel.services.tally.requests.admin = 3;
  const record = recordOf(panel, panel.config, { cases: [], started, incomplete: false, leftovers: [] });
  expect(record.requests.byCredential).toEqual({ admin: 3 });
  panel.services.tally.requests.admin = 4;
  expect(record.requests.byCredential).toEqual({ admin: 3 });
});
