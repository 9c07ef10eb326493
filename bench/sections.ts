// The bench's sections: which rows each asks for and how it prints them.
// A section is one entry here; --only picks sections by name.
import type { RowSpec, RunMeasure } from './cli-row.ts';
import type { CliFeatures } from './cli-features.ts';
import { exitCell, markdownTable, medianRun, peakRssCell, ratioCell, rateLimitedCell, seconds, wallCell } from './markdown.ts';

export interface BenchOptions {
  profiles: string[];
  latencies: number[];
  /** 'default' (no --concurrency flag: the CLI's own) or a number. */
  concurrencies: ('default' | number)[];
  limit: number;
  windowMs: number;
}

export interface SectionRow {
  label: string;
  spec: RowSpec;
  /** What the table shows of the row beside the measures. */
  cells: Record<string, string>;
}

export interface Section {
  name: string;
  title: string;
  /** Why it cannot run against this CLI, or undefined when it can. */
  unavailable(features: CliFeatures): string | undefined;
  rows(opts: BenchOptions, features: CliFeatures): { rows: SectionRow[]; notes: string[] };
  render(rows: { row: SectionRow; runs: RunMeasure[] }[], opts: BenchOptions): string;
}

export const rowKey = (s: Omit<RowSpec, 'key'>): string => `${s.profile}|${s.latencyMs}ms|c${s.concurrency ?? 'default'}|share${s.share}`;

const spec = (s: Omit<RowSpec, 'key'>): RowSpec => ({ ...s, key: rowKey(s) });

const total = (r: RunMeasure) => r.requests.admin + r.requests.reseller + r.requests.anonymous;

/** The budget table: the CLI as a user runs it (no extra flag), no added latency. */
const rate: Section = {
  name: 'rate',
  title: 'Requests, 429s and wall time against the floor',
  unavailable: () => undefined,
  rows: (opts) => ({
    rows: [
      { label: 'default (the CI gate)', spec: spec({ profile: 'default', latencyMs: 0, share: 0 }), cells: {} },
      { label: 'certify', spec: spec({ profile: 'certify', latencyMs: 0, share: 0 }), cells: {} },
      { label: 'default, a second client spends half the admin key\'s budget', spec: spec({ profile: 'default', latencyMs: 0, share: opts.limit / 2 }), cells: {} },
    ],
    notes: [],
  }),
  render: (rows) =>
    markdownTable(
      ['run', 'exit', 'admin', 'reseller', 'no key', '429s', 'wall', 'floor', 'wall/floor', 'peak RSS'],
      rows.map(({ row, runs }) => {
        const r = medianRun(runs);
        const other = r.other ? ` (other client: ${r.other.sent} sent, ${r.other.rateLimited} refused)` : '';
        return [row.label + other, exitCell(runs), String(r.requests.admin), String(r.requests.reseller), String(r.requests.anonymous), rateLimitedCell(r), wallCell(runs), seconds(r.floorMs), ratioCell(r), peakRssCell(runs)];
      }),
    ),
};

/** Profiles x added round trip x concurrency: what a distant panel costs. */
const latency: Section = {
  name: 'latency',
  title: 'Added round trip (reference latencyMs) at the real rate limit',
  unavailable: () => undefined,
  rows: (opts, features) => {
    const notes: string[] = [];
    const hasFlag = features.flags.has('--concurrency');
    const defaultConcurrency = features.concurrencyDefault ?? (hasFlag ? undefined : 1);
    const levels = opts.concurrencies.filter((c) => {
      if (c === 'default' || hasFlag) return true;
      notes.push(`--concurrency ${c} not run: the CLI's --help lists no --concurrency (cases run one at a time).`);
      return false;
    });
    const rows: SectionRow[] = [];
    for (const profile of opts.profiles) {
      for (const latencyMs of opts.latencies) {
        for (const c of levels) {
          rows.push({
            label: `${profile}, ${latencyMs} ms, ${c === 'default' ? `concurrency default` : `concurrency ${c}`}`,
            spec: spec({ profile, latencyMs, concurrency: c === 'default' ? undefined : c, share: 0 }),
            cells: {
              profile,
              latency: `${latencyMs} ms`,
              concurrency: c === 'default' ? `${defaultConcurrency ?? '?'} (no flag)` : String(c),
            },
          });
        }
      }
    }
    return { rows, notes };
  },
  render: (rows, opts) =>
    markdownTable(
      ['profile', 'added RTT', 'concurrency', 'exit', 'admin', 'reseller', 'no key', '429s', 'wall', 'floor', 'wall/floor', 'requests x RTT', 'peak RSS (tree)'],
      rows.map(({ row, runs }) => {
        const r = medianRun(runs);
        return [
          row.cells.profile!,
          row.cells.latency!,
          row.cells.concurrency!,
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

/**
 * Prepared for the fleet mode (many runs in one process, sharing nothing but
 * the process; design.md): rows of 1, 4, 16 panels, each a fresh reference
 * server and key, with the same measures per panel and the tree's peak RSS
 * against the number of panels. Its rows are written when the CLI's fleet
 * interface exists; until then --only fleet says why nothing ran.
 */
const fleet: Section = {
  name: 'fleet',
  title: 'Fleet: many panels from one process',
  unavailable: (features) =>
    features.flags.has('--fleet') ? 'the CLI lists --fleet, but the bench\'s fleet rows are not written yet (bench/sections.ts)' : 'the CLI has no fleet mode yet (its --help lists no --fleet)',
  rows: () => ({ rows: [], notes: [] }),
  render: () => '',
};

export const SECTIONS: readonly Section[] = [rate, latency, fleet];
