// The shape of report.json (reportVersion 1), mirrored by report.schema.json.
// Human reports are rendered from it, and a stored one is the baseline of the
// regression gate, so changing it means bumping reportVersion.

import type { CaseResult, Credential, Exchange, Level, Outcome, RecordedResponse } from '../src/model.ts';
import type { RunVerdict } from './outcomes.ts';

/** passed: checked, never failed. warning: only findings that count as warnings failed
 *  (non-strict). skipped: no finding, and a case planned for it was skipped
 *  or disabled. not-checked: no finding otherwise (its cases errored, or none
 *  was planned for it). */
export type RequirementOutcome = 'passed' | 'failed' | 'warning' | 'skipped' | 'not-checked';

/** An exchange as stored in a report: the parsed `json` stays out. */
export type ReportExchange = Omit<Exchange, 'response'> & {
  response?: Omit<RecordedResponse, 'json'>;
  /** On an exchange that showed a failure or a suite error: the request as a
   *  curl command, its key read from $WISPANEL_TOKEN or
   *  $WISPANEL_RESELLER_TOKEN (reproduce.ts). */
  curl?: string;
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

export interface CertificationReport {
  reportVersion: 1;
  verdict: RunVerdict;
  /** What the verdict covers: profile, strictness, and how many requirements
   *  the run did not check (outcomes.ts verdictScope). Optional in the
   *  schema, like requirementsNotChecked, so that reports written before
   *  them still load as baselines. */
  verdictScope: string;
  /** Requirements whose result is skipped or not-checked. */
  requirementsNotChecked: number;
  runId: string;
  seed: number;
  /** When the run started (ISO 8601). */
  date: string;
  durationMs: number;
  suiteVersion: string;
  spec: { version: string; sha256: string };
  target: { baseUrl: string; embedded: boolean };
  /** null where the server or the user did not say. */
  product: { name: string | null; version: string | null; vendor: string | null };
  strict: boolean;
  /** Failed standard requirements counted as warnings (--lenient). */
  lenient: boolean;
  profile: string;
  insecureTls: boolean;
  config: Record<string, unknown>;
  counts: Record<Outcome, number> & { total: number; warnings: number };
  requests: { total: number; byCredential: Partial<Record<Credential, number>> };
  rateLimited429s: number;
  /** Requests sent again after a proxy's 502/503/504 or a reset connection. */
  transientRetries: number;
  /** What the run created and could not delete (remove with --cleanup-only RUN_ID). */
  leftovers: string[];
  requirements: ReportRequirement[];
  coverage: ReportCoverage[];
  warnings: ReportWarning[];
  cases: ReportCase[];
}
