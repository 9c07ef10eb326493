// One bench row: a fresh reference server (so a fresh key), the CLI against
// it as a user runs it, and what the server saw. Memory is the CLI's whole
// process tree (the CLI and anything it starts), sampled from /proc.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggedRequest, ReferenceServer } from '../reference/server.ts';
import { startBenchServer } from './cli-under-test.ts';
import { floorMs } from './floor.ts';
import { mebibytes, seconds } from './markdown.ts';
import { treeFigures, type TrackedTree } from './proc-tree.ts';
import { benchArgs, failureOutput, readJson, startTimedCli, type BenchContext, type Measured, type Row, type RowRun } from './row.ts';
import { secondClientPath, startSecondClient } from './second-client.ts';
import { bucketsOf, keyKind } from './server-log.ts';

export interface RowSpec {
  /** Identity: two sections asking for the same row share one run. */
  key: string;
  profile: string;
  /** Added round trip at the server (reference `latencyMs`). */
  latencyMs: number;
  /** Passed as --concurrency N; undefined: the flag is not passed. */
  concurrency?: number;
  /** Requests a second client of the admin key spends in every window. */
  share: number;
}

/** One CLI run on one panel: the requests per key and the 429s the server
 *  saw, against the floor. */
export interface RunMeasure extends Measured {
  /** The run's requests per key as the server logged them (429s included). */
  requests: { admin: number; reseller: number; anonymous: number };
  /** The run's requests the server answered 429. */
  rateLimited: number;
  /** The 429s the CLI itself counted (report.json), null without a report. */
  reportedRateLimited: number | null;
  floorMs: number;
  /** From spawning the CLI to the first request the server saw (null: none). */
  firstRequestMs: number | null;
  other?: { sent: number; rateLimited: number };
}

/** The row of `spec`; `windowBound`: its plan needs more than one rate
 *  window on some key, so it waits more than it works and may run beside
 *  other such rows. */
export function cliRow(label: string, spec: RowSpec, cells: Record<string, string>, windowBound: boolean): Row<RunMeasure, RowSpec> {
  return {
    label,
    key: spec.key,
    spec,
    cells,
    beside: windowBound,
    // The most latency, then the least concurrency: the longest first.
    order: [spec.latencyMs, -(spec.concurrency ?? 1)],
    start: (ctx, startedBeside) => startRow(spec, ctx, startedBeside),
    summary: (m) => `exit ${m.exit}, wall ${seconds(m.wallMs)}, floor ${seconds(m.floorMs)}, 429s ${m.rateLimited}, peak RSS ${mebibytes(m.peakRssBytes)}`,
  };
}

/** Start-up is over when the tree used less than this share of one core... */
const SETTLED_CPU_SHARE = 0.3;
/** ...over this long. */
const SETTLED_WINDOW_MS = 1500;
/** A run that never settles (busy to the end) frees the next start after this. */
const SETTLED_MAX_MS = 60_000;

function startRow(spec: RowSpec, ctx: BenchContext, startedBeside: number): RowRun<RunMeasure> {
  let markSettled = () => {};
  const settled = new Promise<void>((resolve) => (markSettled = resolve));
  const done = runRow(spec, ctx, startedBeside, (tree, server, ended) => {
    void watchSettling(tree, server, ended).then(markSettled);
  }).finally(() => markSettled());
  return { settled, done };
}

async function watchSettling(tree: TrackedTree | undefined, server: ReferenceServer, ended: () => boolean): Promise<void> {
  const until = Date.now() + SETTLED_MAX_MS;
  while (!ended() && Date.now() < until) {
    const share = tree?.cpuShare(SETTLED_WINDOW_MS);
    if (server.requestLog.length > 0 && (tree ? share !== undefined && share < SETTLED_CPU_SHARE : true)) return;
    await sleep(200);
  }
}

type OnStart = (tree: TrackedTree | undefined, server: ReferenceServer, ended: () => boolean) => void;

async function runRow(spec: RowSpec, ctx: BenchContext, startedBeside: number, onStart: OnStart): Promise<RunMeasure> {
  const server = await startBenchServer({ rateLimit: ctx.limit, windowMs: ctx.windowMs, latencyMs: spec.latencyMs });
  const reportDir = mkdtempSync(join(tmpdir(), 'wispanel-bench-'));
  try {
    const other = spec.share ? startSecondClient(server, { share: spec.share, windowMs: ctx.windowMs }) : undefined;
    const args = [
      '--base-url',
      server.baseUrl,
      '--token',
      server.adminToken,
      ...benchArgs(ctx, { profile: spec.profile, reportDir }),
      ...(spec.concurrency === undefined ? [] : ['--concurrency', String(spec.concurrency)]),
    ];
    const run = startTimedCli(args, {}, ctx.sampler);
    onStart(run.tree, server, run.cli.exited);
    const { result, wallMs } = await run.done.finally(() => other?.stop());
    return {
      exit: result.code,
      ...measure(server, spec.share, ctx),
      firstRequestMs: server.requestLog.length ? server.requestLog[0].at - run.startedAt.getTime() : null,
      reportedRateLimited: readJson<{ rateLimited429s: number }>(join(reportDir, 'report.json'))?.rateLimited429s ?? null,
      wallMs,
      ...treeFigures(run.tree),
      startedAt: run.startedAt.toISOString(),
      startedBeside,
      other: other && { sent: other.sent, rateLimited: other.rateLimited },
      output: failureOutput(result),
    };
  } finally {
    await server.close();
    rmSync(reportDir, { recursive: true, force: true });
  }
}

/** Requests per key, 429s and the floor, from what the server saw. The
 *  run's floor is that of its slowest key: keys have separate budgets. */
function measure(server: ReferenceServer, share: number, ctx: BenchContext): Pick<RunMeasure, 'requests' | 'rateLimited' | 'floorMs'> {
  const isRun = (r: LoggedRequest) => !(r.token === server.adminToken && r.path.endsWith(secondClientPath(server)));
  const requests = { admin: 0, reseller: 0, anonymous: 0 };
  let floor = 0;
  let rateLimited = 0;
  for (const [bucket, keyLog] of bucketsOf(server.requestLog)) {
    const key = keyKind(bucket, server.adminToken);
    const own = keyLog.filter(isRun);
    requests[key] += own.length;
    rateLimited += own.filter((r) => r.status === 429).length;
    floor = Math.max(floor, floorMs({ keyLog, isRun, limit: ctx.limit, windowMs: ctx.windowMs, share: key === 'admin' ? share : 0 }));
  }
  return { requests, rateLimited, floorMs: floor };
}
