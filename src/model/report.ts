// The one run model: a run's record judged (build-report.ts), the shape of
// report.json (reportVersion 1, mirrored by schemas/report.schema.json).
// Every output is rendered from it (console, JUnit, report.md and .html,
// HAR, the fleet index), a stored one is the baseline of the regression gate
// and a shard's share of a merge, so changing it means bumping
// reportVersion. A report is a RunRecord too: judging it again (merge) needs
// no conversion.

import type { Credential, Exchange, RecordedResponse } from './exchange.ts';
import type { Level } from './finding.ts';
import type { Outcome, RunVerdict } from './outcome.ts';
import type { CaseResult, RunRecord } from './record.ts';
import type { Undo } from './undo.ts';

/** passed: checked, never failed. warning: only findings that count as
 *  warnings failed (an inferred one without --strict, a standard one with
 *  --lenient). skipped: no finding, and a case planned for it was skipped
 *  or disabled. not-checked: no finding otherwise (its cases errored, or none
 *  was planned for it). not-testable: no request can observe it (the
 *  catalogue says why); never counted as not checked. */
export type RequirementOutcome = 'passed' | 'failed' | 'warning' | 'skipped' | 'not-checked' | 'not-testable';

/** An exchange as stored in a report: the parsed `json` stays out. */
export type ReportExchange = Omit<Exchange, 'response'> & {
  response?: Omit<RecordedResponse, 'json'>;
  /** On an exchange that showed a failure or a suite error: the request as a
   *  curl command, its key read from $WISPANEL_TOKEN or
   *  $WISPANEL_RESELLER_TOKEN (reproduce.ts). */
  curl?: string;
  /** With `curl`, when the request is a POST that creates a record: what
   *  pasting it creates, and the DELETE that removes it (undo.ts). */
  undo?: Undo;
};

export interface ReportEvidence {
  caseId: string;
  message: string;
  /** `METHOD path -> status`, or null when there was no exchange. */
  exchange: string | null;
}

export interface ReportRequirement {
  id: string;
  level: Level;
  family: string;
  statement: string;
  source: string;
  result: RequirementOutcome;
  /** Up to three cases behind the result. */
  evidence: ReportEvidence[];
}

export interface ReportCoverage {
  operationId: string;
  group: string;
  cases: Record<Outcome, number>;
}

export interface ReportWarning {
  requirement: string;
  caseId: string;
  message: string;
  exchange: string | null;
}

/** A case as stored in a report: its exchanges without parsed bodies. */
export type ReportCase = Omit<CaseResult, 'exchanges'> & { exchanges: ReportExchange[] };

export interface CertificationReport extends RunRecord {
  reportVersion: 1;
  verdict: RunVerdict;
  /** What the verdict covers: profile, strictness, and how many requirements
   *  the run did not check (outcome.ts verdictScope). Optional in the
   *  schema, like requirementsNotChecked, so that reports written before
   *  them still load as baselines. */
  verdictScope: string;
  /** Requirements whose result is skipped or not-checked. */
  requirementsNotChecked: number;
  /** Optional in the schema, for reports written before it. */
  unavailable: string | null;
  counts: Record<Outcome, number> & { total: number; warnings: number };
  requests: { total: number; byCredential: Partial<Record<Credential, number>>; dataSafety?: Partial<Record<Credential, number>> };
  requirements: ReportRequirement[];
  coverage: ReportCoverage[];
  warnings: ReportWarning[];
  cases: ReportCase[];
}
