// One bench row: a fresh reference server (so a fresh key), the CLI against
// it as a user runs it, and what the server saw. Memory is the CLI's whole
// process tree (the CLI and its vitest worker), sampled from /proc.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startReferenceServer, type LoggedRequest, type ReferenceServer } from '../reference/server.ts';
import { startCli } from '../test/helpers/cli.ts';
import { floorMs } from './floor.ts';
import type { ProcessTreeSampler, TrackedTree } from './proc-tree.ts';
import { secondClientPath, startSecondClient } from './second-client.ts';
import { ANONYMOUS, bucketsOf } from './server-log.ts';

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

export interface BenchContext {
  limit: number;
  windowMs: number;
  seed: number;
  /** undefined where /proc cannot be read: no memory figures. */
  sampler?: ProcessTreeSampler;
}

export interface RunMeasure {
  exit: number | null;
  /** The run's requests per key as the server logged them (429s included). */
  requests: { admin: number; reseller: number; anonymous: number };
  /** The run's requests the server answered 429. */
  rateLimited: number;
  /** The 429s the CLI itself counted (report.json), null without a report. */
  reportedRateLimited: number | null;
  /** From spawning the CLI to its exit. */
  wallMs: number;
  floorMs: number;
  /** Peak of the summed VmRSS of the CLI's process tree; null without /proc. */
  peakRssBytes: number | null;
  peakProcesses: number | null;
  /** The tree at its peak: each process's command name and VmRSS. */
  atPeak: { comm: string; rssBytes: number }[] | null;
  /** Samples taken of the tree (about one per 100 ms). */
  samples: number | null;
  startedAt: string;
  /** Other rows running when this one started (0: it had the machine's bench share alone). */
  startedBeside: number;
  other?: { sent: number; rateLimited: number };
  /** Set when the run did not exit 0: the tail of what it printed. */
  output?: string;
}

export interface RowRun {
  /** Resolves once the run's start-up is over (it has sent requests and its
   *  tree uses little CPU: it waits on the rate limit or the network), or
   *  when it ended: the moment another row may start beside it. */
  settled: Promise<void>;
  done: Promise<RunMeasure>;
}

/** Start-up is over when the tree used less than this share of one core... */
const SETTLED_CPU_SHARE = 0.3;
/** ...over this long. */
const SETTLED_WINDOW_MS = 1500;
/** A run that never settles (busy to the end) frees the next start after this. */
const SETTLED_MAX_MS = 60_000;

export function startRow(spec: RowSpec, ctx: BenchContext, startedBeside: number): RowRun {
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
  const server = await startReferenceServer({ rateLimit: ctx.limit, windowMs: ctx.windowMs, latencyMs: spec.latencyMs });
  const reportDir = mkdtempSync(join(tmpdir(), 'wispanel-bench-'));
  try {
    const other = spec.share ? startSecondClient(server, { share: spec.share, windowMs: ctx.windowMs }) : undefined;
    const args = [
      '--base-url', server.baseUrl,
      '--token', server.adminToken,
      '--rate', String(ctx.limit),
      '--rate-window-ms', String(ctx.windowMs),
      '--seed', String(ctx.seed),
      '--report', reportDir,
      '--profile', spec.profile,
      ...(spec.concurrency === undefined ? [] : ['--concurrency', String(spec.concurrency)]),
    ];
    const startedAt = new Date();
    const started = performance.now();
    const cli = startCli(args);
    const tree = ctx.sampler?.track(cli.child.pid!);
    onStart(tree, server, cli.exited);
    const result = await cli.done.finally(() => other?.stop());
    const wallMs = performance.now() - started;
    await tree?.stop();
    let reportedRateLimited: number | null = null;
    try {
      reportedRateLimited = (JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as { rateLimited429s: number }).rateLimited429s;
    } catch {
      // No report (the run broke early): the server's count stands alone.
    }
    return {
      exit: result.code,
      ...measure(server, spec.share, ctx),
      reportedRateLimited,
      wallMs: Math.round(wallMs),
      peakRssBytes: tree ? tree.peakRssBytes : null,
      peakProcesses: tree ? tree.peakProcesses : null,
      atPeak: tree?.atPeak ? tree.atPeak.processes.map(({ comm, rssBytes }) => ({ comm, rssBytes })) : null,
      samples: tree ? tree.samples : null,
      startedAt: startedAt.toISOString(),
      startedBeside,
      other: other && { sent: other.sent, rateLimited: other.rateLimited },
      output: result.code === 0 ? undefined : `${result.stdout}${result.stderr}`.slice(-3000),
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
    const key = bucket === server.adminToken ? 'admin' : bucket === ANONYMOUS ? 'anonymous' : 'reseller';
    const own = keyLog.filter(isRun);
    requests[key] += own.length;
    rateLimited += own.filter((r) => r.status === 429).length;
    floor = Math.max(floor, floorMs({ keyLog, isRun, limit: ctx.limit, windowMs: ctx.windowMs, share: key === 'admin' ? share : 0 }));
  }
  return { requests, rateLimited, floorMs: floor };
}
