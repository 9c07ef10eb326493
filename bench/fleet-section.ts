// The fleet section: one CLI over 1, 5, 20 panels (--panels), each its own
// reference server and key behind a round trip (--fleet-latency), against
// the run of one panel: how its wall time, CPU and memory grow with the panels.
import { fleetRow, type FleetMeasure } from './fleet-row.ts';
import { exitCell, markdownTable, medianOf, medianRun, peakRssCell, rateLimitedCell, seconds, wallCell } from './markdown.ts';
import type { Section } from './section.ts';

const PROFILE = 'default';
/** Targets: N panels take at most this many times one panel's wall... */
const WALL_RATIO_TARGET = 1.2;
/** ...each added request at most this much CPU of the CLI (ms)... */
const CPU_PER_REQUEST_TARGET_MS = 1;
/** ...and each added panel less than this much more peak RSS (MB: 10^6 bytes). */
const RSS_PER_PANEL_TARGET_BYTES = 15e6;

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const verdict = (met: boolean) => (met ? 'met' : 'missed');

/** The largest peak over the runs, as peakRssCell shows it. */
const peakOf = (runs: readonly FleetMeasure[]) => Math.max(...runs.map((r) => r.peakRssBytes ?? Number.NaN));

function perPanelCell(r: FleetMeasure): string {
  const counts = r.perPanel.map((p) => p.requests.admin + p.requests.reseller + p.requests.anonymous);
  const [min, max] = [Math.min(...counts), Math.max(...counts)];
  return `${r.requests} (${min === max ? min : `${min}-${max}`} per panel)`;
}

/** The median of the runs' CLI CPU (undefined when /proc gave none): each
 *  measure's own median, as the run of median wall time may have had a
 *  slow minute of this machine's CPU. */
const medianCpuSeconds = (runs: readonly FleetMeasure[]) => medianOf(runs.flatMap((r) => (r.cpuSeconds === null ? [] : [r.cpuSeconds])));

/** The CLI's CPU per request beyond one panel's: what a panel more costs, start-up aside. */
function cpuPerAddedRequestMs(runs: readonly FleetMeasure[], one: readonly FleetMeasure[]): number | undefined {
  const [cpu, oneCpu] = [medianCpuSeconds(runs), medianCpuSeconds(one)];
  const added = runs[0].requests - one[0].requests;
  if (cpu === undefined || oneCpu === undefined || added <= 0) return undefined;
  return ((cpu - oneCpu) * 1000) / added;
}

/** The medians of the runs' CPU: the CLI's tree, and the servers'. */
function cpuCell(runs: readonly FleetMeasure[]): string {
  const cli = medianCpuSeconds(runs);
  const servers = medianOf(runs.map((r) => r.serversCpuSeconds))!;
  return `${cli === undefined ? 'n/a' : seconds(cli * 1000)} + ${seconds(servers * 1000)}`;
}

export const fleet: Section = {
  name: 'fleet',
  title: 'Fleet: many panels from one process (--targets)',
  unavailable: (features) => (features.flags.has('--targets') ? undefined : 'the CLI has no fleet mode (its --help lists no --targets)'),
  plan: async (opts) => {
    const rows = opts.panels.map((panels) => fleetRow({ panels, profile: PROFILE, latencyMs: opts.fleetLatencyMs }));
    const one = rows.find((r) => r.spec.panels === 1);
    return {
      rows,
      notes: one ? [] : ['wall / 1 panel and RSS per added panel need a fleet of 1 in --panels: shown as -.'],
      render: (runsOf) => {
        const base = one && runsOf(one).length ? { runs: runsOf(one), run: medianRun(runsOf(one)), rss: peakOf(runsOf(one)) } : undefined;
        const verdicts: string[] = [];
        const table = markdownTable(
          [
            'panels',
            'exit',
            'first request',
            'wall',
            `wall / 1 panel (target <= ${WALL_RATIO_TARGET})`,
            'peak RSS (tree)',
            `RSS per added panel (target < ${megabytes(RSS_PER_PANEL_TARGET_BYTES)})`,
            `CLI CPU per added request (target <= ${CPU_PER_REQUEST_TARGET_MS} ms)`,
            'requests',
            '429s',
            'CPU: CLI tree + servers',
          ],
          rows.map((row) => {
            const runs = runsOf(row);
            if (!runs.length) return [String(row.spec.panels), 'did not run'];
            const r = medianRun(runs);
            const n = row.spec.panels;
            let ratio = '-';
            let perPanel = '-';
            let perRequest = '-';
            if (base && n > 1) {
              const wallRatio = r.wallMs / base.run.wallMs;
              const cpuMs = cpuPerAddedRequestMs(runs, base.runs);
              perRequest = cpuMs === undefined ? 'n/a' : `${cpuMs.toFixed(2)} ms (${verdict(cpuMs <= CPU_PER_REQUEST_TARGET_MS)})`;
              const rssPerPanel = (peakOf(runs) - base.rss) / (n - 1);
              ratio = `${wallRatio.toFixed(2)} (${verdict(wallRatio <= WALL_RATIO_TARGET)})`;
              perPanel = Number.isNaN(rssPerPanel) ? 'n/a' : `${megabytes(rssPerPanel)} (${verdict(rssPerPanel < RSS_PER_PANEL_TARGET_BYTES)})`;
              verdicts.push(`${n} panels: wall ${ratio}, CPU per added request ${perRequest}, RSS per added panel ${perPanel}`);
            }
            const first = r.firstRequestMs === null ? 'n/a' : seconds(r.firstRequestMs);
            return [
              String(n),
              exitCell(runs),
              first,
              wallCell(runs),
              ratio,
              peakRssCell(runs),
              perPanel,
              perRequest,
              perPanelCell(r),
              rateLimitedCell(r),
              cpuCell(runs),
            ];
          }),
        );
        return [
          table,
          '',
          `Each panel its own reference server and key at ${opts.limit} per ${opts.windowMs / 1000} s, ${opts.fleetLatencyMs} ms added to every round trip, ${PROFILE} profile; one CLI process with --targets over them; rows run one at a time, alone. ` +
            "The reference servers run inside the bench process: they share the machine's CPU with the CLI (as the one server of the other sections does).",
          `first request: from spawning the CLI to the first request a server saw. RSS per added panel: (peak RSS of N panels - peak RSS of 1) / (N - 1), in MB (10^6 bytes); peak RSS in MiB. CLI CPU per added request: (median CPU of the CLI's tree over the runs of N panels - over those of 1) / (requests of N - of 1). requests and 429s: what the servers logged, summed over the panels. CPU: seconds used by the CLI's tree and by the bench process (the servers) during a run, each the median over the runs.`,
          ...(verdicts.length ? [`Targets: ${verdicts.join('; ')}.`] : []),
        ].join('\n');
      },
    };
  },
};
