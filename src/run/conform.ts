// The one path through a run, for every way in: a single panel is a fleet
// of one; the CLI (a panel, a fleet, a shard, --cleanup-only), the kill
// matrix and the engine's own tests call it, and plain vitest (src/vitest/)
// calls its steps around vitest's own run of the cases. Open each panel
// (openPanels), check it (the preflight, side by side), run every live
// panel's cases side by side in this process (the engine), clean up what
// each created (the ledger), and judge each run into its report; or, to
// clean up after an earlier run, delete its leftovers and nothing else.
import { setMaxListeners } from 'node:events';
import type { Config } from '../config/options.ts';
import { buildReport } from '../model/build-report.ts';
import type { CaseResult } from '../model/record.ts';
import type { CertificationReport } from '../model/report.ts';
import { cleanupByPrefix, cleanupLedger, confirmRefusals, type CleanupReport } from './cleanup.ts';
import { createRunContext } from './context.ts';
import { startEngine } from './engine.ts';
import { notRun, RunCancelled } from './execute.ts';
import { closePanel, openPanel, type OpenPanel } from './open.ts';
import { preflight, TargetError, type Hints } from './preflight.ts';
import { recordOf } from './record.ts';
import { runPrefix } from '../../fixtures/data.ts';

/** How the cases' run ended. */
export type RunOutcome = 'completed' | 'interrupted' | 'timed-out';

/** Why cases did not run, when the run was stopped. */
export const NOT_RUN_INTERRUPTED = 'not run: the run was interrupted';
export const notRunTimedOut = (runTimeoutSeconds: number) => `not run: the run timed out (--run-timeout ${runTimeoutSeconds})`;

/** A panel to open: its configuration, and its name in a fleet. */
export interface PanelRequest {
  name?: string;
  config: Config;
}

/** A panel that could not be opened (a usage error: an unusable CA file, a
 *  shared budget that cannot be reached), and why. */
export class PanelOpenError extends Error {
  constructor(
    readonly panel: PanelRequest,
    readonly cause: Error,
  ) {
    super(cause.message);
  }
}

/** Opens every panel, one after another; on a usage error the ones opened
 *  are closed again and PanelOpenError names the panel. Nothing is sent. */
export async function openPanels(requests: readonly PanelRequest[]): Promise<OpenPanel[]> {
  const opened: OpenPanel[] = [];
  for (const request of requests) {
    try {
      opened.push(await openPanel(request.config, request.name));
    } catch (err) {
      await closePanels(opened);
      throw new PanelOpenError(request, err as Error);
    }
  }
  return opened;
}

export async function closePanels(panels: readonly OpenPanel[]): Promise<void> {
  await Promise.all(panels.map(closePanel));
}

/** What the caller sees of a run as it goes. */
export interface ConformObserver {
  /** A panel's preflight: `refused` says why it cannot be tested. */
  preflighted?(panel: OpenPanel, refused: TargetError | undefined): void;
  /** The cases start on these panels (those the preflight let through). */
  started?(panels: readonly OpenPanel[]): void;
  caseDone?(panel: OpenPanel, result: CaseResult): void;
  /** The run is being cancelled: what follows is the clean-up. */
  cancelling?(outcome: Exclude<RunOutcome, 'completed'>): void;
}

export interface ConformOptions {
  /** Where each panel's hints send the user (flags, or a fleet's entries). */
  hints(panel: OpenPanel): Hints;
  /** The whole run's timeout (--run-timeout), in seconds. */
  runTimeout: number;
  /** Aborting it cancels the run (Ctrl-C): the cases stop, the clean-up runs. */
  signal?: AbortSignal;
  observer?: ConformObserver;
}

export interface PanelResult {
  panel: OpenPanel;
  /** Set when the preflight refused the panel: every case is reported not run. */
  refused?: TargetError;
  report: CertificationReport;
  /** Each check that judged something ("REQUIREMENT check_name"). */
  checksReached: ReadonlySet<string>;
}

export interface ConformResult {
  outcome: RunOutcome;
  panels: PanelResult[];
}

/** Runs the open panels' cases side by side and judges each run. */
export async function conform(panels: readonly OpenPanel[], opts: ConformOptions): Promise<ConformResult> {
  const started = new Date();
  const checked = await checkPanels(panels, opts, true);
  const live = panels.filter((_, i) => !checked[i].refused);
  const { outcome, finished } = await runCases(live, opts, started);
  const results = panels.map((panel, i): PanelResult => {
    const { refused, ended } = checked[i];
    if (!refused) return { panel, ...finished.get(panel)! };
    const notTested = panel.services.plan.cases.map((c) => notRun(c, 'skipped', `not run: ${refused.message}`));
    return {
      panel,
      refused,
      report: buildReport(recordOf(panel, panel.config, { cases: notTested, started, ended, incomplete: false, leftovers: [] })),
      checksReached: new Set(),
    };
  });
  return { outcome, panels: results };
}

/** --cleanup-only RUN_ID: each panel's resellers named with that run's
 *  prefix, and only those, after the preflight (without the reseller key). */
export async function cleanupOnly(
  panels: readonly OpenPanel[],
  runId: string,
  opts: Pick<ConformOptions, 'hints'>,
): Promise<Array<{ panel: OpenPanel; refused?: TargetError; cleanup?: CleanupReport & { listed: boolean } }>> {
  const checked = await checkPanels(panels, opts, false);
  return Promise.all(
    panels.map(async (panel, i) => {
      const { refused } = checked[i];
      if (refused) return { panel, refused };
      return { panel, cleanup: await cleanupByPrefix(panel.services.client, panel.services.spec, runPrefix(runId)) };
    }),
  );
}

/** Each panel's preflight, side by side (a hanging panel costs its
 *  --timeout, not everyone's); its answers go into the run's input. A
 *  clean-up (`withResellerKey` false) never uses the reseller key. */
export async function checkPanels(
  panels: readonly OpenPanel[],
  opts: Pick<ConformOptions, 'hints' | 'observer'>,
  withResellerKey: boolean,
): Promise<Array<{ refused?: TargetError; ended: number }>> {
  return Promise.all(
    panels.map(async (panel) => {
      let refused: TargetError | undefined;
      try {
        Object.assign(panel.input, await preflight(panel.services, opts.hints(panel), { withResellerKey }));
      } catch (err) {
        if (!(err instanceof TargetError)) throw err;
        refused = err;
      }
      opts.observer?.preflighted?.(panel, refused);
      return { refused, ended: Date.now() };
    }),
  );
}

/** Every live panel's engine, side by side in this process, until all
 *  cases settle or the run is cancelled (a signal, the run timeout). Each
 *  panel is finished (see finish) as soon as its own cases settle, while
 *  the others still run: a fleet's reports are not all made at its end. */
async function runCases(
  live: readonly OpenPanel[],
  opts: ConformOptions,
  started: Date,
): Promise<{ outcome: RunOutcome; finished: Map<OpenPanel, Omit<PanelResult, 'panel'>> }> {
  const finished = new Map<OpenPanel, Omit<PanelResult, 'panel'>>();
  if (live.length === 0) return { outcome: 'completed', finished };
  const cancel = new AbortController();
  // Every waiting request listens to it.
  setMaxListeners(0, cancel.signal);
  let outcome: RunOutcome = 'completed';
  const stop = (why: Exclude<RunOutcome, 'completed'>) => {
    if (outcome !== 'completed') return;
    outcome = why;
    opts.observer?.cancelling?.(why);
    cancel.abort(why === 'interrupted' ? new RunCancelled('skipped', NOT_RUN_INTERRUPTED) : new RunCancelled('error', notRunTimedOut(opts.runTimeout)));
  };
  const onSignal = () => stop('interrupted');
  if (opts.signal?.aborted) onSignal();
  opts.signal?.addEventListener('abort', onSignal, { once: true });
  const timer = setTimeout(() => stop('timed-out'), opts.runTimeout * 1000);
  // The timeout and the signal stop cases, not the clean-ups after them.
  const casesSettled = () => {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onSignal);
  };
  let settled = 0;
  try {
    opts.observer?.started?.(live);
    await Promise.all(
      live.map(async (panel) => {
        const run = createRunContext(panel.services, cancel.signal);
        const engine = startEngine(run, { signal: cancel.signal, onResult: (r) => opts.observer?.caseDone?.(panel, r) });
        const cases = await engine.done;
        if (++settled === live.length) casesSettled();
        finished.set(panel, { report: await finish(panel, cases, started, outcome !== 'completed'), checksReached: run.reached });
      }),
    );
  } finally {
    casesSettled();
  }
  return { outcome, finished };
}

/** After the cases: the final clean-up of the ledger (the safety net for
 *  whatever the suites could not delete: a crash, an interrupt), then the
 *  run as its report. */
async function finish(panel: OpenPanel, cases: CaseResult[], started: Date, incomplete: boolean): Promise<CertificationReport> {
  const leftovers = await finalCleanup(panel);
  return buildReport(recordOf(panel, panel.config, { cases, started, incomplete, leftovers }));
}

/** The safety net after the cases, whatever stopped them (a crash, an
 *  interrupt): everything the ledger still holds is deleted. What could
 *  not be deleted (or did not look like the run's own) is left, and named. */
export async function finalCleanup({ services }: OpenPanel): Promise<string[]> {
  // Within this process's own budget, which follows the server: a shared
  // store that was lost must not keep what the run created on the panel.
  await Promise.all(Object.values(services.budgets).map((b) => b.leaveShared()));
  await confirmRefusals(services.client, services.spec, services.ledger);
  const leftovers = await cleanupLedger(services.client, services.spec, services.ledger, services.prefix);
  return [...leftovers.failed, ...leftovers.refused];
}
