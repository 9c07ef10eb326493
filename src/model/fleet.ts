// The fleet index as data (fleet.json): one row per panel, one column per
// requirement. index.md, index.html and the console's panel lines are
// rendered from it, and `merge` reads it back, so all of them agree.
import type { Level } from './finding.ts';
import type { Outcome, RunVerdict } from './outcome.ts';
import type { CertificationReport, RequirementOutcome } from './report.ts';

/** A panel that ran has its report's verdict; one that could not be tested
 *  says why: UNREACHABLE (unreachable, TLS, not a WisPanel API: exit 3) or
 *  NOT RUN (its key was refused: exit 2). */
export type PanelVerdict = RunVerdict | 'UNREACHABLE' | 'NOT RUN';

export interface FleetRow {
  name: string;
  baseUrl: string;
  verdict: PanelVerdict;
  verdictScope: string;
  /** Why the panel was not tested, or not to the end (it stayed
   *  unavailable); null when it was. */
  reason: string | null;
  /** The panel's own exit code, as a run of it alone would end. */
  exitCode: number;
  runId: string;
  /** Its report, relative to fleet.json. */
  report: string;
  failedRequirements: string[];
  counts: Record<Outcome, number> & { total: number };
  requests: number;
  rateLimited429s: number;
  durationMs: number;
  /** Each requirement's result, by ID: the row's columns. */
  results: Record<string, RequirementOutcome>;
}

export interface FleetReport {
  fleetVersion: 1;
  /** CONFORMANT when every panel is; NOT CONFORMANT when any is not; else INCOMPLETE. */
  verdict: RunVerdict;
  suiteVersion: string;
  spec: { version: string; sha256: string };
  seed: number;
  date: string;
  durationMs: number;
  /** `I/N` when the fleet ran as shards (--shard), each panel in one of them. */
  shard: string | null;
  requirements: { id: string; level: Level; statement: string }[];
  panels: FleetRow[];
}

/** A panel as the fleet runner ends it. */
export interface FleetPanel {
  name: string;
  report: CertificationReport;
  code: number;
  /** Set when the preflight refused the panel: its one line, and the verdict it gets. */
  notRun?: { reason: string; verdict: 'UNREACHABLE' | 'NOT RUN' };
}

export function buildFleet(panels: readonly FleetPanel[], facts: { startedAt: Date; durationMs: number; shard?: string }): FleetReport {
  const rows = panels.map((p) => fleetRow(p, p.report));
  const first = panels[0].report;
  return {
    fleetVersion: 1,
    verdict: fleetVerdict(rows),
    suiteVersion: first.suiteVersion,
    spec: first.spec,
    seed: first.seed,
    date: facts.startedAt.toISOString(),
    durationMs: facts.durationMs,
    shard: facts.shard ?? null,
    requirements: first.requirements.map(({ id, level, statement }) => ({ id, level, statement })),
    panels: rows,
  };
}

export function fleetVerdict(rows: readonly Pick<FleetRow, 'verdict'>[]): RunVerdict {
  if (rows.some((r) => r.verdict === 'NOT CONFORMANT')) return 'NOT CONFORMANT';
  return rows.every((r) => r.verdict === 'CONFORMANT') ? 'CONFORMANT' : 'INCOMPLETE';
}

function fleetRow(p: FleetPanel, report: CertificationReport): FleetRow {
  const { total, passed, failed, error, skipped, disabled } = report.counts;
  return {
    name: p.name,
    baseUrl: report.target.baseUrl,
    verdict: p.notRun?.verdict ?? report.verdict,
    verdictScope: report.verdictScope,
    reason: p.notRun?.reason ?? report.unavailable ?? null,
    exitCode: p.code,
    runId: report.runId,
    report: `${p.name}/report.json`,
    failedRequirements: report.requirements.filter((r) => r.result === 'failed').map((r) => r.id),
    counts: { total, passed, failed, error, skipped, disabled },
    requests: report.requests.total,
    rateLimited429s: report.rateLimited429s,
    durationMs: report.durationMs,
    results: Object.fromEntries(report.requirements.map((r) => [r.id, r.result])),
  };
}
