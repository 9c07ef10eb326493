import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { InFlightGate } from './in-flight.ts';
import type { Credential, Exchange, RequestPurpose } from '../model/exchange.ts';
import { Budget, readRateHeaders } from './budget.ts';
import { budgetKeyOf, type BudgetKey } from '../model/exchange.ts';
import { mintedSecrets, type Redactor } from './redact.ts';
import { redactHeaders } from '../model/secrets.ts';
import { sendRaw, TransportError, type RawRequest, type RawResponse } from './transport.ts';
import { RateWitness, type EarlyRefusal } from './rate-witness.ts';
import type { RateAccount, RateAccounts, RateContradiction } from './rate-account.ts';
import { DEFAULT_PRIORITY } from './priority.ts';
import type { Pass, ProxyAnswer, Tries, Unavailability } from './unavailability.ts';

/** Body excerpt kept as evidence. */
const EXCERPT_CHARS = 4096;
/** A 429 is waited out and the request sent again, this many times. */
const MAX_429_RETRIES = 3;

export type RequestBody =
  | { json: unknown }
  /** Sent verbatim: malformed JSON, another media type. */
  | { raw: string; contentType: string };

export interface ApiRequest {
  method: string;
  /** Relative to the base URL; already encoded. */
  path: string;
  body?: RequestBody;
  /** Replaces the credential's Authorization header (malformed-auth cases). */
  authorization?: string;
  /** A write's Idempotency-Key instead of a fresh one: sent again with the
   *  same key, a request asks the panel for its first effect only. */
  idempotencyKey?: string;
  /** Why it is sent, when not for a case's own answer: counted apart. */
  purpose?: RequestPurpose;
  /** Told the moment each sending of it leaves: a create's intent goes
   *  into the ledger then, so that one never sent (the run stopped while
   *  it waited) leaves none. */
  onSend?: () => void;
}

export interface ClientOptions {
  baseUrl: string;
  tokens: { admin?: string; reseller?: string };
  timeoutMs: number;
  dispatcher: Dispatcher;
  budgets: Record<BudgetKey, Budget>;
  /** Bounds the requests in flight to the panel, all credentials together
   *  (--concurrency); absent: only the budgets bound them. */
  inFlight?: InFlightGate;
  /** The panel's outages, shared by every client and budget of the run:
   *  a proxy's 502/503/504 or a reset connection is waited out there. */
  unavailability: Unavailability;
  /** Learns the keys the client sends or receives; records through it. */
  redact: Redactor;
  /** Sees every exchange (the passive checks, the run's tallies). */
  onExchange?: (exchange: Exchange) => void;
  /** Once aborted, no request of this client is sent any more: waiting ones
   *  stop waiting, those in flight are dropped, each with the signal's
   *  reason (the engine's, when the run is cancelled or gives up on the
   *  panel). */
  signal?: AbortSignal;
  /** Why its requests are sent, unless a request says (withPurpose). */
  purpose?: RequestPurpose;
  /** Where the run's keys are its own (certify): each key's requests
   *  counted against its answers' headers. */
  rateAccounts?: RateAccounts;
}

/** A key's account and what it found on the answers to one call. */
interface Accounted {
  account: RateAccount;
  found: RateContradiction[];
}

/** Every request of the suite goes through here: budget, send, 429 handling,
 *  a proxy's answers waited out with the panel's other requests, and a
 *  redacted Exchange as the record. */
export class ApiClient {
  /** Per budget: what the key's answers prove about the server's count. */
  private readonly witnesses: Record<BudgetKey, RateWitness> = { admin: new RateWitness(), reseller: new RateWitness(), anonymous: new RateWitness() };

  constructor(private readonly opts: ClientOptions) {
    for (const token of Object.values(opts.tokens)) if (token) opts.redact.add(token);
  }

  get baseUrl(): string {
    return this.opts.baseUrl;
  }

  withReseller(token: string): ApiClient {
    return new ApiClient({ ...this.opts, tokens: { ...this.opts.tokens, reseller: token } });
  }

  /** The same client (budgets, gate, redaction), its requests ended by `signal`. */
  withSignal(signal: AbortSignal): ApiClient {
    return new ApiClient({ ...this.opts, signal });
  }

  /** The same client, each request it sends counted under `purpose`. */
  withPurpose(purpose: RequestPurpose): ApiClient {
    return new ApiClient({ ...this.opts, purpose });
  }

  /** Sends through the budget of the credential; `priority` orders it among
   *  waiting requests (priority.ts). */
  async call(credential: Credential, req: ApiRequest, priority = DEFAULT_PRIORITY): Promise<Exchange> {
    const prepared = this.prepare(credential, req);
    const key = budgetKeyOf(credential);
    const budget = this.opts.budgets[key];
    let retries = 0;
    let transient = 0;
    let early: EarlyRefusal | undefined;
    const accounted = this.accounted(credential, prepared);
    for (;;) {
      const startedAt = new Date();
      const t0 = performance.now();
      // One grant of the budget however often a proxy answers: its answers
      // never reached the API, so they do not count against the key.
      const delivered = await budget.schedule(
        async (sending) => {
          const d = await this.sendPastOutages(
            prepared,
            priority,
            () => {
              sending();
              req.onSend?.();
            },
            accounted,
          );
          const res = d.outcome;
          // Inside the job, so the next request sees the server's count and
          // the witness sees the key's answers in the server's order.
          if (!d.gaveUp && !(res instanceof TransportError)) {
            early ??= this.witnesses[key].observe(res.status, res.headers);
            if (res.status !== 429) await budget.observe(readRateHeaders(res.headers));
          }
          return d;
        },
        priority,
        this.opts.signal,
      );
      transient += delivered.retried;
      const { outcome } = delivered;
      if (!delivered.gaveUp && !(outcome instanceof TransportError) && outcome.status === 429) {
        // Every 429 is counted and holds the budget until the reset; the
        // request is sent again once the budget lets it (a bounded number of times).
        await budget.blockedUntilReset(readRateHeaders(outcome.headers));
        if (retries < MAX_429_RETRIES) {
          retries++;
          continue;
        }
      }
      return this.finish(credential, req, prepared, delivered, startedAt, t0, retries, transient, early, accounted);
    }
  }

  /** Outside the budget, no 429 handling: for the test that exceeds the
   *  limit on purpose. The caller keeps it to one window. A proxy's answer
   *  is waited out as for every request. */
  async callDirect(credential: Credential, req: ApiRequest, priority = DEFAULT_PRIORITY): Promise<Exchange> {
    const prepared = this.prepare(credential, req);
    const startedAt = new Date();
    const t0 = performance.now();
    const accounted = this.accounted(credential, prepared);
    const delivered = await this.sendPastOutages(prepared, priority, req.onSend, accounted);
    return this.finish(credential, req, prepared, delivered, startedAt, t0, 0, delivered.retried, undefined, accounted);
  }

  /** A key's requests are accounted for (its own key, not a malformed
   *  header or a made-up key): what their answers contradict gathers here. */
  private accounted(credential: Credential, p: RawRequest): Accounted | undefined {
    const authorization = p.headers.authorization;
    if (!this.opts.rateAccounts || (credential !== 'admin' && credential !== 'reseller') || !authorization) return undefined;
    return { account: this.opts.rateAccounts.of(authorization), found: [] };
  }

  private prepare(credential: Credential, req: ApiRequest): RawRequest {
    const headers: Record<string, string> = { accept: 'application/json' };
    // Every write carries a fresh key (the vendor's retry dedup), never the
    // same twice unless asked: a retry of it is then safe, a new write is new.
    if (req.method !== 'GET') headers['idempotency-key'] = req.idempotencyKey ?? randomUUID();
    const token = credential === 'admin' ? this.opts.tokens.admin : credential === 'reseller' ? this.opts.tokens.reseller : undefined;
    if (req.authorization !== undefined) headers.authorization = req.authorization;
    else if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (req.body && 'json' in req.body) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.body.json);
    } else if (req.body) {
      headers['content-type'] = req.body.contentType;
      body = req.body.raw;
    }
    return { method: req.method, url: this.opts.baseUrl + req.path, headers, body };
  }

  /** Sends, and sends again while a proxy answers for the panel: only an
   *  answer of the API stands, unless the run gave up on the panel or the
   *  request was cancelled while it waited (its last answer then stands,
   *  to be counted; see unavailability.ts). */
  private async sendPastOutages(p: RawRequest, priority: number, sending?: () => void, accounted?: Accounted): Promise<Delivered> {
    const { unavailability, signal } = this.opts;
    let retried = 0;
    let last: RawResponse | TransportError | undefined;
    const tries: Tries = { key: `${p.method} ${p.url}`, alone: 0 };
    for (;;) {
      let pass: Pass;
      try {
        pass = await unavailability.admit(signal, last !== undefined);
      } catch (err) {
        // Cancelled while it waited: its sends so far are still counted.
        if (last) return { outcome: last, retried, gaveUp: true };
        throw err;
      }
      if (last && unavailability.stopped.aborted) return { outcome: last, retried, gaveUp: true };
      let outcome: RawResponse | TransportError | undefined;
      try {
        outcome = await this.sendOnce(p, priority, pass, sending, accounted);
      } catch (err) {
        unavailability.release(pass);
        throw err;
      }
      // An outage began while it waited for a slot: it was not sent, and waits with the others.
      if (outcome === undefined) continue;
      if (last) retried++;
      const settled = unavailability.settle(pass, proxyAnswer(outcome, p), tries);
      if (settled !== 'retry') return { outcome, retried, gaveUp: settled === 'gave-up' };
      last = outcome;
    }
  }

  /** `sending` is told the moment the request leaves (its budget's slots
   *  count from then, not from when they were granted). Undefined: not sent,
   *  an outage began while it waited for a slot. */
  private async sendOnce(
    p: RawRequest,
    priority: number,
    pass: Pass,
    sending?: () => void,
    accounted?: Accounted,
  ): Promise<RawResponse | TransportError | undefined> {
    const { signal, unavailability } = this.opts;
    try {
      const send = async () => {
        signal?.throwIfAborted();
        if (!unavailability.mayLeave(pass)) return undefined;
        sending?.();
        const sent = accounted?.account.sent(`${p.method} ${p.url.slice(this.opts.baseUrl.length)}`);
        try {
          const res = await sendRaw(this.opts.dispatcher, p, this.opts.timeoutMs, signal);
          if (sent) accounted!.found.push(...accounted!.account.answered(sent, res.status, res.headers));
          return res;
        } catch (err) {
          if (sent) accounted!.account.lost(sent);
          throw err;
        }
      };
      return await (this.opts.inFlight ? this.opts.inFlight.schedule(priority, send, signal) : send());
    } catch (err) {
      signal?.throwIfAborted();
      if (err instanceof TransportError) return err;
      throw err;
    }
  }

  /** The exchange, told to onExchange (every request counted). A request
   *  given up on throws its signal's reason (the run's requests end when
   *  the panel is given up on); without one (the final clean-up) its last
   *  answer is returned. */
  private finish(
    credential: Credential,
    req: ApiRequest,
    prepared: RawRequest,
    { outcome, gaveUp }: Delivered,
    startedAt: Date,
    t0: number,
    retries: number,
    transient: number,
    early?: EarlyRefusal,
    accounted?: Accounted,
  ): Exchange {
    const exchange = this.record(credential, req, prepared.headers, prepared.body, outcome, startedAt, Math.round(performance.now() - t0), retries);
    if (transient) exchange.transientRetries = transient;
    if (early) exchange.earlyRefusal = early;
    if (accounted) exchange.rateAccount = accounted.found;
    this.opts.onExchange?.(exchange);
    if (gaveUp) this.opts.signal?.throwIfAborted();
    return exchange;
  }

  private record(
    credential: Credential,
    req: ApiRequest,
    headers: Record<string, string>,
    body: string | undefined,
    outcome: TransportError | RawResponse,
    startedAt: Date,
    durationMs: number,
    retries: number,
  ): Exchange {
    const redact = this.opts.redact;
    const exchange: Exchange = {
      credential,
      request: {
        method: req.method,
        path: redact(req.path),
        headers: redactHeaders(headers, redact),
        body: body === undefined ? undefined : redact(body.slice(0, EXCERPT_CHARS)),
      },
      startedAt: startedAt.toISOString(),
      durationMs,
      rateLimitedRetries: retries,
    };
    const purpose = req.purpose ?? this.opts.purpose;
    if (purpose) exchange.purpose = purpose;
    if (outcome instanceof TransportError) {
      exchange.transportError = { kind: outcome.kind, message: redact(outcome.message) };
      return exchange;
    }
    const json = parseJson(outcome.body);
    // A key minted by this response is a secret from now on, this record included.
    for (const secret of mintedSecrets(json, outcome.body)) redact.add(secret);
    exchange.response = {
      status: outcome.status,
      headers: redactHeaders(outcome.headers, redact),
      body: redact(outcome.body.slice(0, EXCERPT_CHARS)),
      json,
    };
    return exchange;
  }
}

/** The parsed body, or undefined when it is empty or not JSON. */
function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What came of a request sent until the API answered. */
interface Delivered {
  outcome: RawResponse | TransportError;
  /** Proxy answers (or resets) it was sent again after. */
  retried: number;
  /** Given up on (the panel, or the request cancelled): `outcome` is a
   *  proxy's answer. */
  gaveUp: boolean;
}

/** Proxy answers that say nothing of the panel (502, 503, 504, often HTML)
 *  and connections reset mid-request. */
const TRANSIENT_STATUS = new Set([502, 503, 504]);
const RESET = /reset|closed by the server/;

/** The outcome as a proxy's answer, or undefined when it is the answer: the
 *  API's, or a POST's without the Idempotency-Key that makes sending it
 *  again safe. */
function proxyAnswer(outcome: RawResponse | TransportError, prepared: RawRequest): ProxyAnswer | undefined {
  if (prepared.method === 'POST' && !prepared.headers['idempotency-key']) return undefined;
  if (outcome instanceof TransportError) return outcome.kind === 'network' && RESET.test(outcome.message) ? { what: outcome.message } : undefined;
  if (!TRANSIENT_STATUS.has(outcome.status)) return undefined;
  const retryAfter = readRateHeaders(outcome.headers).retryAfter;
  const type = outcome.headers['content-type']?.split(';')[0];
  return { retryAfterMs: retryAfter === undefined ? undefined : retryAfter * 1000, what: type ? `${outcome.status} ${type}` : String(outcome.status) };
}
