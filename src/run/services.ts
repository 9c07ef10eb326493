// One run's services, built once per panel and process by one factory: the
// orchestration (preflight, engine, final clean-up) and, under plain vitest,
// the worker that runs the cases get them from here.
import { join } from 'node:path';
import type { Credential, Exchange } from '../model/exchange.ts';
import type { Requirement } from '../model/finding.ts';
import type { Plan } from '../model/case.ts';
import { loadSpec, type LoadedSpec } from '../spec/load.ts';
import { loadRequirements } from '../spec/requirements.ts';
import { ResponseValidators } from '../spec/validators.ts';
import { generatePlan } from '../cases/generate.ts';
import { InFlightGate } from '../http/in-flight.ts';
import { Budget } from '../http/budget.ts';
import type { BudgetKey } from '../model/exchange.ts';
import { ApiClient } from '../http/client.ts';
import { createDispatcher } from '../http/transport.ts';
import { createRedactor, type Redactor } from '../http/redact.ts';
import { BudgetWaits } from '../http/waits.ts';
import { Unavailability } from '../http/unavailability.ts';
import { RateAccounts } from '../http/rate-account.ts';
import { DataFactory, runPrefix } from '../../fixtures/data.ts';
import { Ledger } from './ledger.ts';
import type { RunInput } from './input.ts';

export interface RunServices {
  readonly input: RunInput;
  readonly spec: LoadedSpec;
  readonly requirements: ReadonlyMap<string, Requirement>;
  readonly validators: ResponseValidators;
  readonly plan: Plan;
  readonly data: DataFactory;
  /** What every name the run creates starts with. */
  readonly prefix: string;
  readonly ledger: Ledger;
  /** One per credential: nothing reaches the network without passing one. */
  readonly budgets: Record<BudgetKey, Budget>;
  /** What the budgets wait for now (the progress line shows it). */
  readonly waits: BudgetWaits;
  readonly client: ApiClient;
  /** The panel's outages, shared by every request and budget of the run. */
  readonly unavailability: Unavailability;
  readonly redact: Redactor;
  /** What every request of the run cost, as the exchanges tell it. */
  readonly tally: RunTally;
}

/** Requests per credential (429s and proxy retries included, each a request
 *  sent), 429s received, and requests sent again after a proxy's 502, 503 or
 *  504 or a reset connection. */
export interface RunTally {
  requests: Partial<Record<Credential, number>>;
  /** Of them, those sent for the data-safety checks alone. */
  dataSafety: Partial<Record<Credential, number>>;
  rateLimited429s: number;
  transientRetries: number;
}

function countInto(tally: RunTally, ex: Exchange): void {
  const transient = ex.transientRetries ?? 0;
  const sent = 1 + ex.rateLimitedRetries + transient;
  tally.requests[ex.credential] = (tally.requests[ex.credential] ?? 0) + sent;
  if (ex.purpose === 'data-safety') tally.dataSafety[ex.credential] = (tally.dataSafety[ex.credential] ?? 0) + sent;
  tally.rateLimited429s += ex.rateLimitedRetries + (ex.response?.status === 429 ? 1 : 0);
  tally.transientRetries += transient;
}

/** The ledger of a run's scratch folder: written by whichever process runs
 *  the cases, read by the final clean-up. */
export const ledgerFile = (runDir: string) => join(runDir, 'ledger.jsonl');

export function createRunServices(input: RunInput): RunServices {
  const spec = loadSpec();
  const prefix = runPrefix(input.runId);
  const concurrency = input.concurrency ?? 1;
  // Keys given at start may be shared with other processes; a key minted by
  // the run, or no key, is this run's alone.
  // Loaded only when asked for: Redis' client is no cost of an ordinary run.
  const shared = (token: string | undefined) =>
    input.budgetRedis && token
      ? import('../http/shared-budget.ts').then(({ budgetId, SharedBudgetGate }) =>
          SharedBudgetGate.connect(input.budgetRedis!, { id: budgetId(input.baseUrl, token), rate: input.rate, windowMs: input.windowMs }),
        )
      : undefined;
  const waits = new BudgetWaits();
  const budget = (key: BudgetKey, token?: string) =>
    new Budget({ rate: input.rate, windowMs: input.windowMs, concurrency, onWait: (until) => waits.announce(key, until), shared: shared(token) });
  const budgets = { admin: budget('admin', input.token), reseller: budget('reseller', input.resellerToken), anonymous: budget('anonymous') };
  const redact = createRedactor([input.token, input.resellerToken]);
  const tally: RunTally = { requests: {}, dataSafety: {}, rateLimited429s: 0, transientRetries: 0 };
  const unavailability = new Unavailability({ budgetMs: input.unavailableBudgetMs });
  return {
    input,
    spec,
    requirements: loadRequirements(),
    validators: new ResponseValidators(spec),
    plan: generatePlan(spec, input.planOptions),
    data: new DataFactory(input.seed, prefix),
    prefix,
    ledger: new Ledger(ledgerFile(input.runDir)),
    budgets,
    waits,
    redact,
    unavailability,
    client: new ApiClient({
      baseUrl: input.baseUrl,
      tokens: { admin: input.token, reseller: input.resellerToken },
      timeoutMs: input.timeoutMs,
      dispatcher: createDispatcher(input.tls, input.timeoutMs),
      budgets,
      inFlight: new InFlightGate(concurrency),
      unavailability,
      redact,
      onExchange: (ex) => countInto(tally, ex),
      rateAccounts: ownKeys(input) ? new RateAccounts(input.rate, input.windowMs) : undefined,
    }),
    tally,
  };
}

/** Certify takes the run's keys as its own, so that their headers are held
 *  to the run's own count; not when other processes share them (a budget in
 *  Redis, shards of one run). */
export function ownKeys(input: RunInput): boolean {
  return input.planOptions.profile === 'certify' && !input.budgetRedis && !input.planOptions.shard;
}

/** Before the first request: a shared budget that cannot be reached is a
 *  configuration error, named with its URL (password hidden). */
export async function connectBudgets(services: Pick<RunServices, 'budgets'>): Promise<void> {
  await Promise.all(Object.values(services.budgets).map((b) => b.connected()));
}

export async function stopBudgets(services: Pick<RunServices, 'budgets'>): Promise<void> {
  await Promise.all(Object.values(services.budgets).map((b) => b.stop()));
}
