// A configured command, in named steps: prepare (panel, services) ->
// preflight -> suites (vitest) -> clean-up -> assemble -> emit -> exit; or a
// fleet of panels. Loaded once --help, --version and usage errors are
// answered (main.ts).
import { printError } from './error-line.ts';
import { ConfigError, type Config } from '../config.ts';
import type { RunResult } from '../model.ts';
import { loadSpec } from '../spec/load.ts';
import { loadRequirements } from '../spec/requirements.ts';
import { generatePlan } from '../cases/generate.ts';
import { estimatePlan, type Estimate } from '../cases/estimate.ts';
import { cleanupByPrefix } from '../run/cleanup.ts';
import { FLAG_HINTS, type TargetError } from '../run/preflight.ts';
import type { RunServices } from '../run/services.ts';
import { gateLines, type GateResult } from '../gate/regression.ts';
import { runPrefix } from '../../fixtures/data.ts';
import { CaseCollector } from '../../reporters/vitest-collector.ts';
import { Progress } from '../../reporters/progress.ts';
import { currentWait } from '../wait-signal.ts';
import { formatDuration } from '../../reporters/text.ts';
import { renderConsoleSummary } from '../../reporters/console.ts';
import { planJson, renderPlan } from './list.ts';
import { checkPlanSelection, closeRun, planOptionsOf, runLine } from './run-setup.ts';
import { announceWritten, checkOutputs, writeOutputs } from './outputs.ts';
import { EXIT, type SuitesOutcome } from './exit.ts';
import { preloadSuiteRunner, runSuites } from './suites-run.ts';
import { finishPanel, NOT_RUN_INTERRUPTED, notRunTimedOut, notTestedRun, preflightPanel, preparePanel, type Prepared } from './panel-run.ts';
import { runFleet } from './fleet.ts';

export async function runCommand(config: Config, argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  try {
    checkPlanSelection(config);
  } catch (err) {
    if (err instanceof ConfigError) return fail(EXIT.usage, err.message);
    throw err;
  }
  if (config.targets && !config.list) return runFleet(argv, env, config);
  if (config.list) {
    const plan = generatePlan(loadSpec(), planOptionsOf(config));
    const render = config.json ? planJson : renderPlan;
    return print(render(plan, estimatePlan(plan, config.rate, config.rateWindowMs, config.concurrency), loadRequirements()), EXIT.ok);
  }
  const prepared = await prepare(config);
  if (typeof prepared === 'number') return prepared;
  try {
    return config.cleanupOnly ? await cleanupOnly(prepared, config.cleanupOnly) : await conform(prepared, config);
  } finally {
    await closeRun(prepared);
  }
}

/** Everything a run needs before its first request; a usage error (bad
 *  files, an unusable CA, an output that cannot be written) is one line and
 *  exit 2, costing no request. */
async function prepare(config: Config): Promise<Prepared | number> {
  try {
    if (!config.cleanupOnly) checkOutputs(config);
    return await preparePanel(config);
  } catch (err) {
    return fail(EXIT.usage, (err as Error).message);
  }
}

/** A conformance run: the plan is printed before the first request. */
async function conform(p: Prepared, config: Config): Promise<number> {
  const { input, services } = p;
  const estimate = estimatePlan(services.plan, config.rate, config.rateWindowMs, config.concurrency);
  announce(p, config, estimate);
  const checked = preflightPanel(services, FLAG_HINTS, true);
  preloadSuiteRunner();
  const refused = await checked;
  if (refused) return notTested(p, config, refused);
  if (config.insecure) console.log('TLS verification is OFF (--insecure): the report says so.');

  const started = new Date();
  const progress = new Progress(services.plan.cases.length, estimate.wallMs, { waits: (now) => currentWait(input.runDir, now) });
  const collector = new CaseCollector(progress);
  const outcome = await runSuites([input], collector, config.runTimeout);
  if (outcome === 'interrupted') collector.notRun(services.plan.cases, 'skipped', NOT_RUN_INTERRUPTED);
  if (outcome === 'timed-out') collector.notRun(services.plan.cases, 'error', notRunTimedOut(config));
  const { run, code, gate } = await finishPanel(p, config, collector.results, started, outcome, collector.suiteErrors.length > 0);
  return emit(run, config, { outcome, code, collector, gate, redact: services.redact });
}

function announce(p: Prepared, config: Config, estimate: Estimate): void {
  console.log(runLine(p));
  console.log(`plan: ${estimate.cases.runnable} of ${estimate.cases.planned} cases (profile ${config.profile}${config.strict ? ', strict' : ''}${config.lenient ? ', lenient' : ''}${config.readOnly ? ', read-only' : ''}); requests per key: admin ${estimate.requests.admin}, reseller ${estimate.requests.reseller}, no key ${estimate.requests.anonymous}; at ${config.rate}/${formatDuration(config.rateWindowMs)} about ${formatDuration(estimate.wallMs)}`);
}

/** Reports, the console summary, and every line the user must act on. */
interface Ending {
  outcome: SuitesOutcome;
  code: number;
  collector: CaseCollector;
  gate?: GateResult;
  redact: (text: string) => string;
}

/** Returns the exit code: the run's, or 2 when an output could not be written. */
async function emit(run: RunResult, config: Config, { outcome, code, collector, gate, redact }: Ending): Promise<number> {
  const written = await writeOutputs(run, config);
  console.log(renderConsoleSummary(run, { color: Boolean(process.stdout.isTTY) }));
  // After a terminal's Ctrl-C, helper processes die too: their errors are noise.
  if (outcome !== 'interrupted') for (const e of collector.suiteErrors) console.error(`suite error: ${redact(e)}`);
  if (run.summary.leftovers?.length) console.error(`clean-up: could not delete ${run.summary.leftovers.join(', ')}; remove them with --cleanup-only ${run.summary.runId}`);
  if (outcome === 'timed-out') printError('the run timed out (--run-timeout); the results above are partial');
  else if (gate) for (const line of gateLines(gate)) console.log(line);
  if (outcome === 'completed' && code === EXIT.suite) {
    printError(`${run.cases.filter((c) => c.outcome === 'error').length} case(s) broke on the suite's side (not the server's fault); see "error" above`);
  }
  // Last, so that the paths are what the eye lands on.
  return announceWritten(written, code);
}

/** A panel the preflight refused: its one line and exit code, and where
 *  outputs were asked for, a record of the run that did not happen (every
 *  planned case not run, with the reason): a CI job's JUnit step finds a
 *  file that says why. */
async function notTested(p: Prepared, config: Config, refused: TargetError): Promise<number> {
  printError(refused.message);
  if (!config.junit && !config.report && !config.har) return refused.exitCode;
  return announceWritten(await writeOutputs(notTestedRun(p, config, refused, new Date()), config), refused.exitCode);
}

/** The preflight; when the panel is unusable, its one-line message is
 *  printed and the exit code returned. */
async function checkPanel(services: RunServices, withResellerKey: boolean): Promise<number | undefined> {
  const refused = await preflightPanel(services, FLAG_HINTS, withResellerKey);
  return refused && fail(refused.exitCode, refused.message);
}

async function cleanupOnly({ services }: Prepared, runId: string): Promise<number> {
  const refused = await checkPanel(services, false);
  if (refused !== undefined) return refused;
  const report = await cleanupByPrefix(services.client, services.spec, runPrefix(runId));
  if (!report.listed) return fail(EXIT.target, `cannot list resellers at ${services.client.baseUrl}: nothing was deleted`);
  console.log(`clean-up of run ${runId}: deleted ${report.deleted.length} (${report.deleted.join(', ') || 'none'}), already gone ${report.alreadyGone.length}, failed ${report.failed.length}${report.failed.length ? ` (${report.failed.join(', ')})` : ''}`);
  return report.failed.length ? EXIT.failures : EXIT.ok;
}

function print(text: string, code: number): number {
  console.log(text);
  return code;
}

function fail(code: number, message: string): number {
  printError(message);
  return code;
}
