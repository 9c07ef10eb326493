import type { ApiClient } from '../http/client.ts';
import type { RunInput } from './input.ts';
import { createRunServices, type RunServices } from './services.ts';

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

/** A run's services as its cases use them, plus what they learn as they go;
 *  one per panel, shared by every suite of it (so that the budgets are
 *  shared). Its client is the engine's: once `signal` aborts (the run was
 *  cancelled), none of its requests is sent any more; the final clean-up
 *  uses the services' own. */
export interface RunContext extends RunServices {
  readonly lifecycle: LifecycleState;
  readonly roles: RoleState;
  /** Fixture resellers of the negative suites, by suite. */
  readonly fixtures: Map<string, string>;
  /** Each check that judged something in this run ("REQUIREMENT check_name"). */
  readonly reached: Set<string>;
  /** Starts the admin and reseller budgets where the preflight left them. */
  seedBudgets(): Promise<void>;
}

export function createRunContext(services: RunServices, signal?: AbortSignal): RunContext {
  const { input, budgets } = services;
  return {
    ...services,
    client: signal ? services.client.withSignal(signal) : services.client,
    lifecycle: { reads: {}, yielded: {} },
    roles: {},
    fixtures: new Map(),
    reached: new Set(),
    seedBudgets: async () => {
      if (input.preflightRate) await budgets.admin.seed(input.preflightRate);
      if (input.resellerKey?.rate) await budgets.reseller.seed(input.resellerKey.rate);
    },
  };
}

/** By run ID: under plain vitest, the worker builds each run's context on
 *  first use. */
const runs = new Map<string, RunContext>();

/** The run of `input` in this process; created on first use. */
export function getRun(input: RunInput): RunContext {
  let run = runs.get(input.runId);
  if (!run) runs.set(input.runId, (run = createRunContext(createRunServices(input))));
  return run;
}
