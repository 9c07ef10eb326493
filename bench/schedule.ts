// When each row runs. Rows whose plan fits one rate window per key are
// bounded by work (start-up, CPU, round trips): they run one at a time, with
// no other row of the bench beside them. Rows that need several windows are
// bounded by waiting for the window to turn: they run beside each other,
// each on its own server and key, started one after another once the one
// before has finished its start-up (its tree idles, waiting), so that no two
// start-ups (the CPU-heavy part: tsx, vitest, the worker) overlap. --sequential
// runs every row alone.
import { startRow, type BenchContext, type RowSpec, type RunMeasure } from './cli-row.ts';
import { seconds, mebibytes } from './markdown.ts';

export interface Job {
  spec: RowSpec;
  label: string;
  /** Needs more than one rate window on some key. */
  windowBound: boolean;
}

export interface ScheduleOptions {
  sequential: boolean;
  log: (line: string) => void;
}

/** Every job's runs, by row key (a job listed N times: N runs). */
export async function runJobs(jobs: readonly Job[], ctx: BenchContext, opts: ScheduleOptions): Promise<Map<string, RunMeasure[]>> {
  const results = new Map<string, RunMeasure[]>();
  const total = jobs.length;
  let started = 0;
  let running = 0;
  const begin = (job: Job) => {
    const n = ++started;
    opts.log(`bench: [${n}/${total}] ${job.label}: started${running ? ` beside ${running} other row(s)` : ''}`);
    const row = startRow(job.spec, ctx, running);
    running++;
    const done = row.done.then(
      (m) => {
        running--;
        if (!results.has(job.spec.key)) results.set(job.spec.key, []);
        results.get(job.spec.key)!.push(m);
        opts.log(`bench: [${n}/${total}] ${job.label}: exit ${m.exit}, wall ${seconds(m.wallMs)}, floor ${seconds(m.floorMs)}, 429s ${m.rateLimited}, peak RSS ${mebibytes(m.peakRssBytes)}`);
        if (m.exit !== 0) opts.log(m.output ?? '');
      },
      (err: unknown) => {
        running--;
        throw err;
      },
    );
    return { settled: row.settled, done };
  };

  for (const job of jobs.filter((j) => !j.windowBound)) await begin(job).done;

  // The longest first (the most latency, then the least concurrency), so the
  // group ends soonest.
  const waiting = jobs.filter((j) => j.windowBound).sort((a, b) => b.spec.latencyMs - a.spec.latencyMs || (a.spec.concurrency ?? 1) - (b.spec.concurrency ?? 1));
  const pending: Promise<void>[] = [];
  for (const job of waiting) {
    const { settled, done } = begin(job);
    pending.push(done);
    await (opts.sequential ? done.catch(() => {}) : settled);
  }
  const outcomes = await Promise.allSettled(pending);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  return results;
}
