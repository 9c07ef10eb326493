// Markdown tables that read as tables in a terminal too (padded columns),
// and the figures' formats, shared by every section.
import type { Measured } from './row.ts';

export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => `| ${c.map((s, i) => s.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export const mebibytes = (bytes: number | null): string => (bytes === null ? 'n/a' : `${Math.round(bytes / 2 ** 20)} MiB`);

/** The median of some figures (the lower one of an even count); undefined for none. */
export function medianOf(values: readonly number[]): number | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The run a row reports: the median by wall time (the lower one of an even count). */
export function medianRun<M extends Measured>(runs: readonly M[]): M {
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Wall time of the median run, with the spread when there were several, and
 *  a mark when it shared the machine with other rows of the bench. */
export function wallCell(runs: readonly Measured[]): string {
  const median = medianRun(runs);
  const walls = runs.map((r) => r.wallMs);
  const spread = runs.length > 1 ? ` (${seconds(Math.min(...walls))}-${seconds(Math.max(...walls))}, ${runs.length} runs)` : '';
  const beside = runs.some((r) => r.startedBeside > 0) ? ' *' : '';
  return `${seconds(median.wallMs)}${spread}${beside}`;
}

export function ratioCell(run: { wallMs: number; floorMs: number }): string {
  return run.floorMs ? (run.wallMs / run.floorMs).toFixed(2) : '- (fits one window)';
}

export function rateLimitedCell(run: { rateLimited: number; reportedRateLimited: number | null }): string {
  const reported = run.reportedRateLimited !== null && run.reportedRateLimited !== run.rateLimited ? ` (CLI counted ${run.reportedRateLimited})` : '';
  return `${run.rateLimited}${reported}`;
}

export function exitCell(runs: readonly Measured[]): string {
  const codes = [...new Set(runs.map((r) => String(r.exit)))];
  return codes.join('/');
}

/** Largest peak over the row's runs: memory is a bound, not a typical value. */
export function peakRssCell(runs: readonly Measured[]): string {
  const peaks = runs.map((r) => r.peakRssBytes).filter((b): b is number => b !== null);
  return peaks.length ? mebibytes(Math.max(...peaks)) : 'n/a';
}
