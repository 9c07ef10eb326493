// report.html: the same report as report.md, as one self-contained page,
// in the same order: what failed first, nothing folded away.
// Inline CSS only; a Content-Security-Policy forbids scripts and every
// external load, so even a server body that slipped past escaping could not
// run or phone home.

import { exchangeSummary } from '../src/model/exchange.ts';
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
import type { CertificationReport, ReportCase, ReportEvidence, ReportExchange } from '../src/model/report.ts';
import { formatDuration, plural } from '../src/model/text.ts';

/** The opening every HTML report shares: a self-contained page (no request
 *  leaves it), its title, the verdict and the facts table. */
export function pageHead(title: string, verdict: string, style: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(`${title}: ${verdict}`)}</title>
<style>${style}</style>
</head>
<body>
<h1>${h(title)}</h1>
<p class="verdict ${verdictClass(verdict)}" id="verdict">${h(verdict)}</p>`;
}

/** The CSS class of a verdict (NOT CONFORMANT -> not-conformant). */
export function verdictClass(verdict: string): string {
  return verdict.toLowerCase().replace(' ', '-');
}

export function factsTable(facts: [string, string][]): string {
  return `<table class="facts">
${facts.map(([label, value]) => `<tr><th>${h(label)}</th><td>${h(value)}</td></tr>`).join('\n')}
</table>`;
}

function noteSection(report: CertificationReport): string {
  const notes = notesOf(report);
  if (notes.length === 0) return '';
  return `<h2>Notes (${notes.length})</h2>\n<p>${h(NOTES_INTRO)}</p>\n${table(
    ['Case', 'Note'],
    notes.map((n) => [`<code>${h(n.caseId)}</code>`, h(n.message)]),
  )}\n`;
}

export function renderHtml(report: CertificationReport): string {
  return `${pageHead(REPORT_TITLE, report.verdict, STYLE)}
<p class="scope">${h(`(${report.verdictScope})`)}</p>
${factsTable(runFacts(report))}
<p>${h(countsLine(report))}.<br>${h(requestsLine(report))}.</p>
${failedRequirementList(report)}
${caseSection(
  'Failed cases',
  FAILED_INTRO,
  report.cases.filter((c) => c.outcome === 'failed'),
  report,
)}
${caseSection(
  'Suite errors',
  ERROR_INTRO,
  report.cases.filter((c) => c.outcome === 'error'),
  report,
)}
<h2>Warnings (${report.warnings.length})</h2>
${
  report.warnings.length === 0
    ? '<p>None.</p>'
    : table(
        ['Requirement', 'Case', 'Message', 'Exchange'],
        report.warnings.map((w) => [
          `<code>${h(w.requirement)}</code>`,
          `<code>${h(w.caseId)}</code>`,
          h(w.message),
          w.exchange ? `<code>${h(w.exchange)}</code>` : '',
        ]),
      )
}
${noteSection(report)}<h2>Requirements</h2>
${table(
  ['ID', 'Level', 'Statement', 'Source', 'Result', 'Evidence'],
  report.requirements.map((r) => [
    `<code>${h(r.id)}</code>`,
    h(r.level),
    h(r.statement),
    h(r.source),
    `<span class="result ${h(r.result)}">${h(r.result)}</span>`,
    r.evidence.map(evidence).join('<br>'),
  ]),
)}
<h2>Coverage per operation</h2>
${table(
  ['Operation', 'Group', ...OUTCOMES],
  report.coverage.map((row) => [
    `<code>${h(row.operationId)}</code>`,
    `<code>${h(row.group)}</code>`,
    ...OUTCOMES.map((o) => (row.cases[o] > 0 ? `<span class="result ${o}">${row.cases[o]}</span>` : '0')),
  ]),
)}
<h2>Not run</h2>
${notRunList(report.cases)}
</body>
</html>
`;
}

/** Each failed requirement, linking to the blocks of its failing cases. */
function failedRequirementList(report: CertificationReport): string {
  const failed = failedRequirements(report);
  if (failed.length === 0) return '';
  const items = failed.map(
    ({ requirement: r, cases }) =>
      `<li><code>${h(r.id)}</code> (${h(r.level)}): ${h(r.statement)} Failing: ${cases.map((c) => `<a href="#${h(caseAnchor(c.id))}"><code>${h(c.id)}</code></a>`).join(', ')}</li>`,
  );
  return `<h2>Failed requirements (${failed.length})</h2>\n<p>${h(FAILED_REQUIREMENTS_INTRO)}</p>\n<ul class="failed-requirements">\n${items.join('\n')}\n</ul>`;
}

function caseSection(title: string, intro: string, cases: ReportCase[], policy: FailurePolicy): string {
  if (cases.length === 0) return '';
  return `<h2>${h(title)} (${cases.length})</h2>\n<p>${h(intro)}</p>\n${cases.map((c) => caseBlock(c, policy)).join('\n')}`;
}

function caseBlock(c: ReportCase, policy: FailurePolicy): string {
  const failures = failuresOf(c, policy);
  return `<section class="case ${c.outcome}" id="${h(caseAnchor(c.id))}">
<h3>${h(c.title)}</h3>
<p><code>${h(c.id)}</code>: <code>${h(c.group)}</code>, ${h(c.kind)}, credential ${h(c.credential)}, ${h(formatDuration(c.durationMs))}</p>
${c.reason ? `<p>Reason: ${h(c.reason)}</p>` : ''}
${failures.length > 0 ? `<ul>${failures.map((f) => `<li><code>${h(f.requirement)}</code> (${h(f.level)}): ${h(f.message)}</li>`).join('')}</ul>` : ''}
${c.exchanges.map(exchangeDetails).join('\n')}
</section>`;
}

/** Open, so that the evidence is in sight (and printed: see STYLE); the curl
 *  command of an exchange that showed a failure follows it. */
function exchangeDetails(exchange: ReportExchange): string {
  const details = `<details open><summary><code>${h(exchangeSummary(exchange))}</code></summary><pre>${h(renderExchangeText(exchange))}</pre></details>`;
  if (!exchange.curl) return details;
  const reproduce = `${details}\n<p class="reproduce">Reproduce:</p><pre class="curl">${h(exchange.curl)}</pre>`;
  const { undo } = exchange;
  if (!undo) return reproduce;
  const head = `Creates ${h(undo.creates)} once the panel accepts it`;
  return undo.curl
    ? `${reproduce}\n<p class="undo">${head}; remove it with:</p><pre class="curl">${h(undo.curl)}</pre>`
    : `${reproduce}\n<p class="undo">${head}; ${h(undo.note ?? 'no call of the API removes it')}.</p>`;
}

function notRunList(cases: ReportCase[]): string {
  const groups = [...notRunByReason(cases)];
  if (groups.length === 0) return '<p>Every case ran.</p>';
  const items = groups.map(
    ([reason, group]) => `<li>${h(reason)} (${h(plural(group.length, 'case'))}): ${group.map((c) => `<code>${h(c.id)}</code>`).join(', ')}</li>`,
  );
  return `<ul>${items.join('\n')}</ul>`;
}

function evidence(e: ReportEvidence): string {
  return `<code>${h(e.caseId)}</code>: ${h(e.message)}${e.exchange ? ` (<code>${h(e.exchange)}</code>)` : ''}`;
}

/** Cells are HTML already: callers escape what they put in them. */
export function table(head: string[], rows: string[][]): string {
  const headRow = `<tr>${head.map((cell) => `<th>${h(cell)}</th>`).join('')}</tr>`;
  const bodyRows = rows.map((cells) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`);
  return `<table>\n<thead>${headRow}</thead>\n<tbody>\n${bodyRows.join('\n')}\n</tbody>\n</table>`;
}

export function h(value: string): string {
  return redactKeys(value).replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 80rem; padding: 0 1rem; color: #1d2327; }
h1 { margin-bottom: .3rem; }
.verdict { display: inline-block; font-size: 1.6rem; font-weight: 700; padding: .3rem 1rem; border-radius: .3rem; color: #fff; }
.verdict.conformant { background: #1a7f37; }
.verdict.not-conformant { background: #cf222e; }
.verdict.incomplete { background: #9a6700; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
table.facts th { background: #f6f8fa; white-space: nowrap; }
code, pre { font: 13px/1.4 ui-monospace, monospace; }
td:first-child code { white-space: nowrap; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
.result { font-weight: 600; }
.result.passed { color: #1a7f37; }
.result.failed { color: #cf222e; }
.result.warning, .result.error { color: #9a6700; }
.result.skipped, .result.disabled, .result.not-checked, .result.not-testable { color: #57606a; }
section.case { border-left: 4px solid #cf222e; padding-left: 1rem; margin-bottom: 1.5rem; }
section.case.error { border-color: #9a6700; }
details { margin: .3rem 0; }
p.reproduce, p.undo { margin: .3rem 0 0; }
summary { cursor: pointer; }
.scope { margin: .3rem 0 1rem; font-weight: 600; }
ul.failed-requirements li { margin-bottom: .3rem; }
/* Every details element is open; on paper, nothing may be cut off at the margin either. */
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  details > summary { list-style: none; }
  details > summary::-webkit-details-marker { display: none; }
  pre { overflow: visible; white-space: pre-wrap; word-break: break-all; }
  section.case { break-inside: auto; }
  a { color: inherit; text-decoration: none; }
  .verdict { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
