// The shared-budget section: three CLI processes at once on one key with
// --budget-redis, against the one limit they share at the server: no 429,
// no window over the limit, and a wall time near the floor of all their
// requests together.
import { exitCell, markdownTable, medianRun, peakRssCell, ratioCell, seconds, wallCell } from './markdown.ts';
import type { Section } from './section.ts';
import { sharedBudgetRow, sharedBudgetUnavailable } from './shared-budget-row.ts';

const PROCESSES = 3;
/** Target: the processes together take at most this many times the floor. */
const WALL_FLOOR_TARGET = 1.15;

export const sharedBudget: Section = {
  name: 'redis',
  title: `One key shared by ${PROCESSES} processes (--budget-redis, a private redis-server)`,
  unavailable: (features) =>
    features.flags.has('--budget-redis') ? sharedBudgetUnavailable() : 'the CLI has no shared budget (its --help lists no --budget-redis)',
  plan: async (opts) => {
    const row = sharedBudgetRow({ processes: PROCESSES, profile: 'default', exclude: ['auth'] });
    return {
      rows: [row],
      notes: [],
      render: (runsOf) => {
        const runs = runsOf(row);
        if (!runs.length) return 'did not run';
        const r = medianRun(runs);
        const ratio = r.floorMs ? `${ratioCell(r)} (${r.wallMs / r.floorMs <= WALL_FLOOR_TARGET ? 'met' : 'missed'})` : ratioCell(r);
        const windowLabel = seconds(opts.windowMs);
        return [
          markdownTable(
            [
              'processes',
              'exits',
              'admin',
              'reseller keys',
              'no key',
              '429s',
              `busiest server window (limit ${opts.limit})`,
              `busiest ${windowLabel} (sliding)`,
              'wall',
              'floor',
              `wall/floor (target <= ${WALL_FLOOR_TARGET})`,
              'peak RSS (trees)',
            ],
            [
              [
                String(PROCESSES),
                `${r.processes.map((p) => p.exit).join(', ')}${runs.length > 1 ? ` (${exitCell(runs)})` : ''}`,
                String(r.requests.admin),
                r.requests.reseller.join(', '),
                String(r.requests.anonymous),
                String(r.rateLimited),
                String(r.busiestServerWindow),
                String(r.busiestSlidingWindow),
                wallCell(runs),
                seconds(r.floorMs),
                ratio,
                peakRssCell(runs),
              ],
            ],
          ),
          '',
          `One reference server at ${opts.limit} per ${windowLabel} (fixed windows), one admin key, ${PROCESSES} CLI processes started together, each with --budget-redis, the same --token and seed and its own --report; default profile without the no-key cases (--exclude auth): those are limited per client address, which processes on one machine share and no key's budget covers.`,
          `admin, reseller keys (one minted by each process), no key: requests the server logged, 429s included. busiest server window: the most admin requests in one of the server's fixed windows (replayed from its log: a window opens at the first request after the last one ended). busiest ${windowLabel}: the most in any interval of that length.`,
          `wall: the first spawn to the last exit (each process: ${r.processes.map((p) => seconds(p.wallMs)).join(', ')}); floor: the least time the limit allows for all admin requests on the key, given the first Remaining (bench/floor.ts); peak RSS: the ${PROCESSES} process trees summed.`,
        ].join('\n');
      },
    };
  },
};
