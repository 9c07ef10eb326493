// One request and what came back: the unit of evidence, from the client that
// records it to every report that shows it. Plain JSON, so that it crosses
// processes (plain vitest) and goes into report.json as it is.

/** Which key a request is sent with: the admin key (--token), the reseller
 *  key, none, or one no server issued. */
export type Credential = 'admin' | 'reseller' | 'none' | 'invalid';

/** The budget a request counts against: each key's own, and one for the
 *  requests that carry no valid key (servers limit those per client, if at
 *  all). */
export type BudgetKey = 'admin' | 'reseller' | 'anonymous';

export function budgetKeyOf(credential: Credential): BudgetKey {
  return credential === 'admin' || credential === 'reseller' ? credential : 'anonymous';
}

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
/** Why a request was sent besides a case's own answer: 'data-safety', for
 *  the checks that every write and delete changed only its target (the
 *  bystander, read-backs on other paths, the census). */
export type RequestPurpose = 'data-safety';

export interface Exchange {
  credential: Credential;
  purpose?: RequestPurpose;
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
  /** Where the run's keys are its own (certify): what this answer's rate-limit
   *  headers contradict of the run's own count (src/http/rate-account.ts);
   *  empty when nothing. */
  rateAccount?: Array<{ requirement: 'RL-REMAINING-COUNTS' | 'RL-429-REMAINING-ZERO' | 'RL-NO-SERVICE-AFTER-ZERO' | 'RL-RESET-HONOURED'; message: string }>;
}

/** `POST /resellers/ -> 201`, or the transport failure instead of a status. */
export function exchangeSummary(exchange: Pick<Exchange, 'request' | 'response' | 'transportError'>): string {
  const { method, path } = exchange.request;
  if (exchange.response) return `${method} ${path} -> ${exchange.response.status}`;
  return `${method} ${path} -> ${exchange.transportError?.kind ?? 'no response'}`;
}

/** Sum of the per-credential request counts. */
export function totalRequests(requests: Partial<Record<string, number>>): number {
  return Object.values(requests).reduce<number>((sum, n) => sum + (n ?? 0), 0);
}

/** What came back, in a few words: `404 NOT_FOUND`, or why nothing did. */
export function describeOutcome(ex: Exchange): string {
  if (!ex.response) return `no response (${ex.transportError?.message ?? 'unknown'})`;
  const code = (ex.response.json as { code?: unknown } | undefined)?.code;
  return `${ex.response.status}${typeof code === 'string' ? ` ${code}` : ''}`;
}

/** An exact status, or a class ('<500': anything but a server error). */
export type StatusExpectation = number | '2xx' | '4xx' | '<500';

export function statusMatches(status: number, expected: StatusExpectation): boolean {
  if (expected === '2xx') return status >= 200 && status < 300;
  if (expected === '4xx') return status >= 400 && status < 500;
  if (expected === '<500') return status < 500;
  return status === expected;
}

/** Answered 2xx. */
export function succeeded(ex: Exchange): boolean {
  return ex.response !== undefined && statusMatches(ex.response.status, '2xx');
}

/** A JSON value as an object (not null, not an array), or undefined. */
export function jsonObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
