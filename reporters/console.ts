// The end-of-run summary on the terminal. It is rendered from the same
// certification report as report.md, so both always agree on counts, warnings
// and verdict. It leads with what failed, by requirement: one example case in
// full, ending with the curl command of the exchange that showed it on a line
// of its own to copy, and the other cases one line each, a few of them
// (--verbose: every failed case in full).

import { exchangeSummary } from '../src/model/exchange.ts';
import { exchangeOf, failuresOf } from '../src/model/finding.ts';
import { groupBy } from '../src/model/group.ts';
import { countOutcomes, notRunByReason, OUTCOMES, type RunVerdict } from '../src/model/outcome.ts';
import type { CertificationReport, ReportCase, ReportExchange } from '../src/model/report.ts';
import { redactKeys } from '../src/model/secrets.ts';
import { formatDuration, plural } from '../src/model/text.ts';
import { undoText } from '../src/model/undo.ts';
import { countsLine, failedRequirements, levelsLine, notesOf, requestsLine, warnedRequirements } from './report-facts.ts';
import { oneLine } from './text.ts';

/** Cases listed one line each under a requirement, beyond its example. */
const LISTED = 5;

type Paint = (text: string) => string;

interface Palette {
  bold: Paint;
  dim: Paint;
  red: Paint;
  yellow: Paint;
  green: Paint;
}

export interface ConsoleOptions {
  color: boolean;
  /** Every failed case and every warning in full (--verbose). */
  verbose?: boolean;
}

export function renderConsoleSummary(report: CertificationReport, opts: ConsoleOptions): string {
  const paint = palette(opts.color);
  const verbose = opts.verbose ?? false;
  const sections = [
    operationTable(report, paint),
    failedRequirementDigest(report, paint, verbose),
    verbose ? failures(report, paint) : [],
    errors(report, paint),
    warnings(report, paint, verbose),
    notes(report, paint),
    notRun(report, paint),
    totals(report, paint),
  ];
  // No trailing newline: callers print it with console.log.
  return sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n');
}

function operationTable(report: CertificationReport, paint: Palette): string[] {
  const rows = [...groupBy(report.cases, (c) => c.group)].map(([group, cases]) => ({
    group: value(group),
    counts: countOutcomes(cases),
  }));
  const width = Math.max('operation'.length, ...rows.map((row) => row.group.length));
  const header = ['operation'.padEnd(width), ...OUTCOMES.map((o) => o.padStart(8))].join(' ');
  return [
    paint.bold(header),
    ...rows.map((row) =>
      [
        row.group.padEnd(width),
        ...OUTCOMES.map((o) => {
          const cell = String(row.counts[o]).padStart(8);
          if (row.counts[o] === 0) return paint.dim(cell);
          return o === 'failed' ? paint.red(cell) : o === 'error' ? paint.yellow(cell) : cell;
        }),
      ].join(' '),
    ),
  ];
}

/** Each failed requirement, by its ID and level, with how many cases show
 *  it; unless verbose, one of them in full and a few more one line each. */
function failedRequirementDigest(report: CertificationReport, paint: Palette, verbose: boolean): string[] {
  const failed = failedRequirements(report);
  if (failed.length === 0) return [];
  return [
    paint.bold(paint.red(`Failed requirements (${failed.length})`)),
    ...failed.flatMap(({ requirement: r, cases }) => {
      const head = `  ${paint.red('✗')} ${paint.bold(value(r.id))} (${r.level}) in ${plural(cases.length, 'case')}: ${value(r.statement)}`;
      if (verbose || cases.length === 0) return [head];
      const [example, ...others] = cases;
      return [
        head,
        ...caseLines(example, report, paint, r.id).map((line) => `  ${line}`),
        ...capped(
          others.map((c) => `    - ${value(c.title)} ${paint.dim(`[${value(c.id)}]`)}: ${oneFailure(c, r.id, report)}`),
          (n) => `    and ${plural(n, 'more case')} (--verbose prints every case in full; so does report.md)`,
        ),
      ];
    }),
  ];
}

/** Every failed case in full (--verbose). */
function failures(report: CertificationReport, paint: Palette): string[] {
  const failed = report.cases.filter((c) => c.outcome === 'failed');
  if (failed.length === 0) return [];
  return [paint.bold(paint.red(`Failures (${failed.length})`)), ...failed.flatMap((c) => caseLines(c, report, paint))];
}

/** A failed case in full: its title, each failure (of `requirement` only,
 *  when given) with the exchange that showed it, and the curl commands of
 *  those exchanges. */
function caseLines(c: ReportCase, report: CertificationReport, paint: Palette, requirement?: string): string[] {
  const shown = failuresOf(c, report).filter((f) => requirement === undefined || f.requirement === requirement);
  // A failure that names no exchange is shown by the case's last (reproduce.ts).
  const showing = new Set(shown.map((f) => f.exchange ?? c.exchanges.length - 1));
  return [
    `  ${paint.red('✗')} ${value(c.title)} ${paint.dim(`[${value(c.id)}]`)}`,
    ...shown.flatMap((f) => {
      const exchange = exchangeOf(c, f);
      return [`    ${paint.bold(value(f.requirement))}: ${value(f.message)}`, ...(exchange ? [`      ${value(exchangeSummary(exchange))}`] : [])];
    }),
    ...curlLines(requirement === undefined ? c.exchanges : c.exchanges.filter((_, i) => showing.has(i))),
  ];
}

/** What a case showed of one requirement, on one line. */
function oneFailure(c: ReportCase, requirement: string, report: CertificationReport): string {
  const finding = failuresOf(c, report).find((f) => f.requirement === requirement);
  if (!finding) return value(c.reason ?? 'failed');
  const exchange = exchangeOf(c, finding);
  return `${value(finding.message)}${exchange ? ` (${value(exchangeSummary(exchange))})` : ''}`;
}

/** The first LISTED lines, and one that counts the rest. */
function capped(lines: string[], more: (n: number) => string): string[] {
  return lines.length <= LISTED ? lines : [...lines.slice(0, LISTED), more(lines.length - LISTED)];
}

function errors(report: CertificationReport, paint: Palette): string[] {
  const errored = report.cases.filter((c) => c.outcome === 'error');
  if (errored.length === 0) return [];
  return [
    paint.bold(paint.yellow(`Suite errors: the suite's own fault, not the server's (${errored.length})`)),
    ...errored.flatMap((c) => [
      `  ${paint.yellow('!')} ${value(c.title)} ${paint.dim(`[${value(c.id)}]`)}`,
      `    ${value(c.reason ?? 'no reason given')}`,
      ...curlLines(c.exchanges),
    ]),
  ];
}

/** Grouped by requirement; unless verbose, a few cases of each. */
function warnings(report: CertificationReport, paint: Palette, verbose: boolean): string[] {
  if (report.warnings.length === 0) return [];
  return [
    paint.bold(
      paint.yellow(
        `Warnings: failed conventions (inferred; failures under --strict)${report.lenient ? ' and standard requirements (--lenient)' : ''} (${report.warnings.length})`,
      ),
    ),
    ...warnedRequirements(report).flatMap(({ requirement: r, warnings: group }) => {
      const lines = group.map((w) => `    - ${value(w.caseId)}: ${value(w.message)}${w.exchange ? `  ${paint.dim(value(w.exchange))}` : ''}`);
      return [
        `  ${paint.yellow('⚠')} ${value(r.id)} (${r.level}) in ${plural(group.length, 'case')}`,
        ...(verbose ? lines : capped(lines, (n) => `    and ${n} more (--verbose prints them all)`)),
      ];
    }),
  ];
}

function notes(report: CertificationReport, paint: Palette): string[] {
  const all = notesOf(report);
  if (all.length === 0) return [];
  return [
    paint.bold(`Notes: changes to others' records the run cannot prove it caused (${all.length})`),
    ...all.map((n) => `  ${paint.dim('-')} ${value(n.caseId)}: ${value(n.message)}`),
  ];
}

function notRun(report: CertificationReport, paint: Palette): string[] {
  const groups = [...notRunByReason(report.cases)];
  if (groups.length === 0) return [];
  return [paint.bold('Not run'), ...groups.map(([reason, cases]) => `  ${paint.dim('-')} ${value(reason)} ${paint.dim(`(${plural(cases.length, 'case')})`)}`)];
}

function totals(report: CertificationReport, paint: Palette): string[] {
  return [
    value(countsLine(report)),
    value(requestsLine(report)),
    `wall time ${formatDuration(report.durationMs)}, run id ${value(report.runId)}, seed ${report.seed} (replay with --seed ${report.seed})`,
    `levels: ${levelsLine(report)}`,
    `Verdict: ${verdictPaint(report.verdict, paint)(report.verdict)} (${value(report.verdictScope)})`,
  ];
}

function verdictPaint(verdict: RunVerdict, paint: Palette): Paint {
  const color = verdict === 'CONFORMANT' ? paint.green : verdict === 'NOT CONFORMANT' ? paint.red : paint.yellow;
  return (text) => paint.bold(color(text));
}

/** A command is redacted again but kept whole: one line would alter a body. */
function curlLines(exchanges: readonly ReportExchange[]): string[] {
  return exchanges.flatMap((exchange) =>
    exchange.curl ? [`    ${redactKeys(exchange.curl)}`, ...(exchange.undo ? [`    # ${value(undoText(exchange.undo))}`] : [])] : [],
  );
}

/** Every value shown passes the redaction again, and fits one line. */
function value(text: string): string {
  return oneLine(redactKeys(text));
}

function palette(color: boolean): Palette {
  const sgr = (code: number): Paint => (color ? (text) => `\u001b[${code}m${text}\u001b[0m` : (text) => text);
  return { bold: sgr(1), dim: sgr(2), red: sgr(31), yellow: sgr(33), green: sgr(32) };
}
