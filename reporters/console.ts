// The end-of-run summary on the terminal. It is rendered from the same
// certification report as report.md, so both always agree on counts, warnings
// and verdict. Each failed or errored case ends with the curl command of the
// exchange that showed it, on a line of its own to copy.

import { exchangeSummary } from '../src/model/exchange.ts';
import { exchangeOf, failuresOf } from '../src/model/finding.ts';
import { groupBy } from '../src/model/group.ts';
import { countOutcomes, notRunByReason, OUTCOMES, type RunVerdict } from '../src/model/outcome.ts';
import type { CertificationReport, ReportCase } from '../src/model/report.ts';
import { redactKeys } from '../src/model/secrets.ts';
import { formatDuration, plural } from '../src/model/text.ts';
import { countsLine, notesOf, requestsLine } from './report-facts.ts';
import { oneLine } from './text.ts';

type Paint = (text: string) => string;

interface Palette {
  bold: Paint;
  dim: Paint;
  red: Paint;
  yellow: Paint;
  green: Paint;
}

export function renderConsoleSummary(report: CertificationReport, opts: { color: boolean }): string {
  const paint = palette(opts.color);
  const sections = [
    operationTable(report, paint),
    failures(report, paint),
    errors(report, paint),
    warnings(report, paint),
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

function failures(report: CertificationReport, paint: Palette): string[] {
  const failed = report.cases.filter((c) => c.outcome === 'failed');
  if (failed.length === 0) return [];
  return [
    paint.bold(paint.red(`Failures (${failed.length})`)),
    ...failed.flatMap((c) => [
      `  ${paint.red('✗')} ${value(c.title)} ${paint.dim(`[${value(c.id)}]`)}`,
      ...failuresOf(c, report).flatMap((f) => {
        const exchange = exchangeOf(c, f);
        return [
          `    ${paint.bold(value(f.requirement))}: ${value(f.message)}`,
          ...(exchange ? [`      ${value(exchangeSummary(exchange))}`] : []),
        ];
      }),
      ...curlLines(c),
    ]),
  ];
}

function errors(report: CertificationReport, paint: Palette): string[] {
  const errored = report.cases.filter((c) => c.outcome === 'error');
  if (errored.length === 0) return [];
  return [
    paint.bold(paint.yellow(`Suite errors: the suite's own fault, not the server's (${errored.length})`)),
    ...errored.flatMap((c) => [
      `  ${paint.yellow('!')} ${value(c.title)} ${paint.dim(`[${value(c.id)}]`)}`,
      `    ${value(c.reason ?? 'no reason given')}`,
      ...curlLines(c),
    ]),
  ];
}

function warnings(report: CertificationReport, paint: Palette): string[] {
  if (report.warnings.length === 0) return [];
  return [
    paint.bold(paint.yellow(`Warnings: failed conventions (inferred; failures under --strict)${report.lenient ? ' and standard requirements (--lenient)' : ''} (${report.warnings.length})`)),
    ...report.warnings.map((w) => {
      const where = w.exchange ? `  ${paint.dim(value(w.exchange))}` : '';
      return `  ${paint.yellow('⚠')} ${value(w.requirement)} ${value(w.caseId)}: ${value(w.message)}${where}`;
    }),
  ];
}

function notes(report: CertificationReport, paint: Palette): string[] {
  const all = notesOf(report);
  if (all.length === 0) return [];
  return [paint.bold(`Notes: changes to others' records the run cannot prove it caused (${all.length})`), ...all.map((n) => `  ${paint.dim('-')} ${value(n.caseId)}: ${value(n.message)}`)];
}

function notRun(report: CertificationReport, paint: Palette): string[] {
  const groups = [...notRunByReason(report.cases)];
  if (groups.length === 0) return [];
  return [
    paint.bold('Not run'),
    ...groups.map(([reason, cases]) => `  ${paint.dim('-')} ${value(reason)} ${paint.dim(`(${plural(cases.length, 'case')})`)}`),
  ];
}

function totals(report: CertificationReport, paint: Palette): string[] {
  return [
    value(countsLine(report)),
    value(requestsLine(report)),
    `wall time ${formatDuration(report.durationMs)}, run id ${value(report.runId)}, seed ${report.seed} (replay with --seed ${report.seed})`,
    `Verdict: ${verdictPaint(report.verdict, paint)(report.verdict)} (${value(report.verdictScope)})`,
  ];
}

function verdictPaint(verdict: RunVerdict, paint: Palette): Paint {
  const color = verdict === 'CONFORMANT' ? paint.green : verdict === 'NOT CONFORMANT' ? paint.red : paint.yellow;
  return (text) => paint.bold(color(text));
}

/** A command is redacted again but kept whole: one line would alter a body. */
function curlLines(c: ReportCase): string[] {
  return c.exchanges.flatMap((exchange) => (exchange.curl ? [`    ${redactKeys(exchange.curl)}`] : []));
}

/** Every value shown passes the redaction again, and fits one line. */
function value(text: string): string {
  return oneLine(redactKeys(text));
}

function palette(color: boolean): Palette {
  const sgr = (code: number): Paint => (color ? (text) => `\u001b[${code}m${text}\u001b[0m` : (text) => text);
  return { bold: sgr(1), dim: sgr(2), red: sgr(31), yellow: sgr(33), green: sgr(32) };
}
