// GitHub Actions' own outputs of a run, rendered from its report (or a
// fleet's): workflow commands that annotate the job, one per failed
// requirement (::error) or warned one (::warning), and the Markdown job
// summary. Where they go (stdout, $GITHUB_STEP_SUMMARY) is the CLI's.

import type { FleetPanel, FleetReport } from '../src/model/fleet.ts';
import { exchangeOf, failuresOf } from '../src/model/finding.ts';
import type { CertificationReport, ReportRequirement } from '../src/model/report.ts';
import { exchangeSummary } from '../src/model/exchange.ts';
import { redactKeys } from '../src/model/secrets.ts';
import { plural } from '../src/model/text.ts';
import { FLEET_TITLE, fleetLine } from './fleet-text.ts';
import { countsLine, failedRequirements, REPORT_TITLE, requestsLine, runFacts, verdictLine, warnedRequirements } from './report-facts.ts';
import { code, table, text } from './report-md.ts';
import { oneLine } from './text.ts';

/** Annotations per level; GitHub itself shows only the first few per step. */
const MAX_ANNOTATIONS = 20;

/** A workflow command's message: `%`, CR and LF escaped. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value (title=, file=): as data, and `:`
 *  and `,` too, which end a property. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface Annotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
}

/** `::error title=RES-CREATE-201 (documented)::expected 201, got 200 ...`;
 *  every key is redacted again. */
export function workflowCommand({ level, title, message }: Annotation): string {
  return `::${level} title=${escapeProperty(redactKeys(title))}::${escapeData(redactKeys(message))}`;
}

/** At most MAX_ANNOTATIONS commands of each level, then one that says how
 *  many more there are and where they are. */
export function annotationCommands(annotations: readonly Annotation[]): string[] {
  return (['error', 'warning'] as const).flatMap((level) => {
    const all = annotations.filter((a) => a.level === level);
    const shown = all.slice(0, MAX_ANNOTATIONS).map(workflowCommand);
    const more = all.length - shown.length;
    if (more <= 0) return shown;
    const what = level === 'error' ? 'failed requirement' : 'warned requirement';
    return [
      ...shown,
      workflowCommand({
        level,
        title: `${plural(more, `more ${what}`)}`,
        message: `${plural(more, what)} not annotated here: see the job summary and report.md`,
      }),
    ];
  });
}

/** What to annotate, and how the regression gate counts the failures. */
export interface AnnotationOptions {
  /** A fleet's panel: named in every title. */
  panel?: string;
  /** Failed requirements the gate already knows (--baseline,
   *  --expect-failures): warnings, since they do not fail the job. */
  known?: ReadonlySet<string>;
}

/** One annotation per failed requirement and one per warned requirement:
 *  the ID and level as the title; what was expected and what came back in
 *  the first case, that case and how many more. */
export function requirementAnnotations(report: CertificationReport, opts: AnnotationOptions = {}): Annotation[] {
  const titled = (r: ReportRequirement, known = false) => `${opts.panel ? `${opts.panel}: ` : ''}${r.id} (${r.level}${known ? ', known' : ''})`;
  const failed = failedRequirements(report).map(({ requirement: r, cases }): Annotation => {
    const known = opts.known?.has(r.id) ?? false;
    const first = cases[0];
    const finding = first && failuresOf(first, report).find((f) => f.requirement === r.id);
    const exchange = first && finding && exchangeOf(first, finding);
    const shown = finding ? `${finding.message}${exchange ? ` (${exchangeSummary(exchange)})` : ''}` : r.statement;
    const where = first ? `; case ${first.id}: ${first.title}${cases.length > 1 ? `, and ${plural(cases.length - 1, 'more case')}` : ''}` : '';
    return {
      level: known ? 'warning' : 'error',
      title: titled(r, known),
      message: oneLine(`${known ? 'known failure (regression gate): ' : ''}${shown}${where}`),
    };
  });
  const warned = warnedRequirements(report).map(({ requirement: r, warnings }): Annotation => {
    const first = warnings[0];
    const shown = first
      ? `${first.message}${first.exchange ? ` (${first.exchange})` : ''}; case ${first.caseId}${warnings.length > 1 ? `, and ${plural(warnings.length - 1, 'more case')}` : ''}`
      : r.statement;
    return { level: 'warning', title: titled(r), message: oneLine(shown) };
  });
  return [...failed, ...warned];
}

/** A fleet's annotations: each panel's, named by it; a panel that was not
 *  tested is one error with the reason. */
export function fleetAnnotations(panels: readonly (FleetPanel & { known?: ReadonlySet<string> })[]): Annotation[] {
  return panels.flatMap(({ name, report, notRun, known }): Annotation[] =>
    notRun ? [{ level: 'error', title: `${name}: not tested`, message: notRun.reason }] : requirementAnnotations(report, { panel: name, known }),
  );
}

/** What the CLI knows of a run beyond its report. */
export interface SummaryFacts {
  /** The outputs written, as the console's `written:` lines name them. */
  written: readonly string[];
  /** The regression gate's lines, when there is a gate. */
  gate?: readonly string[];
  /** Why the panel was not tested (the preflight refused it). */
  notTested?: string;
}

/** The job summary of one panel's run: the verdict, the panel, the seed,
 *  where the reports are, and each failed or warned requirement with how
 *  many cases show it. */
export function jobSummary(report: CertificationReport, facts: SummaryFacts): string {
  const shown = new Set(['Target', 'Seed', 'Run ID', 'Levels']);
  const rows: [string, string][] = [
    ...runFacts(report).filter(([label]) => shown.has(label)),
    ...(facts.notTested ? [['Not tested', facts.notTested] as [string, string]] : []),
    ['Cases', countsLine(report)],
    ['Requests', requestsLine(report)],
    ['Reports', writtenText(facts.written)],
  ];
  return (
    [
      `## ${REPORT_TITLE}: ${report.verdict}`,
      `**${text(verdictLine(report))}**`,
      table(
        ['Run', ''],
        rows.map(([label, value]) => [text(label), text(value)]),
      ),
      ...requirementTable(report),
      ...(facts.gate?.length ? ['### Regression gate', facts.gate.map((line) => `- ${text(line)}`).join('\n')] : []),
    ].join('\n\n') + '\n'
  );
}

/** The job summary of a fleet: its verdict, the seed, where the reports
 *  are, and a row per panel with its failed requirements and their cases. */
export function fleetJobSummary(fleet: FleetReport, panels: readonly FleetPanel[], facts: Pick<SummaryFacts, 'written'>): string {
  return (
    [
      `## ${FLEET_TITLE}: ${fleet.verdict}`,
      `**${text(fleetLine(fleet))}**`,
      table(
        ['Fleet', ''],
        [
          ['Seed', text(`${fleet.seed} (replay with --seed ${fleet.seed})`)],
          ['Reports', text(writtenText(facts.written))],
        ],
      ),
      table(
        ['Panel', 'Target', 'Verdict', 'Failed requirements (cases)', 'Run ID'],
        fleet.panels.map((row, i) => [
          text(row.name),
          code(row.baseUrl),
          row.verdict === 'CONFORMANT' ? text(row.verdict) : `**${text(row.verdict)}**`,
          row.reason !== null
            ? text(row.reason)
            : failedRequirements(panels[i].report)
                .map(({ requirement, cases }) => `${code(requirement.id)} (${cases.length})`)
                .join(', ') || '-',
          code(row.runId),
        ]),
      ),
    ].join('\n\n') + '\n'
  );
}

function requirementTable(report: CertificationReport): string[] {
  const failed = failedRequirements(report).map(({ requirement: r, cases }) => [code(r.id), r.level, String(cases.length), cases[0] ? code(cases[0].id) : '-']);
  const warned = warnedRequirements(report).map(({ requirement: r, warnings }) => [
    code(r.id),
    r.level,
    String(warnings.length),
    warnings[0] ? code(warnings[0].caseId) : '-',
  ]);
  const head = ['Requirement', 'Level', 'Cases', 'First case'];
  return [
    ...(failed.length ? [`### Failed requirements (${failed.length})`, table(head, failed)] : []),
    ...(warned.length ? [`### Warnings (${warned.length})`, table(head, warned)] : []),
  ];
}

function writtenText(written: readonly string[]): string {
  return written.length ? written.join('; ') : 'none written (--junit FILE, --report DIR)';
}
