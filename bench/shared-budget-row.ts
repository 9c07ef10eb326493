// One shared-budget row: N CLI processes started at the same moment on one
// panel with the same admin key, sharing its budget through a private
// redis-server (--budget-redis), as parallel CI jobs on one key would. What
// the server saw of the key: its requests, 429s and its busiest windows, and
// the wall time (first spawn to last exit) against the floor for all the
// requests together. Memory is the N process trees summed, sampled together.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchServer } from './cli-under-test.ts';
import { startRedisServer } from '../test/helpers/redis-server.ts';
import { floorMs } from './floor.ts';
import { mebibytes, seconds } from './markdown.ts';
import { treeFigures } from './proc-tree.ts';
import { alone, benchArgs, failureOutput, startTimedCli, type BenchContext, type Measured, type Row } from './row.ts';
import { bucketsOf, fixedWindows, keyKind, maxInSlidingWindow, rateLimited } from './server-log.ts';

export interface SharedBudgetSpec {
  processes: number;
  profile: string;
  /** Case kinds passed as --exclude: the no-key cases (auth) are limited
   *  per client address, which the processes on one machine share and no
   *  key's budget covers, so --budget-redis cannot share them. */
  exclude: string[];
}

export interface SharedBudgetMeasure extends Measured {
  processes: { exit: number | null; wallMs: number }[];
  /** Requests the server logged per key (429s included); each process mints
   *  its own reseller key. */
  requests: { admin: number; reseller: number[]; anonymous: number };
  rateLimited: number;
  /** The admin key's busiest server window: the fixed limiter's windows
   *  replayed from the log (each opened by the first request after the last
   *  one ended), as the server counted them. */
  busiestServerWindow: number;
  /** The admin key's server windows in order: when each opened (ms after
   *  the first spawn) and the requests it counted. */
  serverWindows: { opensAtMs: number; requests: number }[];
  /** The most admin requests that arrived in any interval of one window. */
  busiestSlidingWindow: number;
  /** The floor of the admin key for all processes' requests together. */
  floorMs: number;
}

/** Why the row cannot run here, or undefined when it can. */
export function sharedBudgetUnavailable(): string | undefined {
  const { error } = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  if (!error) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  return `redis-server ${code === 'ENOENT' ? 'not found on the PATH' : `cannot be run (${code})`}: install the Debian package redis-server`;
}

export function sharedBudgetRow(spec: SharedBudgetSpec): Row<SharedBudgetMeasure, SharedBudgetSpec> {
  return {
    label: `${spec.processes} processes on one key, --budget-redis`,
    key: `shared-budget|${spec.profile}|${spec.processes}|-${spec.exclude.join(',')}`,
    spec,
    cells: {},
    // Needs several windows, but its processes start up at the same moment by
    // design: beside other rows they would share the CPU with those too.
    beside: false,
    order: [],
    start: (ctx, startedBeside) => alone(runSharedBudget(spec, ctx, startedBeside)),
    summary: (m) =>
      `exits ${m.processes.map((p) => p.exit).join('/')}, wall ${seconds(m.wallMs)}, floor ${seconds(m.floorMs)}, admin ${m.requests.admin}, 429s ${m.rateLimited}, busiest window ${m.busiestServerWindow}, peak RSS ${mebibytes(m.peakRssBytes)}`,
  };
}

async function runSharedBudget(spec: SharedBudgetSpec, ctx: BenchContext, startedBeside: number): Promise<SharedBudgetMeasure> {
  const redis = await startRedisServer();
  const server = await startBenchServer({ rateLimit: ctx.limit, windowMs: ctx.windowMs, limiter: 'fixed' });
  const dir = mkdtempSync(join(tmpdir(), 'wispanel-bench-shared-'));
  try {
    const started = performance.now();
    // The same seed is fine: each run names its records after its own random run ID.
    const runs = Array.from({ length: spec.processes }, (_, i) =>
      startTimedCli(
        [
          '--base-url',
          server.baseUrl,
          '--token',
          server.adminToken,
          '--budget-redis',
          redis.url,
          ...benchArgs(ctx, { profile: spec.profile, reportDir: join(dir, `report-${i + 1}`) }),
          ...(spec.exclude.length ? ['--exclude', spec.exclude.join(',')] : []),
        ],
        {},
        undefined,
      ),
    );
    const tree = ctx.sampler?.track(...runs.map((r) => r.cli.child.pid!));
    const ended = await Promise.all(runs.map((r) => r.done));
    const wallMs = Math.round(performance.now() - started);
    tree?.stop();

    const requests: SharedBudgetMeasure['requests'] = { admin: 0, reseller: [], anonymous: 0 };
    const buckets = bucketsOf(server.requestLog);
    for (const [bucket, log] of buckets) {
      const kind = keyKind(bucket, server.adminToken);
      if (kind === 'reseller') requests.reseller.push(log.length);
      else requests[kind] += log.length;
    }
    const admin = buckets.get(server.adminToken) ?? [];
    const windows = fixedWindows(admin, ctx.windowMs);
    const startedAt = runs[0].startedAt;
    const failed = ended.find((e) => e.result.code !== 0);
    return {
      exit: failed ? failed.result.code : 0,
      wallMs,
      startedAt: startedAt.toISOString(),
      startedBeside,
      processes: ended.map((e) => ({ exit: e.result.code, wallMs: e.wallMs })),
      requests,
      rateLimited: rateLimited(server.requestLog),
      serverWindows: windows.map((w) => ({ opensAtMs: w.startsAt - startedAt.getTime(), requests: w.requests.length })),
      busiestServerWindow: Math.max(0, ...windows.map((w) => w.requests.length)),
      busiestSlidingWindow: maxInSlidingWindow(admin, ctx.windowMs),
      floorMs: floorMs({ keyLog: admin, isRun: () => true, limit: ctx.limit, windowMs: ctx.windowMs, share: 0 }),
      ...treeFigures(tree),
      output: failed && failureOutput(failed.result),
    };
  } finally {
    await server.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
