// report.md: the certification report for people, rendered from report.json.
// Server-controlled text (messages, bodies) is escaped so it cannot inject
// Markdown or HTML; exchanges, and the curl command under each that showed a
// failure, go in code fences longer than any backtick run they contain.

import { renderExchangeText } from './exchange-text.ts';
import { failuresOf, type FailurePolicy } from '../src/model/finding.ts';
import { notRunByReason, OUTCOMES } from '../src/model/outcome.ts';
import { redactKeys } from '../src/model/secrets.ts';
import {
  caseAnchor,
  countsLine,
  ERROR_INTRO,
  FAILED_INTRO,
  FAILED_REQUIREMENTS_INTRO,
  failedRequirements,
  NOTES_INTRO,
  notesOf,
  REPORT_TITLE,
  requestsLine,
  runFacts,
} from './report-facts.ts';
import type { CertificationReport, ReportCase, ReportEvidence } from '../src/model/report.ts';
import { formatDuration, plural } from '../src/model/text.ts';
import type { Undo } from '../src/model/undo.ts';
import { oneLine } from './text.ts';

/** What failed comes first, open: the failed requirements, each linking to
 *  its cases, then those cases with every exchange and curl command; the
 *  full requirement table, coverage and what did not run follow. */
export function renderMarkdown(report: CertificationReport): string {
  return (
    [
      `# ${REPORT_TITLE}: ${report.verdict}`,
      table(
        ['Run', ''],
        runFacts(report).map(([label, value]) => [text(label), label === 'Verdict' ? `**${text(value)}**` : text(value)]),
      ),
      `${text(countsLine(report))}.  \n${text(requestsLine(report))}.`,
      ...failedRequirementList(report),
      ...caseSection(
        'Failed cases',
        FAILED_INTRO,
        report.cases.filter((c) => c.outcome === 'failed'),
        report,
      ),
      ...caseSection(
        'Suite errors',
        ERROR_INTRO,
        report.cases.filter((c) => c.outcome === 'error'),
        report,
      ),
      `## Warnings (${report.warnings.length})`,
      report.warnings.length === 0
        ? 'None.'
        : table(
            ['Requirement', 'Case', 'Message', 'Exchange'],
            report.warnings.map((w) => [code(w.requirement), code(w.caseId), text(w.message), w.exchange ? code(w.exchange) : '']),
          ),
      ...noteSection(report),
      '## Requirements',
      table(
        ['ID', 'Level', 'Statement', 'Source', 'Result', 'Evidence'],
        report.requirements.map((r) => [
          code(r.id),
          r.level,
          text(r.statement),
          text(r.source),
          r.result === 'failed' || r.result === 'warning' ? `**${r.result}**` : r.result,
          r.evidence.map(evidence).join('<br>'),
        ]),
      ),
      '## Coverage per operation',
      table(
        ['Operation', 'Group', ...OUTCOMES],
        report.coverage.map((row) => [code(row.operationId), code(row.group), ...OUTCOMES.map((o) => String(row.cases[o]))]),
      ),
      '## Not run',
      notRunList(report.cases),
    ].join('\n\n') + '\n'
  );
}

function noteSection(report: CertificationReport): string[] {
  const notes = notesOf(report);
  if (notes.length === 0) return [];
  return [
    `## Notes (${notes.length})`,
    text(NOTES_INTRO),
    table(
      ['Case', 'Note'],
      notes.map((n) => [code(n.caseId), text(n.message)]),
    ),
  ];
}

function failedRequirementList(report: CertificationReport): string[] {
  const failed = failedRequirements(report);
  if (failed.length === 0) return [];
  return [
    `## Failed requirements (${failed.length})`,
    text(FAILED_REQUIREMENTS_INTRO),
    failed
      .map(
        ({ requirement: r, cases }) =>
          `- **${code(r.id)}** (${r.level}): ${text(r.statement)} Failing: ${cases.map((c) => `[${code(c.id)}](#${caseAnchor(c.id)})`).join(', ')}`,
      )
      .join('\n'),
  ];
}

function caseSection(title: string, intro: string, cases: ReportCase[], policy: FailurePolicy): string[] {
  if (cases.length === 0) return [];
  return [`## ${title} (${cases.length})`, text(intro), ...cases.map((c) => caseBlock(c, policy))];
}

function caseBlock(c: ReportCase, policy: FailurePolicy): string {
  const lines = [
    `<a id="${caseAnchor(c.id)}"></a>`,
    '',
    `### ${text(c.title)}`,
    `${code(c.id)}: ${code(c.group)}, ${c.kind}, credential ${c.credential}, ${formatDuration(c.durationMs)}`,
  ];
  if (c.reason) lines.push('', `Reason: ${text(c.reason)}`);
  const failures = failuresOf(c, policy);
  if (failures.length > 0) {
    lines.push('', ...failures.map((f) => `- ${code(f.requirement)} (${f.level}): ${text(f.message)}`));
  }
  c.exchanges.forEach((exchange, index) => {
    lines.push('', `Exchange ${index + 1} of ${c.exchanges.length}:`, '', fenced(renderExchangeText(exchange)));
    if (exchange.curl) lines.push('', 'Reproduce:', '', fenced(exchange.curl, 'sh'));
    if (exchange.curl && exchange.undo) lines.push(...undoLines(exchange.undo));
  });
  return lines.join('\n');
}

function notRunList(cases: ReportCase[]): string {
  const groups = [...notRunByReason(cases)];
  if (groups.length === 0) return 'Every case ran.';
  return groups.map(([reason, group]) => `- ${text(reason)} (${plural(group.length, 'case')}): ${group.map((c) => code(c.id)).join(', ')}`).join('\n');
}

function evidence(e: ReportEvidence): string {
  return `${code(e.caseId)}: ${text(e.message)}${e.exchange ? ` (${code(e.exchange)})` : ''}`;
}

export function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Inline text: one line, Markdown and HTML specials escaped. */
export function text(value: string): string {
  return oneLine(redactKeys(value)).replace(/[\\`*_[\]<>|~]/g, '\\$&');
}

/** Inline code for identifiers and exchange summaries; a value that holds a
 *  backtick or a pipe falls back to escaped text. */
export function code(value: string): string {
  const clean = oneLine(redactKeys(value));
  return /[`|]/.test(clean) ? text(clean) : `\`${clean}\``;
}

/** What pasting a reproduction creates, and the command that removes it. */
function undoLines(undo: Undo): string[] {
  const head = `Creates ${text(undo.creates)} once the panel accepts it`;
  return undo.curl ? ['', `${head}; remove it with:`, '', fenced(undo.curl, 'sh')] : ['', `${head}; ${text(undo.note ?? 'no call of the API removes it')}.`];
}

function fenced(block: string, language = 'text'): string {
  const safe = redactKeys(block);
  const longestRun = Math.max(2, ...[...safe.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${language}\n${safe}\n${fence}`;
}
