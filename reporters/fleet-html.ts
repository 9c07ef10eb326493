// index.html of a fleet's report folder: index.md's content as one
// self-contained page (the report's style and Content-Security-Policy).
import type { FleetReport } from '../src/model/fleet.ts';
import { CELL, FLEET_TITLE, fleetFacts, fleetLine } from './fleet-text.ts';
import { factsTable, h, pageHead, STYLE, table, verdictClass } from './report-html.ts';
import { formatDuration } from '../src/model/text.ts';

export function renderFleetHtml(fleet: FleetReport): string {
  const ids = fleet.requirements.map((r) => r.id);
  const notTested = fleet.panels.filter((p) => p.reason !== null);
  return `${pageHead(FLEET_TITLE, fleet.verdict, `${STYLE}${FLEET_STYLE}`)}
${factsTable(fleetFacts(fleet))}
<p>${h(fleetLine(fleet))}</p>
<h2>Panels</h2>
<div class="matrix">
${table(
  ['Panel', 'Verdict', 'Failed requirements', 'Requests', '429s', 'Wall', ...ids],
  fleet.panels.map((p) => [
    `<a href="${h(p.name)}/report.html">${h(p.name)}</a>`,
    `<span class="result ${verdictClass(p.verdict)}">${h(p.verdict)}</span>`,
    p.failedRequirements.map((id) => `<code>${h(id)}</code>`).join(', ') || '-',
    String(p.requests),
    String(p.rateLimited429s),
    h(formatDuration(p.durationMs)),
    ...ids.map((id) => {
      const result = p.reason !== null ? undefined : (p.results[id] ?? 'not-checked');
      return result ? `<span class="result ${result}" title="${h(`${id}: ${result}`)}">${h(CELL[result])}</span>` : '';
    }),
  ]),
)}
</div>
${notTested.length ? `<h2>Not tested</h2>\n<ul>${notTested.map((p) => `<li>${h(p.name)} (${h(p.baseUrl)}): ${h(p.reason!)}</li>`).join('\n')}</ul>` : ''}
<h2>Requirements</h2>
${table(
  ['ID', 'Level', 'Statement'],
  fleet.requirements.map((r) => [`<code>${h(r.id)}</code>`, h(r.level), h(r.statement)]),
)}
</body>
</html>
`;
}

const FLEET_STYLE = `
.matrix { overflow-x: auto; }
.matrix th { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
.matrix th:nth-child(-n+6) { writing-mode: horizontal-tb; transform: none; }
.result.not-conformant, .result.unreachable, .result.not-run { color: #cf222e; }
.result.conformant { color: #1a7f37; }
.result.incomplete { color: #9a6700; }
`;
