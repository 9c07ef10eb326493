// The bench's sections: rate and latency here (single-panel CLI rows), the
// fleet and the shared budget in their own modules. A section is one entry
// of SECTIONS; --only picks sections by name.
import { plannedRequests } from './cli-features.ts';
import { cliRow, type RowSpec, type RunMeasure } from './cli-row.ts';
import { fleet } from './fleet-section.ts';
import { exitCell, markdownTable, medianRun, peakRssCell, ratioCell, rateLimitedCell, seconds, wallCell } from './markdown.ts';
import type { Row } from './row.ts';
import type { BenchOptions, Section } from './section.ts';
import { sharedBudget } from './shared-budget-section.ts';

export const rowKey = (s: Omit<RowSpec, 'key'>): string => `${s.profile}|${s.latencyMs}ms|c${s.concurrency ?? 'default'}|share${s.share}`;

/** A single-panel row; it runs beside others when its plan needs more than
 *  one window on some key (bench/schedule.ts). */
async function panelRow(label: string, s: Omit<RowSpec, 'key'>, cells: Record<string, string>, opts: BenchOptions): Promise<Row<RunMeasure, RowSpec>> {
  const r = await plannedRequests(['--profile', s.profile]);
  const windowBound = Math.max(r.admin + s.share, r.reseller, r.anonymous) > opts.limit;
  return cliRow(label, { ...s, key: rowKey(s) }, cells, windowBound);
}

const total = (r: RunMeasure) => r.requests.admin + r.requests.reseller + r.requests.anonymous;

/** The default run's targets: its first request, its wall and its peak memory. */
const DEFAULT_TARGETS = { firstRequestMs: 500, wallMs: 3000, peakRssBytes: 200e6 };

/** The budget table: the CLI as a user runs it (no extra flag), no added latency. */
const rate: Section = {
  name: 'rate',
  title: 'Requests, 429s and wall time against the floor',
  unavailable: () => undefined,
  plan: async (opts) => {
    const rows = await Promise.all([
      panelRow('default (the CI gate)', { profile: 'default', latencyMs: 0, share: 0 }, {}, opts),
      panelRow('certify', { profile: 'certify', latencyMs: 0, share: 0 }, {}, opts),
      panelRow("default, a second client spends half the admin key's budget", { profile: 'default', latencyMs: 0, share: opts.limit / 2 }, {}, opts),
    ]);
    return {
      rows,
      notes: [],
      render: (runsOf) =>
        [
          markdownTable(
            ['run', 'exit', 'admin', 'reseller', 'no key', '429s', 'first request', 'wall', 'floor', 'wall/floor', 'peak RSS', 'CPU'],
            rows.map((row) => {
              const runs = runsOf(row);
              if (!runs.length) return [row.label, 'did not run'];
              const r = medianRun(runs);
              const other = r.other ? ` (other client: ${r.other.sent} sent, ${r.other.rateLimited} refused)` : '';
              return [
                row.label + other,
                exitCell(runs),
                String(r.requests.admin),
                String(r.requests.reseller),
                String(r.requests.anonymous),
                rateLimitedCell(r),
                r.firstRequestMs === null ? 'n/a' : seconds(r.firstRequestMs),
                wallCell(runs),
                seconds(r.floorMs),
                ratioCell(r),
                peakRssCell(runs),
                r.cpuSeconds === null ? 'n/a' : seconds(r.cpuSeconds * 1000),
              ];
            }),
          ),
          defaultTargets(runsOf(rows[0])),
        ].join('\n\n'),
    };
  },
};

/** Profiles x added round trip x concurrency: what a distant panel costs. */
const latency: Section = {
  name: 'latency',
  title: 'Added round trip (reference latencyMs) at the real rate limit',
  unavailable: () => undefined,
  plan: async (opts, features) => {
    const notes: string[] = [];
    const hasFlag = features.flags.has('--concurrency');
    const defaultConcurrency = features.concurrencyDefault ?? (hasFlag ? undefined : 1);
    const levels = opts.concurrencies.filter((c) => {
      if (c === 'default' || hasFlag) return true;
      notes.push(`--concurrency ${c} not run: the CLI's --help lists no --concurrency (cases run one at a time).`);
      return false;
    });
    const planned: Promise<Row<RunMeasure, RowSpec>>[] = [];
    for (const profile of opts.profiles) {
      for (const latencyMs of opts.latencies) {
        for (const c of levels) {
          planned.push(
            panelRow(
              `${profile}, ${latencyMs} ms, ${c === 'default' ? `concurrency default` : `concurrency ${c}`}`,
              { profile, latencyMs, concurrency: c === 'default' ? undefined : c, share: 0 },
              {
                profile,
                latency: `${latencyMs} ms`,
                concurrency: c === 'default' ? `${defaultConcurrency ?? '?'} (no flag)` : String(c),
              },
              opts,
            ),
          );
        }
      }
    }
    const rows = await Promise.all(planned);
    return {
      rows,
      notes,
      render: (runsOf) =>
        markdownTable(
          [
            'profile',
            'added RTT',
            'concurrency',
            'exit',
            'admin',
            'reseller',
            'no key',
            '429s',
            'wall',
            'floor',
            'wall/floor',
            'requests x RTT',
            'peak RSS (tree)',
          ],
          rows.map((row) => {
            const runs = runsOf(row);
            const r = medianRun(runs);
            return [
              row.cells.profile,
              row.cells.latency,
              row.cells.concurrency,
              exitCell(runs),
              String(r.requests.admin),
              String(r.requests.reseller),
              String(r.requests.anonymous),
              rateLimitedCell(r),
              wallCell(runs),
              seconds(r.floorMs),
              ratioCell(r),
              seconds(total(r) * row.spec.latencyMs),
              peakRssCell(runs),
            ];
          }),
        ) + `\n\nAt ${opts.limit} requests per ${seconds(opts.windowMs)} per key. requests x RTT: what the added round trips cost when sent one at a time.`,
    };
  },
};

/** The default run against its targets, from process start (the median run by wall). */
function defaultTargets(runs: readonly RunMeasure[]): string {
  if (!runs.length) return 'Targets of the default run: it did not run.';
  const r = medianRun(runs);
  const peak = Math.max(...runs.map((x) => x.peakRssBytes ?? Number.NaN));
  const met = (ok: boolean) => (ok ? 'met' : 'missed');
  const first = r.firstRequestMs === null ? 'n/a' : `${seconds(r.firstRequestMs)} (${met(r.firstRequestMs <= DEFAULT_TARGETS.firstRequestMs)})`;
  return (
    `Targets of the default run, from process start: first request <= ${seconds(DEFAULT_TARGETS.firstRequestMs)}: ${first}; ` +
    `all in <= ${seconds(DEFAULT_TARGETS.wallMs)}: ${seconds(r.wallMs)} (${met(r.wallMs <= DEFAULT_TARGETS.wallMs)}); ` +
    `peak RSS <= ${DEFAULT_TARGETS.peakRssBytes / 1e6} MB: ${Number.isNaN(peak) ? 'n/a' : `${(peak / 1e6).toFixed(0)} MB (${met(peak <= DEFAULT_TARGETS.peakRssBytes)})`}.`
  );
}

export const SECTIONS: readonly Section[] = [rate, latency, fleet, sharedBudget];
