// One run's services, built once by one factory: the CLI process (preflight,
// final clean-up), the vitest worker (the cases) and the self-tests all get
// them from here.
import { join } from 'node:path';
import type { Exchange, Requirement } from '../model.ts';
import { loadSpec, type LoadedSpec } from '../spec/load.ts';
import { loadRequirements } from '../spec/requirements.ts';
import { ResponseValidators } from '../spec/validators.ts';
import { generatePlan } from '../cases/generate.ts';
import type { Plan } from '../cases/types.ts';
import { InFlightGate } from '../http/in-flight.ts';
import { Budget, type BudgetKey } from '../http/budget.ts';
import { ApiClient } from '../http/client.ts';
import { createDispatcher } from '../http/transport.ts';
import { createRedactor, type Redactor } from '../http/redact.ts';
import { DataFactory, runPrefix } from '../../fixtures/data.ts';
import { Ledger } from './ledger.ts';
import { announceWait } from '../wait-signal.ts';
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
  readonly client: ApiClient;
  readonly redact: Redactor;
}

/** The ledger of a run's scratch folder: the worker writes it, the CLI
 *  process cleans up after it. */
export const ledgerFile = (runDir: string) => join(runDir, 'ledger.jsonl');
/** Every exchange of the worker, as JSON lines. */
export const httpLogFile = (runDir: string) => join(runDir, 'http.jsonl');

export function createRunServices(input: RunInput, onExchange?: (ex: Exchange) => void): RunServices {
  const spec = loadSpec();
  const prefix = runPrefix(input.runId);
  const concurrency = input.concurrency ?? 1;
  // Keys given at start may be shared with other processes; a key minted by
  // the run, or no key, is this run's alone.
  // Loaded only when asked for: Redis' client is no cost of an ordinary run.
  const shared = (token: string | undefined) =>
    input.budgetRedis && token
      ? import('../http/shared-budget.ts').then(({ budgetId, SharedBudgetGate }) => SharedBudgetGate.connect(input.budgetRedis!, { id: budgetId(input.baseUrl, token), rate: input.rate, windowMs: input.windowMs }))
      : undefined;
  const budget = (key: BudgetKey, token?: string) =>
    new Budget({ rate: input.rate, windowMs: input.windowMs, concurrency, onWait: (until) => announceWait(input.runDir, key, until), shared: shared(token) });
  const budgets = { admin: budget('admin', input.adminToken), reseller: budget('reseller', input.resellerToken), anonymous: budget('anonymous') };
  const redact = createRedactor([input.adminToken, input.resellerToken]);
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
    redact,
    client: new ApiClient({
      baseUrl: input.baseUrl,
      tokens: { admin: input.adminToken, reseller: input.resellerToken },
      timeoutMs: input.timeoutMs,
      dispatcher: createDispatcher(input.tls, input.timeoutMs),
      budgets,
      inFlight: new InFlightGate(concurrency),
      redact,
      onExchange,
    }),
  };
}

/** Before the first request: a shared budget that cannot be reached is a
 *  configuration error, named with its URL (password hidden). */
export async function connectBudgets(services: Pick<RunServices, 'budgets'>): Promise<void> {
  await Promise.all(Object.values(services.budgets).map((b) => b.connected()));
}

export async function stopBudgets(services: Pick<RunServices, 'budgets'>): Promise<void> {
  await Promise.all(Object.values(services.budgets).map((b) => b.stop()));
}
