// npm run bench: the suite against the reference server at the real rate
// limit (60 requests per 60 s per key), as a user runs it: the CLI against a
// panel's URL. Each run gets a fresh server, so a fresh key. Per row: the
// requests per key and the 429s the server saw, the wall time, the floor (the
// least time the limit allows for those requests), and the peak memory of the
// CLI's process tree; a fleet (--targets) of 1 to 20 panels; three processes
// sharing one key through Redis (--budget-redis). Prints markdown tables;
// writes bench/results/latest.json.
//   npm run bench -- --help
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatDuration } from '../src/model/text.ts';
import { detectFeatures, type CliFeatures } from './cli-features.ts';
import { chooseCli, CLI_KINDS, type CliKind } from './cli-under-test.ts';
import { medianRun } from './markdown.ts';
import { ProcessTreeSampler } from './proc-tree.ts';
import type { BenchContext, Measured, Row } from './row.ts';
import { runJobs } from './schedule.ts';
import type { BenchOptions, RunsOf, Section, SectionPlan } from './section.ts';
import { SECTIONS } from './sections.ts';

const LIMIT = 60;
const WINDOW_MS = 60_000;
const DEFAULT_JSON = fileURLToPath(new URL('./results/latest.json', import.meta.url));

const USAGE = `usage: npm run bench -- [options]

  --only SECTIONS        comma-separated: ${SECTIONS.map((s) => s.name).join(', ')} (default: every
                         one the CLI and this machine support; redis needs
                         redis-server)
  --profiles LIST        latency section: profiles (default default,certify)
  --latencies LIST       latency section: added round trips in ms (default 0,50,100,200)
  --concurrencies LIST   latency section: "default" (no --concurrency flag: the
                         CLI's own) and/or numbers, passed as --concurrency N
                         only when the CLI's --help lists it (default default,32)
  --panels LIST          fleet section: panels per fleet, one CLI with --targets
                         over that many reference servers (default 1,5,20; 1
                         is the baseline of the ratios)
  --fleet-latency MS     fleet section: the round trip added in front of each
                         panel (default 100)
  --runs N               run every row N times; the table shows the median by
                         wall time and the spread (default 1)
  --sequential           every row alone; by default rows that need several
                         rate windows run beside each other (see bench/schedule.ts)
  --seed N               the runs' --seed (default 1)
  --window-ms MS         the rate window of servers and runs (default 60000):
                         shorter only to try the bench out, its figures are then
                         not at the real limit; a multiple of 1000 (redis)
  --cli KIND             checkout: the checkout's bin, its TypeScript through tsx
                         (default); installed: the package packed and installed
                         into an empty project as a user gets it (dist/ JavaScript)
  --json FILE            where the results go (default bench/results/latest.json)
  --help                 this text`;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      profiles: { type: 'string', default: 'default,certify' },
      latencies: { type: 'string', default: '0,50,100,200' },
      concurrencies: { type: 'string', default: 'default,32' },
      panels: { type: 'string', default: '1,5,20' },
      'fleet-latency': { type: 'string', default: '100' },
      'window-ms': { type: 'string', default: String(WINDOW_MS) },
      runs: { type: 'string', default: '1' },
      sequential: { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      json: { type: 'string', default: DEFAULT_JSON },
      cli: { type: 'string', default: 'checkout' },
      help: { type: 'boolean', default: false },
    },
  });
  const list = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const integer = (flag: string, s: string, min: number) => {
    if (!/^\d+$/.test(s) || Number(s) < min) throw new Error(`${flag}: expected an integer >= ${min}, got '${s}'`);
    return Number(s);
  };
  const only = values.only === undefined ? undefined : list(values.only);
  for (const name of only ?? [])
    if (!SECTIONS.some((s) => s.name === name)) throw new Error(`--only: no section '${name}' (${SECTIONS.map((s) => s.name).join(', ')})`);
  for (const p of list(values.profiles)) if (!['default', 'certify'].includes(p)) throw new Error(`--profiles: no profile '${p}'`);
  if (!(CLI_KINDS as readonly string[]).includes(values.cli)) throw new Error(`--cli: expected ${CLI_KINDS.join(' or ')}, got '${values.cli}'`);
  const windowMs = integer('--window-ms', values['window-ms'], 1000);
  if (windowMs % 1000 !== 0) throw new Error(`--window-ms: expected a multiple of 1000 (the shared budget's windows are whole seconds), got ${windowMs}`);
  return {
    help: values.help,
    only,
    runs: integer('--runs', values.runs, 1),
    sequential: values.sequential,
    seed: integer('--seed', values.seed, 0),
    json: values.json,
    cli: values.cli as CliKind,
    bench: {
      profiles: list(values.profiles),
      latencies: list(values.latencies).map((l) => integer('--latencies', l, 0)),
      concurrencies: list(values.concurrencies).map((c) => (c === 'default' ? ('default' as const) : integer('--concurrencies', c, 1))),
      panels: [...new Set(list(values.panels).map((n) => integer('--panels', n, 1)))],
      fleetLatencyMs: integer('--fleet-latency', values['fleet-latency'], 0),
      limit: LIMIT,
      windowMs,
    } satisfies BenchOptions,
  };
}

interface Planned {
  section: Section;
  skipped?: string;
  plan?: SectionPlan;
}

function machine() {
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
  };
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions();
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const benchStarted = Date.now();
  const machineAtStart = machine();
  if (options.cli === 'installed') console.error('bench: packing and installing the package (--cli installed)');
  const removeCli = await chooseCli(options.cli);
  try {
    return await measure(options, benchStarted, machineAtStart);
  } finally {
    removeCli();
  }
}

async function measure(options: ReturnType<typeof parseOptions>, benchStarted: number, machineAtStart: ReturnType<typeof machine>): Promise<number> {
  const features: CliFeatures = await detectFeatures();
  const chosen = options.only ? SECTIONS.filter((s) => options.only!.includes(s.name)) : SECTIONS;
  const planned: Planned[] = await Promise.all(
    chosen.map(async (section) => {
      const skipped = section.unavailable(features);
      return skipped ? { section, skipped } : { section, plan: await section.plan(options.bench, features) };
    }),
  );
  for (const p of planned) {
    if (p.skipped) console.error(`bench: section ${p.section.name} skipped: ${p.skipped}`);
    for (const note of p.plan?.notes ?? []) console.error(`bench: ${note}`);
  }

  // One job per distinct row: a row two sections ask for runs once.
  const byKey = new Map<string, Row>();
  for (const p of planned) for (const row of p.plan?.rows ?? []) if (!byKey.has(row.key)) byKey.set(row.key, row);
  const jobs: Row[] = Array.from({ length: options.runs }, () => [...byKey.values()]).flat();
  if (!jobs.length) {
    console.error('bench: nothing to run (results file left as it was)');
    return 0;
  }
  const sampler = ProcessTreeSampler.available() ? new ProcessTreeSampler(100) : undefined;
  if (!sampler) console.error('bench: /proc cannot be read here: no memory figures');
  const { windowMs } = options.bench;
  const ctx: BenchContext = { limit: LIMIT, windowMs, seed: options.seed, sampler };
  if (windowMs !== WINDOW_MS) console.error(`bench: --window-ms ${windowMs}: not the real limit (${LIMIT} per ${formatDuration(WINDOW_MS)})`);
  console.error(
    `bench: ${jobs.length} run(s) at ${LIMIT} per ${formatDuration(windowMs)}: ${jobs.filter((j) => !j.beside).length} one at a time, alone, then ${jobs.filter((j) => j.beside).length} needing several windows ${options.sequential ? 'one at a time' : 'beside each other, start-ups staggered'}`,
  );
  const results = await runJobs(jobs, ctx, { sequential: options.sequential, log: (line) => console.error(line) });
  const durationMs = Date.now() - benchStarted;
  // Rows of one key are one kind of row, so their runs are of its measure.
  const runsOf: RunsOf = <M extends Measured>(row: Row<M, object>) => (results.get(row.key) ?? []) as M[];

  const out: string[] = [];
  for (const p of planned) {
    out.push(`### ${p.section.title}\n`);
    if (!p.plan) {
      out.push(`skipped: ${p.skipped}\n`);
      continue;
    }
    out.push(p.plan.render(runsOf));
    for (const note of p.plan.notes) out.push(`\n${note}`);
    out.push('');
  }
  const beside = [...results.values()].flat().some((r) => r.startedBeside > 0);
  if (windowMs !== WINDOW_MS) out.push(`NOT the real limit: every window here is ${formatDuration(windowMs)} (--window-ms), not ${formatDuration(WINDOW_MS)}.`);
  out.push('requests per key: what the reference server saw from the run (the preflight and clean-up included; another client excluded).');
  out.push('floor: the least time the limit allows for those requests given the first Remaining (bench/floor.ts); wall: the CLI from start to exit.');
  out.push(`peak RSS: the largest sum of VmRSS over the CLI and its descendants (the CLI runs alone: one process), sampled every 100 ms.`);
  if (beside) out.push('*: ran beside other rows that need several windows (each its own server and key; start-ups staggered, bench/schedule.ts).');
  out.push(options.runs > 1 ? `Each row: the median of ${options.runs} runs by wall time (min-max).` : 'Each row: a single run.');
  out.push(
    options.cli === 'installed'
      ? 'CLI: the package as installed (npm pack, npm install; dist/ JavaScript).'
      : "CLI: the checkout's bin (its TypeScript through tsx; --cli installed for the package as a user gets it).",
  );
  out.push(
    `${new Date(benchStarted).toISOString().slice(0, 10)}, ${machineAtStart.cores} cores (${machineAtStart.cpu}), Node ${process.version}; load average at start ${machineAtStart.loadAverage.join(' ')}; bench took ${formatDuration(durationMs)}.`,
  );
  console.log(out.join('\n'));

  const json = {
    // 2: rows carry their key; fleet and redis rows have their own measures.
    version: 2,
    date: new Date(benchStarted).toISOString(),
    durationMs,
    machine: { ...machineAtStart, loadAverageAtEnd: machine().loadAverage },
    cli: { concurrencyFlag: features.flags.has('--concurrency'), concurrencyDefault: features.concurrencyDefault ?? null, flags: [...features.flags] },
    options: { ...options.bench, runs: options.runs, sequential: options.sequential, seed: options.seed, cli: options.cli },
    sections: Object.fromEntries(
      planned.map((p) => [
        p.section.name,
        p.plan
          ? {
              notes: p.plan.notes,
              rows: p.plan.rows.map((row) => {
                const runs = runsOf(row);
                return { label: row.label, key: row.key, spec: row.spec, cells: row.cells, median: runs.length ? runs.indexOf(medianRun(runs)) : null, runs };
              }),
            }
          : { skipped: p.skipped },
      ]),
    ),
  };
  mkdirSync(dirname(options.json), { recursive: true });
  writeFileSync(options.json, `${JSON.stringify(json, null, 2)}\n`);
  console.error(`bench: results in ${options.json}`);
  return [...results.values()].flat().some((r) => r.exit !== 0) ? 1 : 0;
}

process.exitCode = await main();
