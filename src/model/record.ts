// What a run found, as facts: every case's result and what the run was. The
// report (report.ts) is this record judged: its verdict, the result of each
// requirement and the tallies added. Every output is rendered from the
// report; a stored report.json is a record again (merge, the gate).
import type { CaseIdentity } from './case.ts';
import type { Credential, Exchange } from './exchange.ts';
import type { Finding, Requirement } from './finding.ts';
import type { Outcome } from './outcome.ts';

/** What a case saw that speaks neither for nor against the server: a change
 *  to another client's record on a shared panel that the run cannot prove it
 *  caused. Reported with its evidence, never a failure. */
export interface Note {
  message: string;
  /** Index into the case's exchanges of the evidence, when there is one. */
  exchange?: number;
}

export interface CaseResult extends CaseIdentity {
  outcome: Outcome;
  /** Why it was disabled, skipped, or errored. */
  reason?: string;
  findings: Finding[];
  notes?: Note[];
  exchanges: Exchange[];
  durationMs: number;
}

/** A case's result: its identity, then what became of it, in the report's
 *  order (the reason last); built field by field, one shape for every
 *  result: a spread of the identity with a conditional part took V8's slow
 *  path, and a kilobyte, per case. `E`: its exchanges as recorded, or as
 *  the report shows them. */
export function caseResult<E = Exchange>(
  c: CaseIdentity,
  r: Omit<CaseResult, keyof CaseIdentity | 'exchanges'> & { exchanges: E[] },
): Omit<CaseResult, 'exchanges'> & { exchanges: E[] } {
  return {
    id: c.id,
    operationId: c.operationId,
    group: c.group,
    kind: c.kind,
    title: c.title,
    credential: c.credential,
    requirements: c.requirements,
    outcome: r.outcome,
    findings: r.findings,
    notes: r.notes,
    exchanges: r.exchanges,
    durationMs: r.durationMs,
    reason: r.reason,
  };
}

export interface RunRecord {
  runId: string;
  seed: number;
  /** When the run started (ISO 8601). */
  date: string;
  durationMs: number;
  suiteVersion: string;
  spec: { version: string; sha256: string };
  /** The panel, and whether it was the embedded reference server. */
  target: { baseUrl: string; embedded: boolean };
  /** null where the user did not say. */
  product: { name: string | null; version: string | null; vendor: string | null };
  strict: boolean;
  /** Failed standard requirements are warnings (--lenient). */
  lenient: boolean;
  profile: string;
  insecureTls: boolean;
  /** The configuration as given, redacted. */
  config: Record<string, unknown>;
  /** Requests sent per credential, retries included; of them, those sent
   *  for the data-safety checks alone. */
  requests: { byCredential: Partial<Record<Credential, number>>; dataSafety?: Partial<Record<Credential, number>> };
  rateLimited429s: number;
  /** Requests sent again after a proxy's 502/503/504 or a reset connection. */
  transientRetries: number;
  /** What the run created and could not delete: remove with --cleanup-only. */
  leftovers: string[];
  /** The run was stopped (a signal, the run timeout) before every case ran.
   *  A stored report says so by its verdict (see wasStopped). */
  incomplete?: boolean;
  /** Why the run's requests stopped when the panel stayed unavailable (a
   *  proxy's 502/503/504, reset connections) past --unavailable-budget;
   *  absent or null otherwise. */
  unavailable?: string | null;
  /** The requirement catalogue the run judged by. */
  requirements: Requirement[];
  cases: CaseResult[];
}
