// A fleet (--targets): every panel of the targets file in one process and
// one vitest worker, side by side, each with its own services (budgets,
// ledger, preflight, clean-up). A panel that cannot be tested (unreachable,
// hanging, not a WisPanel API, its key refused) harms no other: it is
// reported not tested, with the reason, while the others run.
import { printError } from './error-line.ts';
import { ConfigError, parseShard, type Config } from '../config.ts';
import { parseFleet, type FleetTarget } from '../fleet-config.ts';
import type { CaseResult, RunResult } from '../model.ts';
import { estimatePlan } from '../cases/estimate.ts';
import { targetHints } from '../run/preflight.ts';
import { currentWait } from '../wait-signal.ts';
import { gateLines } from '../gate/regression.ts';
import { CaseCollector } from '../../reporters/vitest-collector.ts';
import { Progress } from '../../reporters/progress.ts';
import { buildFleet, type FleetPanel } from '../../reporters/fleet-json.ts';
import { fleetLine, panelLine } from '../../reporters/fleet-text.ts';
import { formatDuration } from '../../reporters/text.ts';
import { plural } from '../../reporters/report-facts.ts';
import { closeRun } from './run-setup.ts';
import { announceWritten, checkFleetOutputs, writeFleetOutputs } from './outputs.ts';
import { EXIT, fleetExit, type SuitesOutcome } from './exit.ts';
import { preloadSuiteRunner, runSuites } from './suites-run.ts';
import { finishPanel, NOT_RUN_INTERRUPTED, notRunTimedOut, notTestedRun, preflightPanel, preparePanel, type Prepared } from './panel-run.ts';
import { suiteVersion } from './version.ts';

interface Member extends FleetTarget {
  p: Prepared;
}

/** `config` names the targets file (--targets). */
export async function runFleet(argv: string[], env: NodeJS.ProcessEnv, config: Config): Promise<number> {
  let targets: FleetTarget[];
  try {
    targets = shardOf(parseFleet(argv, env, process.cwd(), config), config);
    checkFleetOutputs(config, targets.map((t) => t.name));
  } catch (err) {
    if (err instanceof ConfigError) return fail(EXIT.usage, err.message);
    throw err;
  }
  // One seed for the fleet, so that one --seed replays every panel; a
  // fleet's shards split its panels, never a panel's cases.
  const seed = config.seed ?? Math.floor(Math.random() * 2 ** 31);
  const members: Member[] = [];
  try {
    for (const { name, config: own } of targets) {
      const panelConfig = { ...own, seed, shard: undefined };
      const p = await preparePanel(panelConfig, name).catch((err: Error) => {
        throw new ConfigError(`${config.targets}: target ${name}: ${err.message}`);
      });
      members.push({ name, config: panelConfig, p });
    }
    return await conformFleet(members, config, seed);
  } catch (err) {
    if (err instanceof ConfigError) return fail(EXIT.usage, err.message);
    throw err;
  } finally {
    await Promise.all(members.map((m) => closeRun(m.p)));
  }
}

/** With --shard I/N, the panels of shard I: panel i (from 0) goes to shard (i mod N) + 1. */
function shardOf(targets: FleetTarget[], config: Config): FleetTarget[] {
  const shard = config.shard === undefined ? undefined : parseShard(config.shard);
  if (!shard) return targets;
  if (shard.count > targets.length) throw new ConfigError(`--shard ${config.shard}: ${config.targets} has ${targets.length} panels, so at most ${targets.length} shards`);
  return targets.filter((_, i) => i % shard.count === shard.index - 1);
}

async function conformFleet(members: Member[], config: Config, seed: number): Promise<number> {
  const started = new Date();
  console.log(`wispanel-conformance ${suiteVersion()}: fleet of ${plural(members.length, 'panel')} (${config.targets}${config.shard ? `, shard ${config.shard}` : ''}), seed ${seed}`);
  for (const { name, p } of members) {
    const estimate = estimatePlan(p.services.plan, p.input.rate, p.input.windowMs, p.input.concurrency);
    console.log(`${name}: run ${p.input.runId}, target ${p.panel.baseUrl}; plan ${estimate.cases.runnable} of ${estimate.cases.planned} cases, about ${formatDuration(estimate.wallMs)}`);
  }
  // Side by side: a hanging panel costs its --timeout, not everyone's.
  const preflights = Promise.all(members.map(async (m) => {
    const t0 = Date.now();
    return { refused: await preflightPanel(m.p.services, targetHints(config.targets!, m.name)), ms: Date.now() - t0 };
  }));
  preloadSuiteRunner();
  const pres = await preflights;
  const live: Member[] = [];
  members.forEach((m, i) => {
    const { refused } = pres[i]!;
    if (refused) return console.error(`${m.name}: not tested: ${refused.message}`);
    if (m.config.insecure) console.log(`${m.name}: TLS verification is OFF (--insecure): the report says so.`);
    live.push(m);
  });

  const collector = new CaseCollector(live.length ? fleetProgress(live) : undefined);
  const outcome: SuitesOutcome = live.length ? await runSuites(live.map((m) => m.p.input), collector, config.runTimeout) : 'completed';
  const ended = await Promise.all(members.map(async (m, i): Promise<FleetPanel & { gate?: string[] }> => {
    const { refused, ms } = pres[i]!;
    const planned = m.p.services.plan.cases;
    if (refused) {
      const run = notTestedRun(m.p, m.config, refused, started);
      return { name: m.name, run: withWall(run, started, started.getTime() + ms), code: refused.exitCode, notRun: { reason: refused.message, verdict: refused.exitCode === EXIT.target ? 'UNREACHABLE' : 'NOT RUN' } };
    }
    if (outcome === 'interrupted') collector.notRun(planned, 'skipped', NOT_RUN_INTERRUPTED, m.name);
    if (outcome === 'timed-out') collector.notRun(planned, 'error', notRunTimedOut(config), m.name);
    const cases = collector.resultsOf(m.name);
    const end = await finishPanel(m.p, m.config, cases, started, outcome, collector.suiteErrors.length > 0);
    return { name: m.name, run: withWall(end.run, started, lastExchangeEnd(cases)), code: end.code, gate: end.gate && gateLines(end.gate) };
  }));

  const fleet = buildFleet(ended, { startedAt: started, durationMs: Date.now() - started.getTime(), shard: config.shard });
  const written = await writeFleetOutputs(fleet, ended, config);
  const redact = (text: string) => members.reduce((t, m) => m.p.services.redact(t), text);
  if (outcome !== 'interrupted') for (const e of collector.suiteErrors) console.error(`suite error: ${redact(e)}`);
  if (outcome === 'timed-out') printError('the run timed out (--run-timeout); the results are partial');
  fleet.panels.forEach((row, i) => {
    const { run, gate } = ended[i]!;
    console.log(panelLine(row));
    for (const line of gate ?? []) console.log(`${row.name}: ${line}`);
    if (run.summary.leftovers?.length) console.error(`${row.name}: clean-up: could not delete ${run.summary.leftovers.join(', ')}; remove them with --base-url ${run.summary.baseUrl} --cleanup-only ${run.summary.runId}`);
  });
  console.log(fleetLine(fleet));
  return announceWritten(written, fleetExit(ended.map((e) => e.code)));
}

/** One progress line for the fleet: every live panel's cases, the longest
 *  estimate, and whichever panel's budget wait ends soonest. */
function fleetProgress(live: Member[]): Progress {
  const estimates = live.map(({ p }) => estimatePlan(p.services.plan, p.input.rate, p.input.windowMs, p.input.concurrency));
  const total = live.reduce((n, { p }) => n + p.services.plan.cases.length, 0);
  return new Progress(total, Math.max(...estimates.map((e) => e.wallMs)), {
    waits: (now) => live.map(({ p }) => currentWait(p.input.runDir, now)).filter((w) => w !== undefined).sort((a, b) => a.until - b.until)[0],
  });
}

/** In a fleet every panel ends with the one vitest run; its own wall time
 *  is until its last exchange. */
function withWall(run: RunResult, started: Date, end: number | undefined): RunResult {
  if (end === undefined) return run;
  const finishedAt = new Date(Math.max(end, started.getTime()));
  return { ...run, summary: { ...run.summary, finishedAt: finishedAt.toISOString(), durationMs: finishedAt.getTime() - started.getTime() } };
}

function lastExchangeEnd(cases: readonly CaseResult[]): number | undefined {
  let last: number | undefined;
  for (const c of cases) for (const ex of c.exchanges) last = Math.max(last ?? 0, Date.parse(ex.startedAt) + ex.durationMs);
  return last;
}

function fail(code: number, message: string): number {
  printError(message);
  return code;
}
