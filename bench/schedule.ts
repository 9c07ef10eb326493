// When each row runs. Rows bounded by work (start-up, CPU, round trips: a
// plan that fits one rate window per key, a fleet, several CLIs started at
// once) run one at a time, with no other row of the bench beside them. Rows
// bounded by waiting for the window to turn run beside each other, each on
// its own server and key, started one after another once the one before has
// finished its start-up (its tree idles, waiting), so that no two start-ups
// (the CPU-heavy part: tsx, vitest, the worker) overlap. --sequential runs
// every row alone.
import type { BenchContext, Measured, Row } from './row.ts';

export interface ScheduleOptions {
  sequential: boolean;
  log: (line: string) => void;
}

/** Every row's runs, by row key (a row listed N times: N runs). */
export async function runJobs(rows: readonly Row[], ctx: BenchContext, opts: ScheduleOptions): Promise<Map<string, Measured[]>> {
  const results = new Map<string, Measured[]>();
  const total = rows.length;
  let started = 0;
  let running = 0;
  const begin = (row: Row) => {
    const n = ++started;
    opts.log(`bench: [${n}/${total}] ${row.label}: started${running ? ` beside ${running} other row(s)` : ''}`);
    const run = row.start(ctx, running);
    running++;
    const done = run.done.then(
      (m) => {
        running--;
        if (!results.has(row.key)) results.set(row.key, []);
        results.get(row.key)!.push(m);
        opts.log(`bench: [${n}/${total}] ${row.label}: ${row.summary(m)}`);
        if (m.exit !== 0) opts.log(m.output ?? '');
      },
      (err: unknown) => {
        running--;
        throw err;
      },
    );
    return { settled: run.settled, done };
  };

  for (const row of rows.filter((r) => !r.beside)) await begin(row).done;

  // The longest first, so the group ends soonest.
  const waiting = rows.filter((r) => r.beside).sort((a, b) => longerFirst(a.order, b.order));
  const pending: Promise<void>[] = [];
  for (const row of waiting) {
    const { settled, done } = begin(row);
    pending.push(done);
    await (opts.sequential ? done.catch(() => {}) : settled);
  }
  const outcomes = await Promise.allSettled(pending);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  return results;
}

function longerFirst(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (b[i] ?? 0) - (a[i] ?? 0);
    if (d) return d;
  }
  return 0;
}
