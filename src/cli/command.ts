// A configured command: --list, --cleanup-only, a fleet (fleet.ts), or one
// panel's run in named steps: prepare (outputs, gate files, the panel) ->
// announce -> conform (preflight, cases, clean-up: src/run/conform.ts) ->
// emit (outputs, summary, GitHub annotations) -> exit. Loaded once --help, --version and usage
// errors are answered (main.ts).
import type { Config } from '../config/options.ts';
import { ConfigError } from '../config/options.ts';
import { estimatePlan, type Estimate } from '../cases/estimate.ts';
import { generatePlan } from '../cases/generate.ts';
import { gateFailures, gateLines, knownFailures, loadGateInputs, type GateInputs, type GateResult } from '../gate/regression.ts';
import type { CertificationReport } from '../model/report.ts';
import { loadSpec } from '../spec/load.ts';
import { loadRequirements } from '../spec/requirements.ts';
import { cleanupOnly, closePanels, conform, openPanels, type RunOutcome } from '../run/conform.ts';
import { checkPlanSelection, planOptionsOf, type OpenPanel } from '../run/open.ts';
import { FLAG_HINTS } from '../run/preflight.ts';
import { renderConsoleSummary } from '../../reporters/console.ts';
import { annotationCommands, jobSummary, requirementAnnotations, workflowCommand } from '../../reporters/github.ts';
import { Progress } from '../../reporters/progress.ts';
import { perKeyText } from '../model/per-key.ts';
import { formatDuration } from '../model/text.ts';
import { printError } from './error-line.ts';
import { decideExit, EXIT } from './exit.ts';
import { runFleet } from './fleet.ts';
import { emitGithub, githubOutputs } from './github.ts';
import { planJson, renderPlan } from './list.ts';
import { announceWritten, checkOutputs, writeOutputs } from './outputs.ts';
import { runLine } from './run-line.ts';
import { cancellingLine, listenForInterrupts } from './signals.ts';

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
  let gate: GateInputs = {};
  let panels: OpenPanel[];
  // Everything a run needs before its first request; a usage error (bad
  // files, an unusable CA, an output that cannot be written) is one line and
  // exit 2, costing no request.
  try {
    if (!config.cleanupOnly) {
      checkOutputs(config);
      gate = await loadGateInputs(config);
    }
    panels = await openPanels([{ config }]);
  } catch (err) {
    return fail(EXIT.usage, (err as Error).message);
  }
  try {
    return config.cleanupOnly ? await cleanUp(panels[0], config.cleanupOnly) : await run(panels[0], config, env, gate);
  } finally {
    await closePanels(panels);
  }
}

/** A conformance run: the plan is printed before the first request. */
async function run(panel: OpenPanel, config: Config, env: NodeJS.ProcessEnv, gate: GateInputs): Promise<number> {
  const { input, services } = panel;
  const estimate = estimatePlan(services.plan, config.rate, config.rateWindowMs, config.concurrency);
  announce(panel, config, estimate);
  let progress: Progress | undefined;
  const interrupts = listenForInterrupts(input.runId);
  const result = await conform([panel], {
    hints: () => FLAG_HINTS,
    runTimeout: config.runTimeout,
    signal: interrupts.signal,
    observer: {
      preflighted: (_, refused) => {
        if (!refused && config.insecure) console.log('TLS verification is OFF (--insecure): the report says so.');
      },
      started: () => {
        progress = new Progress(services.plan.cases.length, estimate.wallMs, { waits: (now) => services.waits.current(now) });
      },
      caseDone: (_, r) => progress?.tick(r),
      cancelling: (why) => console.error(cancellingLine(why, formatDuration(config.runTimeout * 1000))),
    },
  }).finally(() => {
    interrupts.dispose();
    progress?.done();
  });
  const { refused, report } = result.panels[0];
  if (refused) return notTested(report, config, env, refused.message, refused.exitCode);
  const verdict = gate.baseline || gate.expected ? gateFailures(report, gate) : undefined;
  const code = decideExit(report, result.outcome, verdict);
  return emit(report, config, env, result.outcome, code, verdict);
}

function announce(panel: OpenPanel, config: Config, estimate: Estimate): void {
  console.log(runLine(panel));
  console.log(
    `plan: ${estimate.cases.runnable} of ${estimate.cases.planned} cases (profile ${config.profile}${config.strict ? ', strict' : ''}${config.lenient ? ', lenient' : ''}${config.readOnly ? ', read-only' : ''}); requests per key: ${perKeyText(estimate.requests)} (set-up and clean-up included); at ${config.rate}/${formatDuration(config.rateWindowMs)} about ${formatDuration(estimate.wallMs)}`,
  );
}

/** Reports, the console summary, every line the user must act on, and in
 *  GitHub Actions its annotations and job summary. Returns the exit code: the
 *  run's, or 2 when an output could not be written. */
async function emit(
  report: CertificationReport,
  config: Config,
  env: NodeJS.ProcessEnv,
  outcome: RunOutcome,
  code: number,
  verdict: GateResult | undefined,
): Promise<number> {
  const gate = verdict && gateLines(verdict);
  const written = await writeOutputs(report, config);
  console.log(renderConsoleSummary(report, { color: Boolean(process.stdout.isTTY), verbose: config.verbose }));
  if (report.leftovers.length) console.error(`clean-up: could not delete ${report.leftovers.join(', ')}; remove them with --cleanup-only ${report.runId}`);
  if (report.unavailable) printError(`${report.unavailable}; the results above are partial`);
  else if (outcome === 'timed-out') printError('the run timed out (--run-timeout); the results above are partial');
  else for (const line of gate ?? []) console.log(line);
  if (outcome === 'completed' && code === EXIT.suite) {
    printError(`${report.cases.filter((c) => c.outcome === 'error').length} case(s) broke on the suite's side (not the server's fault); see "error" above`);
  }
  if (githubOutputs(config.format, env)) {
    const known = verdict && knownFailures(verdict);
    await emitGithub(annotationCommands(requirementAnnotations(report, { known })), jobSummary(report, { written: written.written, gate }), env, written);
  }
  // Last, so that the paths are what the eye lands on.
  return announceWritten(written, code);
}

/** A panel the preflight refused: its one line and exit code, and where
 *  outputs were asked for, the record of the run that did not happen
 *  (every planned case not run, with the reason): a CI job's JUnit step
 *  finds a file that says why. */
async function notTested(report: CertificationReport, config: Config, env: NodeJS.ProcessEnv, message: string, code: number): Promise<number> {
  printError(message);
  const written = await writeOutputs(report, config);
  if (githubOutputs(config.format, env)) {
    await emitGithub(
      [workflowCommand({ level: 'error', title: 'not tested', message })],
      jobSummary(report, { written: written.written, notTested: message }),
      env,
      written,
    );
  }
  return announceWritten(written, code);
}

async function cleanUp(panel: OpenPanel, runId: string): Promise<number> {
  const { refused, cleanup } = (await cleanupOnly([panel], runId, { hints: () => FLAG_HINTS }))[0];
  if (refused) return fail(refused.exitCode, refused.message);
  const report = cleanup!;
  if (!report.listed) return fail(EXIT.target, `cannot list resellers at ${panel.target.baseUrl}: nothing was deleted`);
  console.log(
    `clean-up of run ${runId}: deleted ${report.deleted.length} (${report.deleted.join(', ') || 'none'}), already gone ${report.alreadyGone.length}, failed ${report.failed.length}${report.failed.length ? ` (${report.failed.join(', ')})` : ''}`,
  );
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
