import { expect, test } from 'vitest';
import { buildReport } from './build-report.ts';
import { buildFleet, fleetVerdict, type FleetPanel } from './fleet.ts';
import { runWithout, sampleReport } from '../../test/fixtures/reporters/sample-run.ts';

const STARTED = new Date('2026-01-01T00:00:00.000Z');

function panels(): FleetPanel[] {
  const clean = buildReport(runWithout(['failed', 'error']));
  clean.target.baseUrl = 'https://eu-2.example.test/api/v1';
  clean.runId = 'run-eu-2';
  return [
    { name: 'eu-1', report: sampleReport(), code: 1 },
    { name: 'eu-2', report: clean, code: 0 },
    { name: 'us-1', report: sampleReport(), code: 3, notRun: { reason: 'connect ECONNREFUSED 127.0.0.1:1', verdict: 'UNREACHABLE' } },
  ];
}

test('fleetVerdict: NOT CONFORMANT if any panel is, CONFORMANT if every panel is, else INCOMPLETE', () => {
  const rows = (...verdicts: Parameters<typeof fleetVerdict>[0][number]['verdict'][]) => verdicts.map((verdict) => ({ verdict }));
  expect(fleetVerdict(rows('CONFORMANT', 'CONFORMANT'))).toBe('CONFORMANT');
  expect(fleetVerdict(rows('CONFORMANT', 'NOT CONFORMANT', 'UNREACHABLE'))).toBe('NOT CONFORMANT');
  expect(fleetVerdict(rows('CONFORMANT', 'INCOMPLETE'))).toBe('INCOMPLETE');
  expect(fleetVerdict(rows('CONFORMANT', 'UNREACHABLE'))).toBe('INCOMPLETE');
  expect(fleetVerdict(rows('NOT RUN'))).toBe('INCOMPLETE');
});

test('buildFleet: the run facts from the first panel and the call, one row per panel', () => {
  const fleet = buildFleet(panels(), { startedAt: STARTED, durationMs: 9000 });
  const first = sampleReport();
  expect(fleet).toMatchObject({
    fleetVersion: 1,
    verdict: 'NOT CONFORMANT',
    suiteVersion: first.suiteVersion,
    spec: first.spec,
    seed: first.seed,
    date: '2026-01-01T00:00:00.000Z',
    durationMs: 9000,
    shard: null,
  });
  expect(fleet.requirements).toEqual(first.requirements.map(({ id, level, statement }) => ({ id, level, statement })));
  expect(fleet.panels.map((p) => p.name)).toEqual(['eu-1', 'eu-2', 'us-1']);
  expect(buildFleet(panels(), { startedAt: STARTED, durationMs: 1, shard: '2/3' }).shard).toBe('2/3');
});

test('a row: its report summed up, its failed requirements and each requirement result', () => {
  const [eu1, eu2] = buildFleet(panels(), { startedAt: STARTED, durationMs: 1 }).panels;
  const report = sampleReport();
  expect(eu1).toEqual({
    name: 'eu-1',
    baseUrl: 'https://panel.example.test:2083/api/v1',
    verdict: 'NOT CONFORMANT',
    verdictScope: report.verdictScope,
    reason: null,
    exitCode: 1,
    runId: 'wc-20260101-7k3m',
    report: 'eu-1/report.json',
    failedRequirements: ['RES-CREATE-201', 'RL-RESET'],
    counts: { total: 8, passed: 3, failed: 1, error: 1, skipped: 2, disabled: 1 },
    requests: 7,
    rateLimited429s: 1,
    durationMs: 12480,
    results: Object.fromEntries(report.requirements.map((r) => [r.id, r.result])),
  });
  expect(eu1.results['HTTP-JSON-CONTENT-TYPE']).toBe('warning');
  expect(eu2).toMatchObject({ verdict: 'CONFORMANT', baseUrl: 'https://eu-2.example.test/api/v1', runId: 'run-eu-2', failedRequirements: [], exitCode: 0 });
});

test('a panel the preflight refused has the verdict and the reason it was given', () => {
  const us1 = buildFleet(panels(), { startedAt: STARTED, durationMs: 1 }).panels[2];
  expect(us1).toMatchObject({ name: 'us-1', verdict: 'UNREACHABLE', reason: 'connect ECONNREFUSED 127.0.0.1:1', exitCode: 3, report: 'us-1/report.json' });
  // Without a failing panel, a refused one leaves the fleet INCOMPLETE.
  const [, eu2, us] = panels();
  expect(buildFleet([eu2, us], { startedAt: STARTED, durationMs: 1 }).verdict).toBe('INCOMPLETE');
  expect(buildFleet([eu2], { startedAt: STARTED, durationMs: 1 }).verdict).toBe('CONFORMANT');
});
