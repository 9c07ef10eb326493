// One fleet row: N reference servers, each its own panel and key at the
// bench's limit, and one CLI over all of them with --targets, as a user runs
// a fleet. Per panel what its server saw; for the run its wall time and its
// process tree's peak memory. The servers run in this process: they share
// the machine's CPU with the CLI, as the single-panel rows' server does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ReferenceServer } from '../reference/server.ts';
import { startBenchServer } from './cli-under-test.ts';
import { mebibytes, seconds } from './markdown.ts';
import { treeFigures } from './proc-tree.ts';
import { alone, benchArgs, failureOutput, readJson, startTimedCli, type BenchContext, type Measured, type Row } from './row.ts';
import { bucketsOf, keyKind, rateLimited, type KeyKind } from './server-log.ts';

export interface FleetSpec {
  panels: number;
  profile: string;
  /** The round trip added in front of each panel (reference `latencyMs`). */
  latencyMs: number;
}

export interface PanelMeasure {
  name: string;
  /** What its server logged, per key (429s included). */
  requests: Record<KeyKind, number>;
  rateLimited: number;
  /** The panel's own wall time as the CLI reports it (fleet.json), null without it. */
  cliDurationMs: number | null;
  /** Its server's first and last request, in ms after the CLI was spawned:
   *  where the panel's work lies in the run (null: no request). */
  requestsFromMs: number | null;
  requestsToMs: number | null;
}

export interface FleetMeasure extends Measured {
  panels: number;
  /** Every panel's requests, as the servers logged them. */
  requests: number;
  rateLimited: number;
  /** The 429s the CLI counted over the panels (fleet.json), null without it. */
  reportedRateLimited: number | null;
  /** From spawning the CLI to the first request any panel saw (null: none). */
  firstRequestMs: number | null;
  perPanel: PanelMeasure[];
  /** CPU seconds this process used during the run: the reference servers
   *  (and the sampler), beside the CLI tree's cpuSeconds. */
  serversCpuSeconds: number;
}

export function fleetRow(spec: FleetSpec): Row<FleetMeasure, FleetSpec> {
  return {
    label: `fleet of ${spec.panels} panel${spec.panels === 1 ? '' : 's'}, ${spec.latencyMs} ms each`,
    key: `fleet|${spec.profile}|${spec.panels}|${spec.latencyMs}ms`,
    spec,
    cells: {},
    // Each panel's plan fits one window of its own key: the run is bounded by work.
    beside: false,
    order: [],
    start: (ctx, startedBeside) => alone(runFleet(spec, ctx, startedBeside)),
    summary: (m) => `exit ${m.exit}, wall ${seconds(m.wallMs)}, ${m.requests} requests, 429s ${m.rateLimited}, peak RSS ${mebibytes(m.peakRssBytes)}`,
  };
}

const panelName = (i: number) => `p${String(i + 1).padStart(2, '0')}`;

/** targets.yaml in `dir`, each token a ${VAR} reference (the CLI refuses a
 *  literal key), and the environment that sets those variables. */
function writeTargets(dir: string, servers: readonly ReferenceServer[]): { file: string; env: Record<string, string> } {
  const env: Record<string, string> = {};
  const targets = servers.map((server, i) => {
    const variable = `BENCH_${panelName(i).toUpperCase()}_TOKEN`;
    env[variable] = server.adminToken;
    return { name: panelName(i), 'base-url': server.baseUrl, token: `\${${variable}}` };
  });
  const file = join(dir, 'targets.yaml');
  writeFileSync(file, stringify({ targets }));
  return { file, env };
}

async function runFleet(spec: FleetSpec, ctx: BenchContext, startedBeside: number): Promise<FleetMeasure> {
  const servers = await Promise.all(
    Array.from({ length: spec.panels }, () => startBenchServer({ rateLimit: ctx.limit, windowMs: ctx.windowMs, latencyMs: spec.latencyMs })),
  );
  const dir = mkdtempSync(join(tmpdir(), 'wispanel-bench-fleet-'));
  try {
    const { file, env } = writeTargets(dir, servers);
    const reportDir = join(dir, 'report');
    const cpuBefore = process.cpuUsage();
    const run = startTimedCli(['--targets', file, ...benchArgs(ctx, { profile: spec.profile, reportDir })], { env }, ctx.sampler);
    const { result, wallMs } = await run.done;
    const cpu = process.cpuUsage(cpuBefore);
    const fleet = readJson<{ panels: { name: string; rateLimited429s: number; durationMs: number }[] }>(join(reportDir, 'fleet.json'));
    const perPanel = servers.map((server, i): PanelMeasure => {
      const requests: Record<KeyKind, number> = { admin: 0, reseller: 0, anonymous: 0 };
      for (const [bucket, log] of bucketsOf(server.requestLog)) requests[keyKind(bucket, server.adminToken)] += log.length;
      const reported = fleet?.panels.find((p) => p.name === panelName(i));
      const at = server.requestLog.map((r) => r.at - run.startedAt.getTime());
      return {
        name: panelName(i),
        requests,
        rateLimited: rateLimited(server.requestLog),
        cliDurationMs: reported?.durationMs ?? null,
        requestsFromMs: at.length ? Math.min(...at) : null,
        requestsToMs: at.length ? Math.max(...at) : null,
      };
    });
    return {
      panels: spec.panels,
      exit: result.code,
      wallMs,
      startedAt: run.startedAt.toISOString(),
      startedBeside,
      requests: servers.reduce((sum, s) => sum + s.requestLog.length, 0),
      rateLimited: perPanel.reduce((sum, p) => sum + p.rateLimited, 0),
      reportedRateLimited: fleet ? fleet.panels.reduce((sum, p) => sum + p.rateLimited429s, 0) : null,
      firstRequestMs: firstOf(perPanel.map((p) => p.requestsFromMs)),
      perPanel,
      serversCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
      ...treeFigures(run.tree),
      output: failureOutput(result),
    };
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The earliest of the times, null when there is none. */
export function firstOf(times: ReadonlyArray<number | null>): number | null {
  const known = times.filter((t): t is number => t !== null);
  return known.length ? Math.min(...known) : null;
}
