// A proxy's unavailability is not the panel's fault: certify through the one
// run path (in process) against the reference server behind a front proxy
// that turns every 17th request away, or restarts for 5 s, must pass with
// nothing left; waiting requests go together, so the restart meets one
// probe per wait instead of every waiting request; a panel that stays
// unavailable ends the run INCOMPLETE, exit 3, soon after its budget.
import { describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceOptions, type ReferenceServer } from '../reference/server.ts';
import { decideExit } from '../src/cli/exit.ts';
import type { CertificationReport } from '../src/model/report.ts';
import { conformInProcess } from './helpers/conform.ts';

/** --concurrency's default: the requests in flight when an outage begins. */
const IN_FLIGHT = 8;

interface Run {
  server: ReferenceServer;
  report: CertificationReport;
  exitCode: number;
  /** When the run (open to close) ended. */
  ended: number;
  /** Resellers named with the run's prefix still on the server. */
  left: string[];
}

async function certify(server: ReferenceOptions & { windowMs: number }, ...flags: string[]): Promise<Run> {
  const s = await startReferenceServer({ rateLimit: 60, ...server });
  try {
    const result = await conformInProcess([
      '--base-url',
      s.baseUrl,
      '--token',
      s.adminToken,
      '--profile',
      'certify',
      '--rate-window-ms',
      String(server.windowMs),
      '--seed',
      '3',
      '--timeout',
      '10',
      ...flags,
    ]);
    const { report, refused } = result.panels[0];
    expect(refused).toBeUndefined();
    const ended = Date.now();
    const prefix = `wc${report.runId}`;
    const left = (s.snapshot() as { resellers: Array<{ username: string }> }).resellers.map((r) => r.username).filter((u) => u.startsWith(prefix));
    return { server: s, report, exitCode: decideExit(report, result.outcome, undefined), ended, left };
  } finally {
    await s.close();
  }
}

const turnedAway = (s: ReferenceServer) => s.requestLog.filter((r) => r.status === 503);
const caseExchanges = (report: CertificationReport) => report.cases.flatMap((c) => c.exchanges);

/** What a test prints: the figures the README quotes. */
function figures(name: string, { server, report, exitCode }: Run): string {
  return `${name}: ${report.verdict}, exit ${exitCode}, ${server.requestLog.length} requests at the server (${turnedAway(server).length} turned away), ${report.transientRetries} retries counted, ${(report.durationMs / 1000).toFixed(1)} s`;
}

function expectPassed({ report, exitCode, left }: Run): void {
  const notPassed = report.cases.filter((c) => c.outcome !== 'passed' && c.outcome !== 'disabled').map((c) => `${c.id}: ${c.outcome} ${c.reason ?? ''}`);
  expect(notPassed).toEqual([]);
  expect(report.counts.warnings).toBe(0);
  expect([report.verdict, exitCode, report.unavailable]).toEqual(['CONFORMANT', 0, null]);
  expect(left).toEqual([]);
  // Only the API's answers were judged: none of the proxy's is in a case.
  expect(caseExchanges(report).filter((ex) => ex.response?.status === 503)).toEqual([]);
}

describe.concurrent('behind a front proxy', () => {
  test('every 17th request turned away (HTML 503, Retry-After: 1): certify passes, the rate-limit test judged, every retry counted', async () => {
    // A window long enough that a 1 s wait inside the burst leaves it open.
    const run = await certify({ proxy503Every: 17, windowMs: 5000 });
    console.log(figures('proxy503Every 17', run));
    expectPassed(run);
    expect(run.report.transientRetries).toBe(turnedAway(run.server).length);
    expect(run.report.transientRetries).toBeGreaterThan(0);
    const rateLimit = run.report.cases.find((c) => c.id === 'getCurrentUser.rate-limit.exceed')!;
    expect(rateLimit.findings.filter((f) => f.requirement === 'RL-429').map((f) => f.ok)).toEqual([true]);
  });

  test('a rolling restart of 5 s: certify passes; the restart met at most the requests in flight and one probe per wait, and each waiting request was sent once after it', async () => {
    const restartMs = 5000;
    const run = await certify({ rollingRestartMs: restartMs, windowMs: 1000 });
    console.log(figures('rollingRestartMs 5000', run));
    expectPassed(run);
    const during = turnedAway(run.server);
    // Retry-After: 1, so a probe a second at most, and one more at the end.
    const probes = Math.ceil(restartMs / 1000) + 1;
    expect(during.length).toBeGreaterThan(0);
    expect(during.length).toBeLessThanOrEqual(IN_FLIGHT + probes);
    expect(run.report.transientRetries).toBe(during.length);
    // Beyond its one retry after the restart, a request was sent again only as the probe.
    const beyondOne = caseExchanges(run.report).reduce((n, ex) => n + Math.max(0, (ex.transientRetries ?? 0) - 1), 0);
    expect(beyondOne).toBeLessThanOrEqual(probes);
  });

  test('a panel that stays unavailable past --unavailable-budget: INCOMPLETE, exit 3, soon after the budget; what was judged kept, the rest not run with the reason, what may be left named', async () => {
    const budgetS = 3;
    const run = await certify({ rollingRestartMs: 120_000, windowMs: 1000 }, '--unavailable-budget', String(budgetS));
    console.log(figures('stays unavailable, budget 3 s', run));
    const { report, exitCode, server } = run;
    expect([report.verdict, exitCode]).toEqual(['INCOMPLETE', 3]);
    expect(report.unavailable).toMatch(
      /^the panel stayed unavailable for \d+\.\d s, past its budget of 3\.0 s \(--unavailable-budget\); last answer: 503 text\/html$/,
    );
    const outageBegan = turnedAway(server)[0].at;
    // The final clean-up and the report after it: seconds on a loaded machine.
    expect(run.ended - outageBegan).toBeLessThan(budgetS * 1000 + 6000);
    expect(report.cases.some((c) => c.outcome === 'passed')).toBe(true);
    expect(
      report.cases
        .filter((c) => c.outcome === 'failed' || c.outcome === 'error')
        .map(
          (c) =>
            `${c.id}: ${
              c.reason ??
              c.findings
                .filter((f) => !f.ok)
                .map((f) => f.message)
                .join('; ')
            }`,
        ),
    ).toEqual([]);
    expect([...new Set(report.cases.filter((c) => c.outcome === 'skipped').map((c) => c.reason))]).toEqual([`not run: ${report.unavailable}`]);
    // Named: every record left on the panel; besides them, at most the
    // creates the proxy turned away (whether a proxy's answer reached the
    // panel is unknown: named, to be safe), never a create that was not sent.
    expect(run.left.filter((u) => !report.leftovers.includes(u))).toEqual([]);
    const createsTurnedAway = turnedAway(server).filter((r) => r.method === 'POST' && /\/resellers\/?$/.test(r.path)).length;
    expect(report.leftovers.length - run.left.length).toBeLessThanOrEqual(createsTurnedAway);
  });
});
