// The command line, in named steps: configure -> prepare (panel, services)
// -> preflight -> suites (vitest) -> clean-up -> assemble -> emit -> exit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, helpText, parseConfig, type Config } from '../config.ts';
import type { RunResult } from '../model.ts';
import { loadSpec } from '../spec/load.ts';
import { loadRequirements } from '../spec/requirements.ts';
import { generatePlan } from '../cases/generate.ts';
import type { PlanOptions } from '../cases/types.ts';
import { estimatePlan, type Estimate } from '../cases/estimate.ts';
import { cleanupByPrefix, cleanupLedger, type CleanupReport } from '../run/cleanup.ts';
import { preflight, TargetError, type PreflightResult } from '../run/preflight.ts';
import type { RunInput } from '../run/input.ts';
import type { RunServices } from '../run/services.ts';
import { gateFailures, gateLines, loadGateInputs, type GateInputs, type GateResult } from '../gate/regression.ts';
import { CaseCollector } from '../../reporters/vitest-collector.ts';
import { Progress } from '../../reporters/progress.ts';
import { formatDuration } from '../../reporters/text.ts';
import { renderConsoleSummary } from '../../reporters/console.ts';
import { buildReport } from '../../reporters/report-json.ts';
import { writeJUnitFile, writeReportDir } from '../../reporters/write-reports.ts';
import { renderPlan } from './list.ts';
import { openPanel, type Panel } from './panel.ts';
import { decideExit, EXIT, EXIT_MEANINGS, type SuitesOutcome } from './exit.ts';
import { runSuites } from './suites-run.ts';
import { suiteVersion } from './version.ts';
// Imported where a run needs them (await import): their graphs (faker,
// undici) are most of the start-up time, which --help, --version and usage
// errors should not pay: ../http/transport.ts, ../run/services.ts,
// ../../fixtures/data.ts, ./summary.ts.

export async function main(argv: string[], env = process.env): Promise<number> {
  let config: Config;
  try {
    config = parseConfig(argv, env);
  } catch (err) {
    if (err instanceof ConfigError) return fail(EXIT.usage, err.message);
    throw err;
  }
  if (config.help) return print(helpText(EXIT_MEANINGS), EXIT.ok);
  if (config.version) return print(suiteVersion(), EXIT.ok);
  if (config.list) {
    const plan = generatePlan(loadSpec(), planOptionsOf(config));
    return print(renderPlan(plan, estimatePlan(plan, config.rate, config.rateWindowMs), loadRequirements()), EXIT.ok);
  }
  const prepared = await prepare(config);
  if (typeof prepared === 'number') return prepared;
  try {
    return config.cleanupOnly ? await cleanupOnly(prepared, config.cleanupOnly) : await conform(prepared, config);
  } finally {
    await (await import('../run/services.ts')).stopBudgets(prepared.services);
    await prepared.panel.close();
    rmSync(prepared.input.runDir, { recursive: true, force: true });
  }
}

interface Prepared {
  panel: Panel;
  input: RunInput;
  services: RunServices;
  gate: GateInputs;
}

export function planOptionsOf(config: Config): PlanOptions {
  return {
    profile: config.profile,
    include: config.include,
    exclude: config.exclude,
    readOnly: config.readOnly,
    hasResellerToken: config.resellerToken !== undefined,
    filter: config.filter,
    rate: config.rate,
  };
}

/** Everything a run needs before its first request; a usage error (bad
 *  files, an unusable CA) is one line and exit 2, costing no request. */
async function prepare(config: Config): Promise<Prepared | number> {
  let gate: GateInputs;
  let panel: Panel;
  try {
    gate = await loadGateInputs(config);
    if (config.caFile) (await import('../http/transport.ts')).readCaFile(config.caFile);
    panel = await openPanel(config);
  } catch (err) {
    return fail(EXIT.usage, (err as Error).message);
  }
  const [{ newRunId }, { createRunServices }] = await Promise.all([import('../../fixtures/data.ts'), import('../run/services.ts')]);
  const runId = newRunId();
  const input: RunInput = {
    baseUrl: panel.baseUrl,
    adminToken: panel.adminToken,
    resellerToken: config.resellerToken,
    runId,
    seed: config.seed ?? Math.floor(Math.random() * 2 ** 31),
    runDir: mkdtempSync(join(tmpdir(), `wispanel-${runId}-`)),
    rate: config.rate,
    windowMs: config.rateWindowMs,
    timeoutMs: config.timeout * 1000,
    strict: config.strict,
    tls: { caFile: config.caFile, insecure: config.insecure },
    planOptions: planOptionsOf(config),
  };
  return { panel, input, services: createRunServices(input), gate };
}

/** A conformance run: the plan is printed before the first request. */
async function conform(p: Prepared, config: Config): Promise<number> {
  const { input, services, panel } = p;
  const estimate = estimatePlan(services.plan, config.rate, config.rateWindowMs);
  announce(p, config, estimate);
  const pre = await checkPanel(services);
  if (typeof pre === 'number') return pre;
  if (config.insecure) console.log('TLS verification is OFF (--insecure): the report says so.');
  input.preflightRate = pre.rate;

  const started = new Date();
  const collector = new CaseCollector(new Progress(services.plan.cases.length, estimate.wallMs));
  const outcome = await runSuites(input, collector, config.runTimeout);
  if (outcome === 'interrupted') collector.notRun(services.plan.cases, 'skipped', 'not run: the run was interrupted');
  if (outcome === 'timed-out') collector.notRun(services.plan.cases, 'error', `not run: the run timed out (--run-timeout ${config.runTimeout})`);
  // Safety net: whatever the suites could not delete (a crash, an interrupt).
  const leftovers = await cleanupLedger(services.client, services.spec, services.ledger, services.prefix);
  const { assembleRun } = await import('./summary.ts');
  const run = assembleRun(services, panel, config, collector.results, started, outcome !== 'completed');
  const gate = p.gate.baseline || p.gate.expected ? gateFailures(buildReport(run), p.gate) : undefined;
  const code = decideExit(run, outcome, gate, collector.suiteErrors.length > 0);
  await emit(run, config, { outcome, code, collector, leftovers, gate, redact: services.redact });
  return code;
}

function announce({ input, panel }: Prepared, config: Config, estimate: Estimate): void {
  console.log(`wispanel-conformance ${suiteVersion()}: run ${input.runId}, seed ${input.seed}, target ${panel.baseUrl}${panel.embedded ? ' (embedded reference server)' : ''}`);
  console.log(`plan: ${estimate.cases.runnable} of ${estimate.cases.planned} cases (profile ${config.profile}${config.strict ? ', strict' : ''}${config.readOnly ? ', read-only' : ''}); requests per key: admin ${estimate.requests.admin}, reseller ${estimate.requests.reseller}, no key ${estimate.requests.anonymous}; at ${config.rate}/${formatDuration(config.rateWindowMs)} about ${formatDuration(estimate.wallMs)}`);
}

/** Reports, the console summary, and every line the user must act on. */
interface Ending {
  outcome: SuitesOutcome;
  code: number;
  collector: CaseCollector;
  leftovers: CleanupReport;
  gate?: GateResult;
  redact: (text: string) => string;
}

async function emit(run: RunResult, config: Config, { outcome, code, collector, leftovers, gate, redact }: Ending): Promise<void> {
  if (config.junit) await writeJUnitFile(config.junit, run);
  if (config.report) await writeReportDir(config.report, run);
  console.log(renderConsoleSummary(run, { color: Boolean(process.stdout.isTTY) }));
  // After a terminal's Ctrl-C, helper processes die too: their errors are noise.
  if (outcome !== 'interrupted') for (const e of collector.suiteErrors) console.error(`suite error: ${redact(e)}`);
  const kept = [...leftovers.failed, ...leftovers.refused];
  if (kept.length) console.error(`clean-up: could not delete ${kept.join(', ')}; remove them with --cleanup-only ${run.summary.runId}`);
  if (outcome === 'timed-out') {
    console.error('wispanel-conformance: the run timed out (--run-timeout); the results above are partial');
    return;
  }
  if (gate) for (const line of gateLines(gate)) console.log(line);
  if (outcome === 'completed' && code === EXIT.suite) {
    console.error(`wispanel-conformance: ${run.cases.filter((c) => c.outcome === 'error').length} case(s) broke on the suite's side (not the server's fault); see "error" above`);
  }
}

/** The preflight; when the panel is unusable, its one-line message is
 *  printed and the exit code returned. */
async function checkPanel(services: RunServices): Promise<PreflightResult | number> {
  try {
    return await preflight(services.client, services.spec, services.input.tls);
  } catch (err) {
    if (err instanceof TargetError) return fail(err.exitCode, err.message);
    throw err;
  }
}

async function cleanupOnly({ services }: Prepared, runId: string): Promise<number> {
  const pre = await checkPanel(services);
  if (typeof pre === 'number') return pre;
  const { runPrefix } = await import('../../fixtures/data.ts');
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
  console.error(`wispanel-conformance: ${message}`);
  return code;
}
