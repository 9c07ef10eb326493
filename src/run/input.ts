import type { PlanOptions } from '../model/case.ts';
import type { Exchange } from '../model/exchange.ts';
import type { TlsOptions } from '../http/transport.ts';
import type { RateHeaders } from '../http/budget.ts';

/** A panel's run as plain JSON, secrets included, never printed: what the
 *  run's services are built from (createRunServices), in the process that
 *  runs the cases (the CLI's own, or under plain vitest its worker, through
 *  vitest's provide/inject). */
export interface RunInput {
  /** The panel's name in a fleet (--targets); absent for a single panel. */
  panel?: string;
  baseUrl: string;
  /** The admin key (--token). */
  token: string;
  /** The reseller key (--reseller-token), when given. */
  resellerToken?: string;
  runId: string;
  seed: number;
  /** Scratch folder of this run: ledger.jsonl. */
  runDir: string;
  rate: number;
  windowMs: number;
  timeoutMs: number;
  /** How long the panel may stay unavailable at a stretch (--unavailable-budget). */
  unavailableBudgetMs: number;
  /** Requests in flight to the panel at once (--concurrency); 1 runs the
   *  cases one after another, in plan order. */
  concurrency?: number;
  /** The Redis that shares each given key's budget across processes. */
  budgetRedis?: string;
  strict: boolean;
  lenient: boolean;
  tls: TlsOptions;
  planOptions: PlanOptions;
  /** Rate-limit headers of the preflight, to start the admin budget from. */
  preflightRate?: RateHeaders;
  /** The preflight's own answer (GET /auth/me with the admin key), judged
   *  by the identity operation's positive case instead of a second request. */
  preflightIdentity?: Exchange;
  /** The preflight's answer for --reseller-token, when given. */
  resellerKey?: GivenResellerKey;
}

/** Whose a given reseller key is, or why the role cases cannot use it; its
 *  answer's rate-limit headers start the reseller budget. */
export type GivenResellerKey = { rate?: RateHeaders } & ({ username: string } | { unusable: string });
