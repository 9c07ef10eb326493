// What the fleet index says of each panel, in the same words on the
// console, in index.md and in index.html (as plain, unescaped text).
import type { FleetReport, FleetRow } from '../src/model/fleet.ts';
import type { RequirementOutcome } from '../src/model/report.ts';
import { formatDuration, plural } from '../src/model/text.ts';

export const FLEET_TITLE = 'WisPanel API conformance of a fleet';

/** A requirement's result in one cell of the matrix. */
export const CELL: Record<RequirementOutcome, string> = {
  passed: 'pass',
  failed: 'FAIL',
  warning: 'warn',
  skipped: 'skip',
  'not-checked': '-',
  'not-testable': 'n/t',
};

/** `eu-1: NOT CONFORMANT (default profile; ...): failed RES-CREATE-201; 121 cases ...; wall 8.1 s, run abc123` */
export function panelLine(row: FleetRow): string {
  if (row.reason !== null) return `${row.name}: ${row.verdict}: ${row.reason}`;
  const failed = row.failedRequirements.length ? `: failed ${row.failedRequirements.join(', ')}` : '';
  const { total, passed, failed: f, error, skipped, disabled } = row.counts;
  return `${row.name}: ${row.verdict} (${row.verdictScope})${failed}; ${total} cases: ${passed} passed, ${f} failed, ${error} error, ${skipped} skipped, ${disabled} disabled; ${plural(row.requests, 'request')}, ${row.rateLimited429s} answered 429; wall ${formatDuration(row.durationMs)}, run ${row.runId}`;
}

/** `Fleet: NOT CONFORMANT: 1 of 4 panels conformant, 1 not conformant, 2 not tested` */
export function fleetLine(fleet: FleetReport): string {
  const count = (test: (r: FleetRow) => boolean) => fleet.panels.filter(test).length;
  const parts = [
    `${count((r) => r.verdict === 'CONFORMANT')} of ${plural(fleet.panels.length, 'panel')} conformant`,
    `${count((r) => r.verdict === 'NOT CONFORMANT')} not conformant`,
    `${count((r) => r.verdict === 'INCOMPLETE')} incomplete`,
    `${count((r) => r.reason !== null)} not tested`,
  ].filter((part, i) => i === 0 || !part.startsWith('0 '));
  return `Fleet: ${fleet.verdict}: ${parts.join(', ')}${fleet.shard ? ` (shard ${fleet.shard})` : ''}`;
}

/** [label, value] rows of the index's header. */
export function fleetFacts(fleet: FleetReport): [string, string][] {
  return [
    ['Verdict', fleet.verdict],
    ['Panels', String(fleet.panels.length)],
    ['Suite version', fleet.suiteVersion],
    ['Spec version', fleet.spec.version],
    ['Spec SHA-256', fleet.spec.sha256],
    ['Date', fleet.date],
    ['Wall time', formatDuration(fleet.durationMs)],
    ['Seed', String(fleet.seed)],
    ...(fleet.shard ? [['Shard', fleet.shard] as [string, string]] : []),
  ];
}
