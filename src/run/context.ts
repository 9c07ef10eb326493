import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Exchange, Requirement } from '../model.ts';
import { loadSpec, type LoadedSpec } from '../spec/load.ts';
import { loadRequirements } from '../spec/requirements.ts';
import { ResponseValidators } from '../spec/validators.ts';
import { generatePlan } from '../cases/generate.ts';
import type { Plan } from '../cases/types.ts';
import { Budget, type BudgetKey, type RateHeaders } from '../http/budget.ts';
import { ApiClient } from '../http/client.ts';
import { createDispatcher } from '../http/transport.ts';
import { createRedactor, type Redactor } from '../http/redact.ts';
import { runPassiveChecks } from '../checks/passive.ts';
import type { Verdict } from '../checks/types.ts';
import { DataFactory, runPrefix } from '../../fixtures/data.ts';
import { Ledger } from './ledger.ts';
import type { RunInput } from './input.ts';

/** State the lifecycle builds up, read by the steps after it. */
export interface LifecycleState {
  username?: string;
  /** The address addResellerIp assigned, for removeResellerIp. */
  ip?: string;
  /** The last body each read returned, by operationId. */
  reads: Record<string, unknown>;
}

/** What the role suite found out about the reseller key. */
export interface RoleState {
  client?: ApiClient;
  ownUsername?: string;
  /** Set when role cases cannot be judged, with the reason. */
  unusable?: string;
  minted: boolean;
  /** A minted key has read its own record: it is scoped for role cases. */
  confirmed?: boolean;
}

/** Everything a worker needs to run cases, built once per run and shared by
 *  every suite (the suites run in one worker so that the budgets are shared). */
export class RunContext {
  readonly spec: LoadedSpec;
  readonly requirements: Map<string, Requirement>;
  readonly validators: ResponseValidators;
  readonly plan: Plan;
  readonly data: DataFactory;
  readonly prefix: string;
  readonly ledger: Ledger;
  readonly budgets: Record<BudgetKey, Budget>;
  readonly client: ApiClient;
  readonly redact: Redactor;
  readonly lifecycle: LifecycleState = { reads: {} };
  readonly roles: RoleState = { minted: false };
  /** Fixture resellers of the negative suites, by suite. */
  readonly fixtures = new Map<string, string>();
  private readonly passiveVerdicts = new WeakMap<Exchange, Verdict[]>();

  constructor(readonly input: RunInput) {
    this.spec = loadSpec();
    this.requirements = loadRequirements();
    this.validators = new ResponseValidators(this.spec);
    this.plan = generatePlan(this.spec, input.planOptions);
    this.data = new DataFactory(input.seed, runPrefix(input.runId));
    this.prefix = runPrefix(input.runId);
    this.ledger = new Ledger(join(input.runDir, 'ledger.jsonl'));
    const budget = () => new Budget({ rate: input.rate, windowMs: input.windowMs });
    this.budgets = { admin: budget(), reseller: budget(), anonymous: budget() };
    this.redact = createRedactor([input.adminToken, input.resellerToken]);
    this.client = new ApiClient({
      baseUrl: input.baseUrl,
      tokens: { admin: input.adminToken, reseller: input.resellerToken },
      timeoutMs: input.timeoutMs,
      dispatcher: createDispatcher(input.tls, input.timeoutMs),
      budgets: this.budgets,
      redact: this.redact,
      onExchange: (ex) => this.observe(ex),
    });
  }

  /** Start the admin budget where the preflight left it. */
  async seedBudget(h: RateHeaders | undefined): Promise<void> {
    if (h) await this.budgets.admin.seed(h);
  }

  /** The passive verdicts computed when the exchange arrived. */
  passive(ex: Exchange): Verdict[] {
    return this.passiveVerdicts.get(ex) ?? [];
  }

  private observe(ex: Exchange): void {
    const verdicts = runPassiveChecks(ex, { rate: this.input.rate, windowMs: this.input.windowMs, now: Date.now() });
    this.passiveVerdicts.set(ex, verdicts);
    const { json: _json, ...response } = ex.response ?? { json: undefined };
    appendFileSync(join(this.input.runDir, 'http.jsonl'), `${JSON.stringify({ ...ex, response: ex.response ? response : undefined })}\n`);
  }
}

let current: RunContext | undefined;

/** The run of this worker; created on first use from the injected input. */
export function getRun(input: RunInput): RunContext {
  current ??= new RunContext(input);
  return current;
}
