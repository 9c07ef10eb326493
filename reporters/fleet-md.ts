// index.md of a fleet's report folder, rendered from fleet.json: one row per
// panel (linking to its report.md), one column per requirement.
import type { FleetReport } from '../src/model/fleet.ts';
import { CELL, FLEET_TITLE, fleetFacts, fleetLine } from './fleet-text.ts';
import { code, table, text } from './report-md.ts';
import { formatDuration } from '../src/model/text.ts';

export function renderFleetMarkdown(fleet: FleetReport): string {
  const ids = fleet.requirements.map((r) => r.id);
  const notTested = fleet.panels.filter((p) => p.reason !== null);
  return (
    [
      `# ${FLEET_TITLE}: ${fleet.verdict}`,
      table(
        ['Fleet', ''],
        fleetFacts(fleet).map(([label, value]) => [text(label), label === 'Verdict' ? `**${text(value)}**` : text(value)]),
      ),
      text(fleetLine(fleet)),
      '## Panels',
      table(
        ['Panel', 'Verdict', 'Failed requirements', 'Requests', '429s', 'Wall', ...ids.map(code)],
        fleet.panels.map((p) => [
          `[${text(p.name)}](${p.name}/report.md)`,
          p.verdict === 'CONFORMANT' ? text(p.verdict) : `**${text(p.verdict)}**`,
          p.failedRequirements.map(code).join(', ') || '-',
          String(p.requests),
          String(p.rateLimited429s),
          formatDuration(p.durationMs),
          ...ids.map((id) => (p.reason !== null ? '' : CELL[p.results[id] ?? 'not-checked'])),
        ]),
      ),
      ...(notTested.length ? ['## Not tested', notTested.map((p) => `- ${text(p.name)} (${text(p.baseUrl)}): ${text(p.reason!)}`).join('\n')] : []),
      '## Requirements',
      table(
        ['ID', 'Level', 'Statement'],
        fleet.requirements.map((r) => [code(r.id), r.level, text(r.statement)]),
      ),
    ].join('\n\n') + '\n'
  );
}
