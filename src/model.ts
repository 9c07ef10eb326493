// The data that flows spec -> cases -> exchanges -> findings -> reporters.
import type { CaseKind } from './cases/kinds/index.ts';

export type { CaseKind };

// Everything here is plain JSON so it can cross from vitest workers to the
// reporters in the main process (task.meta) and into report.json.

/** documented: the vendor stated it; a failure fails conformance.
 *  standard: what HTTP itself or data safety demands where the vendor is
 *  silent (no 5xx, writes take effect, a duplicate never overwrites); fails
 *  unless --lenient.
 *  inferred: a convention the vendor did not state; a warning unless --strict. */
export type Level = 'documented' | 'standard' | 'inferred';

export const LEVELS: readonly Level[] = ['documented', 'standard', 'inferred'];

export interface Requirement {
  id: string;
  level: Level;
  family: string;
  /** MUST / MUST NOT statement. */
  statement: string;
  /** The vendor statement or convention it rests on. */
  source: string;
}

/** The five outcomes of a case (design property 7). Only `failed` speaks
 *  against the server; `error` speaks against the suite. */
export type Outcome = 'disabled' | 'skipped' | 'passed' | 'failed' | 'error';

/** Which key a request is sent with; each has its own budget. */
export type Credential = 'admin' | 'reseller' | 'none' | 'invalid';


export interface RecordedRequest {
  method: string;
  /** Path relative to the base URL, e.g. /resellers/wcab12cd */
  path: string;
  /** Headers as sent, tokens redacted. */
  headers: Record<string, string>;
  /** Body as sent (text), tokens redacted, possibly truncated. */
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** Body excerpt, tokens redacted, truncated to a few KiB. */
  body: string;
  /** Parsed JSON body, when it parsed. Not stored in reports. */
  json?: unknown;
}

/** timeout: no complete answer in time; network: no answer at all (refused,
 *  unknown host, reset); tls: the handshake failed; body: the answer began
 *  (status and headers) but its body was cut. */
export type TransportErrorKind = 'timeout' | 'network' | 'tls' | 'body';

/** One request and what came back (or why nothing came back). */
export interface Exchange {
  credential: Credential;
  request: RecordedRequest;
  response?: RecordedResponse;
  /** Transport failure: timeout, reset, refused, TLS... */
  transportError?: { kind: TransportErrorKind; message: string };
  startedAt: string;
  durationMs: number;
  /** How many 429s were answered (and waited out) before this response. */
  rateLimitedRetries: number;
  /** How many 502/503/504 answers or reset connections were sent again
   *  before this response. */
  transientRetries?: number;
  /** A 429 on the way came while the server's own count still granted two or
   *  more (the evidence: see src/http/rate-witness.ts). */
  earlyRefusal?: { remaining: number; limit?: number; reset: number; countedDown: number[] };
}

/** The verdict of one check on one exchange (or on a sequence of them). */
export interface Finding {
  requirement: string;
  level: Level;
  /** A failed finding is a failure or a warning by its level (see isFailure). */
  ok: boolean;
  /** One line: expected vs actual. */
  message: string;
  /** Index into CaseResult.exchanges of the evidence, when there is one. */
  exchange?: number;
}

/** What names a case, from its plan to every report. */
export interface CaseIdentity {
  id: string;
  operationId: string;
  /** e.g. resellers.create; JUnit classname. */
  group: string;
  kind: CaseKind;
  title: string;
  credential: Credential;
  /** Requirements this case stands for (what it was planned to check). */
  requirements: string[];
}

export interface CaseResult extends CaseIdentity {
  outcome: Outcome;
  /** Why it was disabled, skipped, or errored. */
  reason?: string;
  findings: Finding[];
  exchanges: Exchange[];
  durationMs: number;
}

export interface RunSummary {
  runId: string;
  seed: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  suiteVersion: string;
  specVersion: string;
  specSha256: string;
  baseUrl: string;
  /** Whether the target is the embedded reference server. */
  embedded: boolean;
  strict: boolean;
  /** Failed standard requirements are warnings (--lenient). */
  lenient: boolean;
  insecureTls: boolean;
  profile: string;
  /** Requests sent per credential, retries included. */
  requests: Partial<Record<Credential, number>>;
  rateLimited429s: number;
  /** Requests sent again after a proxy's 502/503/504 or a reset connection. */
  transientRetries?: number;
  /** What the run created and could not delete: remove with --cleanup-only. */
  leftovers?: string[];
  /** The run was stopped (signal, run timeout) before every case ran. */
  incomplete?: boolean;
  /** Redacted configuration, as given. */
  config: Record<string, unknown>;
  product?: { name?: string; version?: string; vendor?: string };
}

export interface RunResult {
  summary: RunSummary;
  requirements: Requirement[];
  cases: CaseResult[];
}
