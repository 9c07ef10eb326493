import { appendFileSync } from 'node:fs';
import type { Exchange } from '../model.ts';
import type { ApiClient } from '../http/client.ts';
import { runPassiveChecks } from '../checks/passive.ts';
import type { Verdict } from '../checks/types.ts';
import type { RunInput } from './input.ts';
import { createRunServices, httpLogFile, type RunServices } from './services.ts';

/** State the lifecycle builds up, read by the steps after it. */
export interface LifecycleState {
  username?: string;
  /** Values later operations take as path parameters (the IP an ips POST
   *  added, for the DELETE of it), by parameter name. */
  yielded: Record<string, string>;
  /** The last body each read returned, by operationId. */
  reads: Record<string, unknown>;
}

/** What the role suite found out about the reseller key. */
export interface RoleState {
  client?: ApiClient;
  ownUsername?: string;
  /** Set when role cases cannot be judged, with the reason. */
  unusable?: string;
  /** The secret of the key the run minted; absent for a given key. */
  mintedSecret?: string;
  /** A minted key has read its own record: it is scoped for role cases. */
  confirmed?: boolean;
}

/** A run's services plus what its cases learn as they go; one per panel,
 *  shared by every suite of it (they run in one worker so that the budgets
 *  are shared). Every exchange gets its passive verdicts and a line in the HTTP
 *  log as it arrives. */
export interface RunContext extends RunServices {
  readonly lifecycle: LifecycleState;
  readonly roles: RoleState;
  /** Fixture resellers of the negative suites, by suite. */
  readonly fixtures: Map<string, string>;
  /** The passive verdicts computed when the exchange arrived. */
  passive(ex: Exchange): Verdict[];
  /** Starts the admin and reseller budgets where the preflight left them. */
  seedBudgets(): Promise<void>;
}

export function createRunContext(input: RunInput): RunContext {
  const verdicts = new WeakMap<Exchange, Verdict[]>();
  const observe = (ex: Exchange) => {
    verdicts.set(ex, runPassiveChecks(ex, { rate: input.rate, windowMs: input.windowMs, now: Date.now(), errorCodes: services.spec.errorCodes }));
    // Parsed bodies stay in memory: they may hold a minted secret.
    const { json: _json, ...response } = ex.response ?? { json: undefined };
    appendFileSync(httpLogFile(input.runDir), `${JSON.stringify({ ...ex, response: ex.response ? response : undefined })}\n`);
  };
  const services = createRunServices(input, observe);
  return {
    ...services,
    lifecycle: { reads: {}, yielded: {} },
    roles: {},
    fixtures: new Map(),
    passive: (ex) => verdicts.get(ex) ?? [],
    seedBudgets: async () => {
      if (input.preflightRate) await services.budgets.admin.seed(input.preflightRate);
      if (input.resellerKey?.rate) await services.budgets.reseller.seed(input.resellerKey.rate);
    },
  };
}

/** By run ID: a fleet's panels share the worker, each with its own services. */
const runs = new Map<string, RunContext>();

/** The run of `input` in this worker; created on first use. */
export function getRun(input: RunInput): RunContext {
  let run = runs.get(input.runId);
  if (!run) runs.set(input.runId, (run = createRunContext(input)));
  return run;
}
