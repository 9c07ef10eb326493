// The steps of one panel's run that a single run (main.ts) and each panel
// of a fleet (fleet.ts) share: prepare, preflight, and what follows the
// suites (the final clean-up, the run assembled, the gate, the exit code).
import type { Config } from '../config.ts';
import type { CaseResult, RunResult } from '../model.ts';
import { cleanupLedger } from '../run/cleanup.ts';
import { preflight, TargetError, type Hints } from '../run/preflight.ts';
import { connectBudgets, type RunServices } from '../run/services.ts';
import { gateFailures, loadGateInputs, type GateInputs, type GateResult } from '../gate/regression.ts';
import { buildReport } from '../../reporters/report-json.ts';
import { closeRun, openRun, type OpenRun } from './run-setup.ts';
import { decideExit, type SuitesOutcome } from './exit.ts';
import { assembleRun } from './summary.ts';
import { CaseCollector } from '../../reporters/vitest-collector.ts';

export interface Prepared extends OpenRun {
  gate: GateInputs;
}

/** The gate's files read and the run opened; nothing sent. Throws on a
 *  usage error (an unreadable baseline, an unusable CA file). */
export async function preparePanel(config: Config, panel?: string): Promise<Prepared> {
  const gate = await loadGateInputs(config);
  const run = await openRun(config, panel);
  try {
    // A shared budget that cannot be reached is a usage error, before any request.
    await connectBudgets(run.services);
  } catch (err) {
    await closeRun(run);
    throw err;
  }
  return { ...run, gate };
}

/** The preflight, its answers handed to the suites through the run's
 *  input; or why the panel cannot be tested (TargetError). A clean-up
 *  (`withResellerKey` false) never uses the reseller key. */
export async function preflightPanel(services: RunServices, hints: Hints, withResellerKey = true): Promise<TargetError | undefined> {
  try {
    Object.assign(services.input, await preflight(services, hints, { withResellerKey }));
  } catch (err) {
    if (err instanceof TargetError) return err;
    throw err;
  }
}

/** The record of a panel the preflight refused, for its reports: every
 *  planned case not run, with the reason. */
export function notTestedRun(p: Prepared, config: Config, refused: TargetError, started: Date): RunResult {
  const collector = new CaseCollector();
  collector.notRun(p.services.plan.cases, 'skipped', `not run: ${refused.message}`);
  return assembleRun(p.services, p.panel, config, collector.results, started, false, []);
}

/** Why cases did not run, when the run was stopped. */
export const NOT_RUN_INTERRUPTED = 'not run: the run was interrupted';
export const notRunTimedOut = (config: Pick<Config, 'runTimeout'>) => `not run: the run timed out (--run-timeout ${config.runTimeout})`;

export interface PanelEnd {
  run: RunResult;
  code: number;
  gate?: GateResult;
}

/** After the suites: the CLI's final clean-up of the ledger (the safety net
 *  for whatever the suites could not delete: a crash, an interrupt), then
 *  the run as every report renders it, the gate and the exit code. */
export async function finishPanel(p: Prepared, config: Config, cases: CaseResult[], started: Date, outcome: SuitesOutcome, suiteErrors: boolean): Promise<PanelEnd> {
  const { services, panel } = p;
  // Within this process's own budget, which follows the server: a shared
  // store that was lost must not keep what the run created on the panel.
  await Promise.all(Object.values(services.budgets).map((b) => b.leaveShared()));
  const leftovers = await cleanupLedger(services.client, services.spec, services.ledger, services.prefix);
  const run = assembleRun(services, panel, config, cases, started, outcome !== 'completed', [...leftovers.failed, ...leftovers.refused]);
  const gate = p.gate.baseline || p.gate.expected ? gateFailures(buildReport(run), p.gate) : undefined;
  return { run, code: decideExit(run, outcome, gate, suiteErrors), gate };
}
