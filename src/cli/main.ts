// The command line: configuration -> target -> preflight -> plan -> suites
// (vitest) -> clean-up -> reports -> exit code.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, helpText, parseConfig, redactedConfig, type Config } from '../config.ts';
import type { RunResult } from '../model.ts';
import { loadSpec } from '../spec/load.ts';
import { loadRequirements } from '../spec/requirements.ts';
import { generatePlan, type PlanOptions } from '../cases/generate.ts';
import { estimatePlan } from '../cases/estimate.ts';
import { Budget } from '../http/budget.ts';
import { ApiClient } from '../http/client.ts';
import { createDispatcher, readCaFile, type TlsOptions } from '../http/transport.ts';
import { createRedactor } from '../http/redact.ts';
import { Ledger } from '../run/ledger.ts';
import { cleanupByPrefix, cleanupLedger } from '../run/cleanup.ts';
import { preflight, TargetError, type PreflightResult } from '../run/preflight.ts';
import type { RunInput } from '../run/input.ts';
import { newRunId, runPrefix } from '../../fixtures/data.ts';
import { CaseCollector } from '../../reporters/vitest-collector.ts';
import { Progress } from '../../reporters/progress.ts';
import { formatDuration } from '../../reporters/text.ts';
import { renderConsoleSummary } from '../../reporters/console.ts';
import { writeJUnitFile, writeReportDir } from '../../reporters/write-reports.ts';
import { renderPlan } from './list.ts';
import { resolveTarget, type Target } from './target.ts';
import { decideExit, EXIT, loadGateInputs, type GateInputs } from './exit.ts';
import { summarizeHttpLog } from './http-log.ts';
import { suiteVersion } from './version.ts';

export async function main(argv: string[], env = process.env): Promise<number> {
  let config: Config;
  try {
    config = parseConfig(argv, env);
  } catch (err) {
    if (err instanceof ConfigError) return fail(EXIT.usage, err.message);
    throw err;
  }
  if (config.help) return print(helpText(), EXIT.ok);
  if (config.version) return print(suiteVersion(), EXIT.ok);

  const spec = loadSpec();
  const requirements = loadRequirements();
  const seed = config.seed ?? Math.floor(Math.random() * 2 ** 31);
  const runId = newRunId();
  const planOptions: PlanOptions = {
    profile: config.profile,
    include: config.include,
    exclude: config.exclude,
    readOnly: config.readOnly,
    hasResellerToken: config.resellerToken !== undefined,
    filter: config.filter,
    rate: config.rate,
  };
  const plan = generatePlan(spec, planOptions);
  const estimate = estimatePlan(plan, config.rate, config.rateWindowMs);
  if (config.list) return print(renderPlan(plan, estimate, requirements), EXIT.ok);

  let gate: GateInputs;
  let target: Target;
  try {
    gate = await loadGateInputs(config);
    if (config.caFile) readCaFile(config.caFile);
    target = await resolveTarget(config);
  } catch (err) {
    return fail(EXIT.usage, (err as Error).message);
  }
  const redact = createRedactor([target.adminToken, config.resellerToken]);
  const runDir = mkdtempSync(join(tmpdir(), `wispanel-${runId}-`));
  const timeoutMs = config.timeout * 1000;
  const tls = { caFile: config.caFile, insecure: config.insecure };
  const budget = () => new Budget({ rate: config.rate, windowMs: config.rateWindowMs });
  // This process's own traffic (the preflight, the final clean-up) is counted here.
  const ownBudgets = { admin: budget(), reseller: budget(), anonymous: budget() };
  const client = new ApiClient({
    baseUrl: target.baseUrl,
    tokens: { admin: target.adminToken },
    timeoutMs,
    dispatcher: createDispatcher(tls, timeoutMs),
    budgets: ownBudgets,
    redact,
  });
  try {
    if (config.cleanupOnly) {
      const checked = await checkTarget(client, spec, tls);
      return typeof checked === 'number' ? checked : await cleanupOnly(client, spec, config.cleanupOnly);
    }
    // The plan before the first request (the preflight).
    console.log(`wispanel-conformance ${suiteVersion()}: run ${runId}, seed ${seed}, target ${target.baseUrl}${target.embedded ? ' (embedded reference server)' : ''}`);
    console.log(`plan: ${estimate.cases.runnable} of ${estimate.cases.planned} cases (profile ${config.profile}${config.strict ? ', strict' : ''}${config.readOnly ? ', read-only' : ''}); requests per key: admin ${estimate.requests.admin}, reseller ${estimate.requests.reseller}, no key ${estimate.requests.anonymous}; at ${config.rate}/${formatDuration(config.rateWindowMs)} about ${formatDuration(estimate.wallMs)}`);
    const pre = await checkTarget(client, spec, tls);
    if (typeof pre === 'number') return pre;
    if (config.insecure) console.log('TLS verification is OFF (--insecure): the report says so.');

    const input: RunInput = {
      baseUrl: target.baseUrl,
      adminToken: target.adminToken,
      resellerToken: config.resellerToken,
      runId,
      seed,
      runDir,
      rate: config.rate,
      windowMs: config.rateWindowMs,
      timeoutMs,
      strict: config.strict,
      tls,
      planOptions,
      preflightRate: pre.rate,
    };
    const started = new Date();
    const collector = new CaseCollector(new Progress(plan.cases.length, estimate.wallMs));
    const outcome = await runSuites(input, collector, config);
    if (outcome === 'interrupted') collector.notRun(plan.cases, 'skipped', 'not run: the run was interrupted');
    if (outcome === 'timed-out') collector.notRun(plan.cases, 'error', `not run: the run timed out (--run-timeout ${config.runTimeout})`);
    // Safety net: whatever the suites could not delete (a crash, an interrupt).
    const leftovers = await cleanupLedger(client, spec, new Ledger(join(runDir, 'ledger.jsonl')), runPrefix(runId));
    const http = summarizeHttpLog(join(runDir, 'http.jsonl'), ownBudgets.admin.sent);
    const run: RunResult = {
      summary: {
        runId,
        seed,
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        durationMs: Date.now() - started.getTime(),
        suiteVersion: suiteVersion(),
        specVersion: spec.version,
        specSha256: spec.sha256,
        baseUrl: target.baseUrl,
        embedded: target.embedded,
        strict: config.strict,
        insecureTls: config.insecure,
        profile: config.profile,
        requests: http.requests,
        rateLimited429s: http.rateLimited + ownBudgets.admin.rateLimited,
        incomplete: outcome !== 'completed',
        config: redactedConfig(config),
        product: config.product || config.productVersion || config.vendor ? { name: config.product, version: config.productVersion, vendor: config.vendor } : undefined,
      },
      requirements: [...requirements.values()],
      cases: collector.results,
    };
    if (config.junit) await writeJUnitFile(config.junit, run);
    if (config.report) await writeReportDir(config.report, run);
    console.log(renderConsoleSummary(run, { color: Boolean(process.stdout.isTTY) }));
    // After a terminal's Ctrl-C, helper processes die too: their errors are noise.
    if (outcome !== 'interrupted') for (const e of collector.suiteErrors) console.error(`suite error: ${redact(e)}`);
    if (leftovers.failed.length || leftovers.refused.length) {
      console.error(`clean-up: could not delete ${[...leftovers.failed, ...leftovers.refused].join(', ')}; remove them with --cleanup-only ${runId}`);
    }
    return decideExit(run, gate, outcome, collector.suiteErrors.length > 0);
  } finally {
    await target.close();
    rmSync(runDir, { recursive: true, force: true });
  }
}

export type SuitesOutcome = 'completed' | 'interrupted' | 'timed-out';

/** After a cancel, the time the worker gets to end its case (a hanging
 *  request would hold it up to --timeout) before it is stopped; the ledger
 *  clean-up that follows removes whatever it left. */
const CANCEL_GRACE_MS = 3000;

/** Runs the suites; Ctrl-C or SIGTERM cancels the run (clean-up follows),
 *  a second signal exits at once; the run timeout cancels too. */
async function runSuites(input: RunInput, collector: CaseCollector, config: Config): Promise<SuitesOutcome> {
  // Loaded here: vitest takes seconds to import, which usage errors and
  // unusable targets should not wait for.
  const { createSuiteRunner } = await import('./vitest-run.ts');
  const vitest = await createSuiteRunner(input, collector, config.runTimeout * 1000);
  let outcome: SuitesOutcome = 'completed';
  let stopWaiting = () => {};
  const gaveUp = new Promise<void>((resolve) => (stopWaiting = resolve));
  const cancel = (why: SuitesOutcome) => {
    if (outcome !== 'completed') {
      console.error(`second signal: exiting without clean-up; remove what the run left with --cleanup-only ${input.runId}`);
      process.exit(EXIT.interrupted);
    }
    outcome = why;
    console.error(why === 'interrupted' ? 'interrupted: cancelling, then cleaning up (signal again to exit at once)' : `run timeout (${config.runTimeout} s): cancelling, then cleaning up`);
    void vitest.cancelCurrentRun(why === 'interrupted' ? 'keyboard-input' : 'test-failure');
    setTimeout(stopWaiting, CANCEL_GRACE_MS).unref();
  };
  const onSignal = () => cancel('interrupted');
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const timer = setTimeout(() => cancel('timed-out'), config.runTimeout * 1000);
  try {
    await Promise.race([vitest.start(), gaveUp]);
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await vitest.close();
  }
  return outcome;
}

/** The preflight; when the target is unusable, its one-line message is
 *  printed and the exit code returned. */
async function checkTarget(client: ApiClient, spec: ReturnType<typeof loadSpec>, tls: TlsOptions): Promise<PreflightResult | number> {
  try {
    return await preflight(client, spec, tls);
  } catch (err) {
    if (err instanceof TargetError) return fail(err.exitCode, err.message);
    throw err;
  }
}

async function cleanupOnly(client: ApiClient, spec: ReturnType<typeof loadSpec>, runId: string): Promise<number> {
  const report = await cleanupByPrefix(client, spec, runPrefix(runId));
  if (!report.listed) return fail(EXIT.target, `cannot list resellers at ${client.baseUrl}: nothing was deleted`);
  console.log(`clean-up of run ${runId}: deleted ${report.deleted.length} (${report.deleted.join(', ') || 'none'}), already gone ${report.alreadyGone.length}, failed ${report.failed.length}${report.failed.length ? ` (${report.failed.join(', ')})` : ''}`);
  return report.failed.length ? EXIT.failures : EXIT.ok;
}

function print(text: string, code: number): number {
  console.log(text);
  return code;
}

function fail(code: number, message: string): number {
  console.error(`wispanel-conformance: ${message}`);
  return code;
}
