// A fleet (--targets): every panel of the targets file in one process, side
// by side, each with its own services (budgets, ledger, preflight, clean-up),
// through the one path every run takes (src/run/conform.ts). A panel that
// cannot be tested (unreachable, hanging, not a WisPanel API, its key
// refused) harms no other: it is reported not tested, with the reason,
// while the others run.
import { parseShard } from '../config/config.ts';
import { parseFleet, type FleetTarget } from '../config/fleet-config.ts';
import { ConfigError, type Config } from '../config/options.ts';
import { estimatePlan } from '../cases/estimate.ts';
import { gateFailures, gateLines, knownFailures, loadGateInputs, type GateInputs } from '../gate/regression.ts';
import { buildFleet, type FleetPanel } from '../model/fleet.ts';
import { plural } from '../model/text.ts';
import { closePanels, conform, openPanels, PanelOpenError } from '../run/conform.ts';
import type { OpenPanel } from '../run/open.ts';
import { targetHints } from '../run/preflight.ts';
import { suiteVersion } from '../run/version.ts';
import { fleetLine, panelLine } from '../../reporters/fleet-text.ts';
import { annotationCommands, fleetAnnotations, fleetJobSummary } from '../../reporters/github.ts';
import { Progress } from '../../reporters/progress.ts';
import { formatDuration } from '../model/text.ts';
import { printError } from './error-line.ts';
import { decideExit, EXIT, fleetExit } from './exit.ts';
import { emitGithub, githubOutputs } from './github.ts';
import { announceWritten, checkFleetOutputs, writeFleetOutputs } from './outputs.ts';
import { cancellingLine, listenForInterrupts } from './signals.ts';

/** `config` names the targets file (--targets). */
export async function runFleet(argv: string[], env: NodeJS.ProcessEnv, config: Config): Promise<number> {
  let targets: FleetTarget[];
  let gates: GateInputs[];
  try {
    targets = shardOf(parseFleet(argv, env, process.cwd(), config), config);
    checkFleetOutputs(
      config,
      targets.map((t) => t.name),
    );
    gates = await Promise.all(
      targets.map(({ name, config: own }) =>
        loadGateInputs(own).catch((err: Error) => {
          throw new ConfigError(`${config.targets}: target ${name}: ${err.message}`);
        }),
      ),
    );
  } catch (err) {
    if (err instanceof ConfigError) return fail(EXIT.usage, err.message);
    throw err;
  }
  // One seed for the fleet, so that one --seed replays every panel; a
  // fleet's shards split its panels, never a panel's cases.
  const seed = config.seed ?? Math.floor(Math.random() * 2 ** 31);
  let panels: OpenPanel[];
  try {
    panels = await openPanels(targets.map(({ name, config: own }) => ({ name, config: { ...own, seed, shard: undefined } })));
  } catch (err) {
    if (err instanceof PanelOpenError) return fail(EXIT.usage, `${config.targets}: target ${err.panel.name}: ${err.message}`);
    throw err;
  }
  try {
    return await conformFleet(panels, config, env, seed, gates);
  } finally {
    await closePanels(panels);
  }
}

/** With --shard I/N, the panels of shard I: panel i (from 0) goes to shard (i mod N) + 1. */
function shardOf(targets: FleetTarget[], config: Config): FleetTarget[] {
  const shard = config.shard === undefined ? undefined : parseShard(config.shard);
  if (!shard) return targets;
  if (shard.count > targets.length)
    throw new ConfigError(`--shard ${config.shard}: ${config.targets} has ${targets.length} panels, so at most ${targets.length} shards`);
  return targets.filter((_, i) => i % shard.count === shard.index - 1);
}

async function conformFleet(panels: OpenPanel[], config: Config, env: NodeJS.ProcessEnv, seed: number, gates: GateInputs[]): Promise<number> {
  const started = new Date();
  console.log(
    `wispanel-conformance ${suiteVersion()}: fleet of ${plural(panels.length, 'panel')} (${config.targets}${config.shard ? `, shard ${config.shard}` : ''}), seed ${seed}`,
  );
  for (const { name, input, target, services } of panels) {
    const estimate = estimatePlan(services.plan, input.rate, input.windowMs, input.concurrency);
    console.log(
      `${name}: run ${input.runId}, target ${target.baseUrl}; plan ${estimate.cases.runnable} of ${estimate.cases.planned} cases, about ${formatDuration(estimate.wallMs)}`,
    );
  }
  let progress: Progress | undefined;
  const interrupts = listenForInterrupts(panels.map((p) => `${p.input.runId} (${p.name})`).join(', '));
  const result = await conform(panels, {
    hints: (panel) => targetHints(config.targets!, panel.name!),
    runTimeout: config.runTimeout,
    signal: interrupts.signal,
    observer: {
      preflighted: (panel, refused) => {
        if (refused) console.error(`${panel.name}: not tested: ${refused.message}`);
        else if (panel.config.insecure) console.log(`${panel.name}: TLS verification is OFF (--insecure): the report says so.`);
      },
      started: (live) => {
        progress = fleetProgress(live);
      },
      caseDone: (_, r) => progress?.tick(r),
      cancelling: (why) => console.error(cancellingLine(why, formatDuration(config.runTimeout * 1000))),
    },
  }).finally(() => {
    interrupts.dispose();
    progress?.done();
  });
  const ended = result.panels.map(({ panel, refused, report }, i): FleetPanel & { gate?: string[]; known?: Set<string> } => {
    const gate = gates[i];
    if (refused)
      return {
        name: panel.name!,
        report,
        code: refused.exitCode,
        notRun: { reason: refused.message, verdict: refused.exitCode === EXIT.target ? 'UNREACHABLE' : 'NOT RUN' },
      };
    const verdict = gate.baseline || gate.expected ? gateFailures(report, gate) : undefined;
    return {
      name: panel.name!,
      report,
      code: decideExit(report, result.outcome, verdict),
      gate: verdict && gateLines(verdict),
      known: verdict && knownFailures(verdict),
    };
  });

  const fleet = buildFleet(ended, { startedAt: started, durationMs: Date.now() - started.getTime(), shard: config.shard });
  const written = await writeFleetOutputs(fleet, ended, config);
  if (result.outcome === 'timed-out') printError('the run timed out (--run-timeout); the results are partial');
  fleet.panels.forEach((row, i) => {
    const { report, gate: lines } = ended[i];
    console.log(panelLine(row));
    if (report.unavailable) console.error(`${row.name}: ${report.unavailable}; its results are partial`);
    for (const line of lines ?? []) console.log(`${row.name}: ${line}`);
    if (report.leftovers.length)
      console.error(
        `${row.name}: clean-up: could not delete ${report.leftovers.join(', ')}; remove them with --base-url ${report.target.baseUrl} --cleanup-only ${report.runId}`,
      );
  });
  console.log(fleetLine(fleet));
  if (githubOutputs(config.format, env)) {
    await emitGithub(annotationCommands(fleetAnnotations(ended)), fleetJobSummary(fleet, ended, { written: written.written }), env, written);
  }
  return announceWritten(written, fleetExit(ended.map((e) => e.code)));
}

/** One progress line for the fleet: every live panel's cases, the longest
 *  estimate, and whichever panel's budget wait ends soonest. */
function fleetProgress(live: readonly OpenPanel[]): Progress {
  const estimates = live.map(({ input, services }) => estimatePlan(services.plan, input.rate, input.windowMs, input.concurrency));
  const total = live.reduce((n, { services }) => n + services.plan.cases.length, 0);
  return new Progress(total, Math.max(...estimates.map((e) => e.wallMs)), {
    waits: (now) =>
      live
        .map(({ services }) => services.waits.current(now))
        .filter((w) => w !== undefined)
        .sort((a, b) => a.until - b.until)[0],
  });
}

function fail(code: number, message: string): number {
  printError(message);
  return code;
}
