// The bench's own arithmetic, without running the CLI: the scheduler's order,
// the fleet's ratios and targets, the shared budget's wall against the floor,
// and a tree of several roots sampled as one.
import { spawn } from 'node:child_process';
import { describe, expect, test, vi } from 'vitest';
import type { CliFeatures } from '../bench/cli-features.ts';
import type { FleetMeasure } from '../bench/fleet-row.ts';
import { fleet } from '../bench/fleet-section.ts';
import { ProcessTreeSampler } from '../bench/proc-tree.ts';
import type { Measured, Row } from '../bench/row.ts';
import { runJobs } from '../bench/schedule.ts';
import type { BenchOptions, RunsOf } from '../bench/section.ts';
import type { SharedBudgetMeasure } from '../bench/shared-budget-row.ts';
import { sharedBudget } from '../bench/shared-budget-section.ts';
import { SECTIONS } from '../bench/sections.ts';
import type { RunMeasure } from '../bench/cli-row.ts';

const opts: BenchOptions = { profiles: [], latencies: [], concurrencies: [], panels: [1, 5, 20], fleetLatencyMs: 100, limit: 60, windowMs: 60_000 };
const features: CliFeatures = { flags: new Set(['--targets', '--budget-redis']) };
const MiB = 2 ** 20;

const measured = (m: Partial<Measured>): Measured => ({
  exit: 0,
  wallMs: 1000,
  startedAt: '',
  startedBeside: 0,
  peakRssBytes: 500 * MiB,
  peakProcesses: 2,
  atPeak: null,
  samples: 10,
  cpuSeconds: 1,
  cpuByProcess: null,
  ...m,
});

/** runsOf over fixed runs by row key. */
const runsFrom = (byKey: Record<string, object[]>): RunsOf => ((row: Row) => byKey[row.key] ?? []) as RunsOf;

describe('bench', () => {
  test('schedule: rows run alone come first, one at a time; rows beside each other start longest first', async () => {
    const events: string[] = [];
    const row = (key: string, beside: boolean, order: number[]): Row => ({
      label: key,
      key,
      spec: {},
      cells: {},
      beside,
      order,
      start: () => {
        events.push(`start ${key}`);
        const done = new Promise<Measured>((resolve) => setTimeout(() => (events.push(`end ${key}`), resolve(measured({}))), 5));
        return { settled: Promise.resolve(), done };
      },
      summary: () => '',
    });
    const results = await runJobs(
      [row('short', true, [0, -8]), row('a', false, []), row('long', true, [200, -1]), row('b', false, [])],
      { limit: 60, windowMs: 60_000, seed: 1 },
      { sequential: false, log: () => {} },
    );
    expect(events.slice(0, 4)).toEqual(['start a', 'end a', 'start b', 'end b']);
    expect(events.slice(4, 6)).toEqual(['start long', 'start short']);
    expect([...results.keys()].sort()).toEqual(['a', 'b', 'long', 'short']);
  });

  test('fleet: wall, CPU per added request and RSS against one panel, each panel behind the round trip, with the targets met or missed', async () => {
    const plan = await fleet.plan(opts, features);
    expect(plan.rows.map((r) => r.key)).toEqual(['fleet|default|1|100ms', 'fleet|default|5|100ms', 'fleet|default|20|100ms']);
    const run = (panels: number, wallMs: number, rssMiB: number, cpuSeconds: number): FleetMeasure => ({
      ...measured({ wallMs, peakRssBytes: rssMiB * MiB, cpuSeconds }),
      panels,
      requests: 137 * panels,
      rateLimited: 0,
      reportedRateLimited: 0,
      firstRequestMs: 450,
      perPanel: Array.from({ length: panels }, (_, i) => ({
        name: `p${i}`,
        requests: { admin: 59, reseller: 32, anonymous: 46 },
        rateLimited: 0,
        cliDurationMs: 1,
        requestsFromMs: 0,
        requestsToMs: 1,
      })),
      serversCpuSeconds: 0.5,
    });
    const table = plan.render(
      runsFrom({
        'fleet|default|1|100ms': [run(1, 3000, 500, 1)],
        // The run of median wall time (3.6 s) had 1.9 s of CPU; the median CPU is 1.4 s.
        'fleet|default|5|100ms': [run(5, 3500, 540, 1.4), run(5, 3600, 540, 1.9), run(5, 3700, 540, 1.3)],
        'fleet|default|20|100ms': [run(20, 6000, 800, 5.1)],
      }),
    );
    // 5 panels: 1.20 of the wall, (540 - 500) MiB / 4 = 10.5 MB each, 0.4 s of CPU (medians) / 548 requests more.
    expect(table).toMatch(
      /\| 5 +\| 0 +\| 0\.5 s +\| 3\.6 s \(3\.5 s-3\.7 s, 3 runs\) +\| 1\.20 \(met\) +\| 540 MiB +\| 10\.5 MB \(met\) +\| 0\.73 ms \(met\) +\| 685 \(137 per panel\) +\| 0 +\| 1\.4 s \+ 0\.5 s/,
    );
    // 20 panels: 2.00, (800 - 500) MiB / 19 = 16.6 MB each, 4.1 s / 2603 requests more.
    expect(table).toContain('20 panels: wall 2.00 (missed), CPU per added request 1.58 ms (missed), RSS per added panel 16.6 MB (missed)');
    expect(table).toContain('100 ms added to every round trip');
  });

  test('rate: the default run against its targets (first request, all in, peak memory)', async () => {
    const rate = SECTIONS.find((s) => s.name === 'rate')!;
    const plan = await rate.plan(opts, features);
    const run = (wallMs: number, firstRequestMs: number, rssMB: number): RunMeasure => ({
      ...measured({ wallMs, peakRssBytes: rssMB * 1e6, cpuSeconds: 1.2 }),
      requests: { admin: 58, reseller: 33, anonymous: 46 },
      rateLimited: 0,
      reportedRateLimited: 0,
      floorMs: 0,
      firstRequestMs,
    });
    const text = plan.render(runsFrom({ [plan.rows[0].key]: [run(1100, 450, 130), run(1000, 480, 210), run(1200, 520, 120)] }));
    expect(text).toMatch(/\| default \(the CI gate\) +\| 0 +\| 58 +\| 33 +\| 46 +\| 0 +\| 0\.5 s +\| 1\.1 s \(1\.0 s-1\.2 s, 3 runs\)/);
    // The median run by wall; memory is the largest peak of the runs.
    expect(text).toMatch(/\| certify +\| did not run/);
    expect(text).toContain('first request <= 0.5 s: 0.5 s (met); all in <= 3.0 s: 1.1 s (met); peak RSS <= 200 MB: 210 MB (missed).');
  });

  test('redis: the wall of all processes against the floor of all their requests on the key', async () => {
    const plan = await sharedBudget.plan(opts, features);
    const [row] = plan.rows;
    const run: SharedBudgetMeasure = {
      ...measured({ wallMs: 130_000 }),
      processes: [
        { exit: 0, wallMs: 128_000 },
        { exit: 0, wallMs: 129_000 },
        { exit: 0, wallMs: 130_000 },
      ],
      requests: { admin: 177, reseller: [32, 32, 32], anonymous: 0 },
      rateLimited: 0,
      serverWindows: [],
      busiestServerWindow: 60,
      busiestSlidingWindow: 60,
      floorMs: 120_000,
    };
    const table = plan.render(runsFrom({ [row.key]: [run] }));
    expect(table).toMatch(/\| 3 +\| 0, 0, 0 +\| 177 +\| 32, 32, 32 +\| 0 +\| 0 +\| 60 +\| 60 +\| 130\.0 s +\| 120\.0 s +\| 1\.08 \(met\)/);
  });

  test('a tree of several roots is sampled as one', async (ctx) => {
    if (!ProcessTreeSampler.available()) ctx.skip('/proc cannot be read here');
    const children = [0, 1].map(() => spawn('sleep', ['5']));
    try {
      const sampler = new ProcessTreeSampler(50);
      const tree = sampler.track(...children.map((c) => c.pid!));
      sampler.tick();
      tree.stop();
      expect(tree.last?.pids.sort()).toEqual(children.map((c) => c.pid!).sort());
      expect(tree.peakProcesses).toBe(2);
    } finally {
      for (const c of children) c.kill();
    }
  });

  test("a tree holds its root's descendants, and a process that ended leaves it", async (ctx) => {
    if (!ProcessTreeSampler.available()) ctx.skip('/proc cannot be read here');
    // A shell that starts two sleeps and waits for them: a tree of three.
    const shell = spawn('sh', ['-c', 'sleep 5 & sleep 5 & wait']);
    let seen: number[] = [];
    try {
      const sampler = new ProcessTreeSampler(10_000);
      const tree = sampler.track(shell.pid!);
      await vi.waitFor(() => {
        sampler.tick();
        expect(tree.last?.processes.map((p) => p.comm)).toEqual(['sh', 'sleep', 'sleep']);
      });
      expect(tree.last!.rssBytes).toBeGreaterThan(0);
      seen = tree.last!.pids;
      const sleeper = seen[1];
      process.kill(sleeper);
      await vi.waitFor(() => {
        sampler.tick();
        expect(tree.last?.pids).not.toContain(sleeper);
      });
      expect(tree.last?.pids).toHaveLength(2);
      tree.stop();
      expect(tree.peakProcesses).toBe(3);
    } finally {
      // The sleeps outlive a killed shell: each goes too.
      for (const pid of [...seen.slice(1), shell.pid!]) {
        try {
          process.kill(pid);
        } catch {
          // already gone
        }
      }
    }
  });
});
