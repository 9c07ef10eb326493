import { setMaxListeners } from 'node:events';
import type { Exchange } from '../model/exchange.ts';
import type { AnsweredWrite } from '../checks/refused.ts';
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
  /** The body each write sent, by operationId, once it was answered 2xx. */
  written: Record<string, unknown>;
  /** Parts added beside the yielded one (a second IP), by parameter name:
   *  removing one must leave these. */
  siblings: Record<string, string[]>;
  /** The list before the writes (the census's start, the bystanders'
   *  records) and after them. */
  lists: { beforeWrites?: Exchange; afterWrites?: Exchange };
  /** Records the run does not own whose parts certify reads around the
   *  writes: each part's body before them, by username and operationId. */
  others: Map<string, Record<string, unknown>>;
  /** Whether removing one named part (an IP) removed only it (LIFE-IP-REMOVED). */
  exactRemoval?: boolean;
  /** Whether the lifecycle showed that its writes land on the record they
   *  name and a removal takes only what it names (LIFE-IP-REMOVED, then
   *  SAFE-WRITE-CONTAINED on the bystander's parts): settled by the
   *  bystander's read, false once the lifecycle's suite ended without it.
   *  The admin's writes on a record the run does not own wait for it. */
  contained: Settling<boolean>;
}

/** A value later cases wait for; the first settle counts. */
export interface Settling<T> {
  readonly value: Promise<T>;
  settle(value: T): void;
}

export function settling<T>(): Settling<T> {
  let settle!: (value: T) => void;
  const value = new Promise<T>((resolve) => (settle = resolve));
  return { value, settle };
}

/** The run's reseller named like the lifecycle's (see RunContext). */
export interface BystanderState {
  username?: string;
  /** Why there is none: the server would not create it. */
  unusable?: string;
  /** Distinctive values the run wrote to its parts and read back, by the
   *  part's operationId: a reset or a rewrite of every record loses them. */
  keeps: Record<string, Array<string | number>>;
}

/** The validation suite's writes to its fixture, for the refusals suite
 *  to read the parts they named. */
export interface FixtureWrites {
  /** The fixture written to (it outlives its suite when its parts are read). */
  username?: string;
  /** Every write to the fixture with a JSON object body, in the order answered. */
  writes: FixtureWrite[];
}

/** A write to the fixture, by operation. */
export interface FixtureWrite extends AnsweredWrite {
  operationId: string;
}

/** What the role suite found out about the reseller key. */
/** The keys the key suite issued, by kind: the full one outlives its
 *  reseller's delete. */
export interface KeyState {
  full?: { secret: string; username: string };
}

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
 *  cancelled), or the panel stays unavailable past its budget, none of its
 *  requests is sent any more; the final clean-up uses the services' own. */
export interface RunContext extends RunServices {
  readonly lifecycle: LifecycleState;
  readonly roles: RoleState;
  readonly keys: KeyState;
  /** Fixture resellers of the negative suites, by suite. */
  readonly fixtures: Map<string, string>;
  /** A reseller of the run's own named like the lifecycle's (its name and
   *  one more character), created before the suites and removed after them:
   *  the writes must not reach it, and the reseller key is refused it. */
  readonly bystander: BystanderState;
  readonly fixtureWrites: FixtureWrites;
  /** Each check that judged something in this run ("REQUIREMENT check_name"). */
  readonly reached: Set<string>;
  /** Starts the admin and reseller budgets where the preflight left them. */
  seedBudgets(): Promise<void>;
}

export function createRunContext(services: RunServices, signal?: AbortSignal): RunContext {
  const { input, budgets, unavailability } = services;
  const stop = signal ? AbortSignal.any([signal, unavailability.stopped]) : unavailability.stopped;
  // Every waiting request listens to it.
  setMaxListeners(0, stop);
  return {
    ...services,
    client: services.client.withSignal(stop),
    lifecycle: { reads: {}, yielded: {}, written: {}, siblings: {}, lists: {}, others: new Map(), contained: settling() },
    roles: {},
    keys: {},
    fixtures: new Map(),
    bystander: { keeps: {} },
    fixtureWrites: { writes: [] },
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
