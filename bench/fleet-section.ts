// The fleet section: one CLI over 1, 5, 20 panels (--panels), each its own
// reference server and key, against the run of one panel: how its wall time
// and memory grow with the panels.
import { fleetRow, type FleetMeasure } from './fleet-row.ts';
import { exitCell, markdownTable, medianRun, peakRssCell, rateLimitedCell, seconds, wallCell } from './markdown.ts';
import type { Section } from './section.ts';

const PROFILE = 'default';
/** Targets: N panels take at most this many times one panel's wall... */
const WALL_RATIO_TARGET = 1.3;
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

const cpuCell = (r: FleetMeasure) => `${r.cpuSeconds === null ? 'n/a' : seconds(r.cpuSeconds * 1000)} + ${seconds(r.serversCpuSeconds * 1000)}`;

export const fleet: Section = {
  name: 'fleet',
  title: 'Fleet: many panels from one process (--targets)',
  unavailable: (features) => (features.flags.has('--targets') ? undefined : 'the CLI has no fleet mode (its --help lists no --targets)'),
  plan: async (opts) => {
    const rows = opts.panels.map((panels) => fleetRow({ panels, profile: PROFILE }));
    const one = rows.find((r) => r.spec.panels === 1);
    return {
      rows,
      notes: one ? [] : ['wall / 1 panel and RSS per added panel need a fleet of 1 in --panels: shown as -.'],
      render: (runsOf) => {
        const base = one && runsOf(one).length ? { wallMs: medianRun(runsOf(one)).wallMs, rss: peakOf(runsOf(one)) } : undefined;
        const verdicts: string[] = [];
        const table = markdownTable(
          [
            'panels',
            'exit',
            'wall',
            `wall / 1 panel (target <= ${WALL_RATIO_TARGET})`,
            'peak RSS (tree)',
            `RSS per added panel (target < ${megabytes(RSS_PER_PANEL_TARGET_BYTES)})`,
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
            if (base && n > 1) {
              const wallRatio = r.wallMs / base.wallMs;
              const rssPerPanel = (peakOf(runs) - base.rss) / (n - 1);
              ratio = `${wallRatio.toFixed(2)} (${verdict(wallRatio <= WALL_RATIO_TARGET)})`;
              perPanel = Number.isNaN(rssPerPanel) ? 'n/a' : `${megabytes(rssPerPanel)} (${verdict(rssPerPanel < RSS_PER_PANEL_TARGET_BYTES)})`;
              verdicts.push(`${n} panels: wall ${ratio}, RSS per added panel ${perPanel}`);
            }
            return [String(n), exitCell(runs), wallCell(runs), ratio, peakRssCell(runs), perPanel, perPanelCell(r), rateLimitedCell(r), cpuCell(r)];
          }),
        );
        return [
          table,
          '',
          `Each panel its own reference server and key at ${opts.limit} per ${opts.windowMs / 1000} s, ${PROFILE} profile; one CLI process with --targets over them; rows run one at a time, alone. ` +
            "The reference servers run inside the bench process: they share the machine's CPU with the CLI (as the one server of the other sections does).",
          `RSS per added panel: (peak RSS of N panels - peak RSS of 1) / (N - 1), in MB (10^6 bytes); peak RSS in MiB. requests and 429s: what the servers logged, summed over the panels. CPU: seconds used by the CLI's tree and by the bench process (the servers) during the run.`,
          ...(verdicts.length ? [`Targets: ${verdicts.join('; ')}.`] : []),
        ].join('\n');
      },
    };
  },
};
