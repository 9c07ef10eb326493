// The one run path, in process: panels opened from CLI-style flags, checked,
// run and judged, then closed; against embedded reference servers on free
// loopback ports.
import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceOptions, type ReferenceServer } from '../../reference/server.ts';
import { runPrefix } from '../../fixtures/data.ts';
import { parseConfig } from '../config/config.ts';
import type { CaseResult } from '../model/record.ts';
import {
  cleanupOnly,
  closePanels,
  conform,
  finalCleanup,
  NOT_RUN_INTERRUPTED,
  notRunTimedOut,
  openPanels,
  PanelOpenError,
  type ConformObserver,
  type ConformOptions,
  type ConformResult,
} from './conform.ts';
import { FLAG_HINTS, TargetError } from './preflight.ts';

const flagsFor = (server: Pick<ReferenceServer, 'baseUrl' | 'adminToken'>, ...more: string[]) => [
  '--base-url',
  server.baseUrl,
  '--token',
  server.adminToken,
  '--rate-window-ms',
  '1000',
  '--seed',
  '5',
  ...more,
];
const configOf = (args: string[]) => parseConfig(args, {}, process.cwd());

/** openPanels -> conform -> closePanels, as the CLI does for one panel. */
async function runConform(args: string[], opts: Partial<ConformOptions> = {}): Promise<ConformResult> {
  const config = configOf(args);
  const panels = await openPanels([{ config }]);
  try {
    return await conform(panels, { hints: () => FLAG_HINTS, runTimeout: config.runTimeout, ...opts });
  } finally {
    await closePanels(panels);
  }
}

async function withServer<T>(opts: ReferenceOptions, fn: (server: ReferenceServer) => Promise<T>): Promise<T> {
  const server = await startReferenceServer({ rateLimit: 60, windowMs: 1000, ...opts });
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

// Each test has its own server and panel: side by side, their waits overlap.
describe.concurrent('conform', () => {
  test('a default-profile run against the reference server passes: every planned case in plan order, the tallies, nothing left behind', () =>
    withServer({}, async (server) => {
      const before = server.snapshot();
      const calls: string[] = [];
      const done: CaseResult[] = [];
      const observer: ConformObserver = {
        preflighted: (_, refused) => calls.push(`preflighted ${refused ? 'refused' : 'ok'}`),
        started: (panels) => calls.push(`started ${panels.length}`),
        caseDone: (_, r) => done.push(r),
        cancelling: (why) => calls.push(`cancelling ${why}`),
      };
      const result = await runConform(flagsFor(server), { observer });
      expect(result.outcome).toBe('completed');
      expect(calls).toEqual(['preflighted ok', 'started 1']);
      const [panel] = result.panels;
      expect(panel.refused).toBeUndefined();
      const { report } = panel;
      const planned = panel.panel.services.plan.cases;
      expect(report.verdict).toBe('CONFORMANT');
      expect(report.profile).toBe('default');
      expect(report.seed).toBe(5);
      expect(report.runId).toBe(panel.panel.input.runId);
      expect(report.counts).toMatchObject({ total: planned.length, failed: 0, error: 0, skipped: 0, warnings: 0 });
      expect(report.counts.passed).toBe(planned.filter((c) => !c.disabled).length);
      expect(report.counts.disabled).toBe(planned.filter((c) => c.disabled).length);
      expect(report.cases.map((c) => c.id)).toEqual(planned.map((c) => c.id));
      // The observer heard of every case once.
      expect(done.map((r) => r.id).sort()).toEqual(planned.map((c) => c.id).sort());
      expect(report.leftovers).toEqual([]);
      // Every request the server saw is in the report's tally: preflight, cases, clean-up.
      expect(report.requests.total).toBe(server.requestLog.length);
      expect(report.requests.byCredential.admin).toBeGreaterThan(0);
      expect(report.rateLimited429s).toBe(0);
      expect(panel.checksReached).toContain('HTTP-JSON-BODY json_body');
      expect(panel.checksReached).toContain('RES-CREATE-201 status_conformance');
      expect(server.snapshot()).toEqual(before);
    }));

  test('a faulty server (create answers 200) fails the create requirement, and only that case', () =>
    withServer({ fault: 'create-200' }, async (server) => {
      const result = await runConform(flagsFor(server));
      expect(result.outcome).toBe('completed');
      const { report } = result.panels[0];
      expect(report.verdict).toBe('NOT CONFORMANT');
      const failed = report.cases.filter((c) => c.outcome === 'failed');
      expect(failed.map((c) => c.id)).toEqual(['createReseller.positive.ok']);
      expect(failed[0].findings.filter((f) => !f.ok).map((f) => f.requirement)).toEqual(['RES-CREATE-201']);
      expect(report.requirements.find((r) => r.id === 'RES-CREATE-201')?.result).toBe('failed');
      // The create's record was still deleted.
      expect(report.leftovers).toEqual([]);
    }));

  test('a panel whose server is closed is refused with a TargetError (exit code 3): every case not run, with the reason', async () => {
    const server = await startReferenceServer({ windowMs: 1000 });
    await server.close();
    const calls: string[] = [];
    const result = await runConform(flagsFor(server), {
      observer: { preflighted: (_, refused) => calls.push(`preflighted ${refused?.exitCode}`), started: () => calls.push('started') },
    });
    expect(calls).toEqual(['preflighted 3']);
    const [panel] = result.panels;
    expect(panel.refused).toBeInstanceOf(TargetError);
    expect(panel.refused!.exitCode).toBe(3);
    expect(panel.refused!.message).toMatch(/^target unreachable: http:\/\/127\.0\.0\.1:\d+\/api\/v1\/auth\/me: /);
    const { report } = panel;
    expect(report.verdict).toBe('INCOMPLETE');
    const notDisabled = report.cases.filter((c) => c.outcome !== 'disabled');
    expect(notDisabled.length).toBeGreaterThan(0);
    for (const c of notDisabled) {
      expect(c.outcome).toBe('skipped');
      expect(c.reason).toBe(`not run: ${panel.refused!.message}`);
      expect(c.exchanges).toEqual([]);
    }
    expect(panel.checksReached.size).toBe(0);
  });

  test('cancelling through the signal ends the run as interrupted: the unrun cases skipped, nothing left on the server', () =>
    withServer({}, async (server) => {
      const before = server.snapshot();
      const stop = new AbortController();
      const cancelling: string[] = [];
      let settled = 0;
      const result = await runConform(flagsFor(server, '--concurrency', '1'), {
        signal: stop.signal,
        observer: {
          // After the lifecycle's create and a few reads: its reseller exists.
          caseDone: () => {
            if (++settled === 5) stop.abort();
          },
          cancelling: (why) => cancelling.push(why),
        },
      });
      expect(result.outcome).toBe('interrupted');
      expect(cancelling).toEqual(['interrupted']);
      const { report } = result.panels[0];
      expect(report.verdict).toBe('INCOMPLETE');
      expect(report.counts.passed).toBeGreaterThanOrEqual(5);
      const notRun = report.cases.filter((c) => c.reason === NOT_RUN_INTERRUPTED);
      expect(notRun.length).toBeGreaterThan(50);
      for (const c of notRun) expect(c.outcome).toBe('skipped');
      // Disabled cases keep their own reason.
      for (const c of report.cases.filter((c) => c.outcome === 'disabled')) expect(c.reason).not.toBe(NOT_RUN_INTERRUPTED);
      expect(report.cases.filter((c) => c.outcome === 'failed' || c.outcome === 'error')).toEqual([]);
      expect(report.leftovers).toEqual([]);
      expect(server.snapshot()).toEqual(before);
    }));

  test('the run timeout ends the run as timed out: the unrun cases are errors of ours, with the timeout named', () =>
    withServer({ latencyMs: 20 }, async (server) => {
      const before = server.snapshot();
      const result = await runConform(flagsFor(server, '--concurrency', '1'), { runTimeout: 0.5 });
      expect(result.outcome).toBe('timed-out');
      const { report } = result.panels[0];
      expect(report.verdict).toBe('INCOMPLETE');
      const timedOut = report.cases.filter((c) => c.reason === notRunTimedOut(0.5));
      expect(notRunTimedOut(0.5)).toBe('not run: the run timed out (--run-timeout 0.5)');
      expect(timedOut.length).toBeGreaterThan(0);
      for (const c of timedOut) expect(c.outcome).toBe('error');
      expect(server.snapshot()).toEqual(before);
    }));
});

describe('conform, a fleet', () => {
  test('each panel is finished as soon as its own cases settle: an interrupt after that leaves its report complete, and stops only the others', () =>
    withServer({}, (quick) =>
      withServer({ latencyMs: 100 }, async (slow) => {
        const panels = await openPanels([
          { name: 'quick', config: configOf(flagsFor(quick)) },
          { name: 'slow', config: configOf(flagsFor(slow)) },
        ]);
        const stop = new AbortController();
        let quickCases = 0;
        try {
          const result = await conform(panels, {
            hints: () => FLAG_HINTS,
            runTimeout: 60,
            signal: stop.signal,
            observer: {
              // Its clean-up and report take a few ms: well inside the margin.
              caseDone: (panel) => {
                if (panel.name === 'quick' && ++quickCases === panel.services.plan.cases.length) setTimeout(() => stop.abort(), 500);
              },
            },
          });
          expect(result.outcome).toBe('interrupted');
          const [done, stopped] = result.panels.map((p) => p.report);
          expect(done.verdict).toBe('CONFORMANT');
          expect(done.cases.filter((c) => c.reason === NOT_RUN_INTERRUPTED)).toEqual([]);
          expect(stopped.verdict).toBe('INCOMPLETE');
          expect(stopped.cases.filter((c) => c.reason === NOT_RUN_INTERRUPTED).length).toBeGreaterThan(0);
          // Its run ended at its own last case, not at the fleet's end.
          expect(done.durationMs).toBeLessThan(stopped.durationMs - 250);
          expect(done.leftovers).toEqual([]);
          expect(stopped.leftovers).toEqual([]);
        } finally {
          await closePanels(panels);
        }
      }),
    ));
});

describe('openPanels', () => {
  test('a panel that cannot be opened names itself; nothing is sent', () =>
    withServer({}, async (server) => {
      const good = configOf(flagsFor(server));
      const bad = configOf([...flagsFor(server), '--ca-file', '/nonexistent/ca.pem']);
      const err = await openPanels([
        { name: 'a', config: good },
        { name: 'b', config: bad },
      ]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PanelOpenError);
      expect((err as PanelOpenError).panel.name).toBe('b');
      expect((err as PanelOpenError).message).toMatch(/^--ca-file accepts a readable PEM file, cannot read \/nonexistent\/ca\.pem/);
      expect(server.requestLog).toEqual([]);
    }));

  test("closePanels removes each panel's scratch folder", () =>
    withServer({}, async (server) => {
      const panels = await openPanels([
        { name: 'a', config: configOf(flagsFor(server)) },
        { name: 'b', config: configOf(flagsFor(server)) },
      ]);
      expect(panels.map((p) => p.name)).toEqual(['a', 'b']);
      expect(panels.every((p) => existsSync(p.input.runDir))).toBe(true);
      await closePanels(panels);
      expect(panels.some((p) => existsSync(p.input.runDir))).toBe(false);
    }));
});

describe('finalCleanup', () => {
  test('deletes what the ledger still holds and names nothing left', () =>
    withServer({}, async (server) => {
      const [panel] = await openPanels([{ config: configOf(flagsFor(server)) }]);
      try {
        const { services } = panel;
        const body = services.data.resellerCreate('left-behind');
        services.ledger.intend({ username: body.username, email: body.email });
        const created = await services.client.call('admin', { method: 'POST', path: '/resellers/', body: { json: body } });
        expect(created.response?.status).toBe(201);
        services.ledger.created({ username: body.username, email: body.email });
        expect(await finalCleanup(panel)).toEqual([]);
        expect(services.ledger.pending()).toEqual([]);
        const gone = await services.client.call('admin', { method: 'GET', path: `/resellers/${body.username}` });
        expect(gone.response?.status).toBe(404);
      } finally {
        await closePanels([panel]);
      }
    }));
});

describe('cleanupOnly', () => {
  test("deletes only the resellers named with the run's prefix whose e-mail is the run's, and needs no reseller key", async () => {
    const runId = 'q1w2e3';
    const prefix = runPrefix(runId);
    const seed = {
      resellers: [
        { username: `${prefix}aaaaaa`, email: `${prefix}aaaaaa@example.com` },
        { username: `${prefix}bbbbbb`, email: 'someone@example.org' },
        { username: 'wcz9y8x7aaaaaa', email: 'wcz9y8x7aaaaaa@example.com' },
      ],
    };
    await withServer({ seed }, async (server) => {
      const config = configOf(flagsFor(server, '--reseller-token', 'wsp_000000000000000000000000000000000000000000000000'));
      const panels = await openPanels([{ config }]);
      try {
        const [outcome] = await cleanupOnly(panels, runId, { hints: () => FLAG_HINTS });
        expect(outcome.refused).toBeUndefined();
        expect(outcome.cleanup).toMatchObject({ listed: true, deleted: [`${prefix}aaaaaa`], refused: [`${prefix}bbbbbb`], failed: [] });
      } finally {
        await closePanels(panels);
      }
      const left = (server.snapshot() as { resellers: Array<{ username: string }> }).resellers.map((r) => r.username).sort();
      expect(left).toEqual(['partner1', `${prefix}bbbbbb`, 'wcz9y8x7aaaaaa']);
      // The given reseller key was never sent.
      expect(server.requestLog.every((r) => r.token !== 'wsp_000000000000000000000000000000000000000000000000')).toBe(true);
    });
  });
});
