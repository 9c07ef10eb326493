// A planned case: pure data, deterministic given the spec, the options and
// the seed, from the plan (src/cases/) to the engine (src/run/) and every
// report.
import type { BudgetKey, Credential, StatusExpectation } from './exchange.ts';
import type { CaseKind } from './kinds.ts';

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

/** A case's identity alone (a planned case carries more), its fields in this order. */
export function caseIdentity({ id, operationId, group, kind, title, credential, requirements }: CaseIdentity): CaseIdentity {
  return { id, operationId, group, kind, title, credential, requirements };
}

/** Whose record a case's path names. */
export type Target =
  | 'none'
  /** The reseller the lifecycle created (positive cases). */
  | 'lifecycle'
  /** A reseller the run created for negative cases (validation, roles). */
  | 'fixture'
  /** The reseller that owns the reseller key. */
  | 'own'
  /** The run's reseller named like the lifecycle's (its name and one more
   *  character): another reseller the writes must not reach, and the other
   *  record the reseller key is refused. */
  | 'bystander'
  /** A name with the run's prefix that is never created. */
  | 'missing';

export type AuthVariant = 'missing' | 'unknown-key' | 'bearer-empty' | 'basic';

/** How an unknown key misses the admin key: its last characters changed,
 *  two more added, or its last one dropped. */
export type NearMiss = 'tail-changed' | 'tail-added' | 'tail-dropped';

/** What a positive case checks after its own answer: the list shows the
 *  record just created; the read shows what the write before it changed;
 *  the record deleted is gone everywhere. */
export type FollowUp = 'list-contains' | 'shows-write' | 'confirm-gone';

export type Variant =
  | { type: 'positive'; then?: FollowUp }
  /** A reseller key reads its own record: the first such read tells whether
   *  a minted key works at all. */
  | { type: 'own-read' }
  /** A reseller key writes its own record: refused, and probed so that an
   *  accepting server changes nothing the run does not own. */
  | { type: 'own-write' }
  | { type: 'auth'; header: AuthVariant; miss?: NearMiss }
  | { type: 'omit-field'; field: string }
  | { type: 'empty-field'; field: string }
  | { type: 'wrong-type'; field: string; value: unknown }
  | { type: 'malformed-json' }
  | { type: 'non-json' }
  | { type: 'invalid-value'; field: string; value: unknown }
  /** Input no vendor rule covers (fixtures/bodies.ts unusualInputs). */
  | { type: 'unusual-value'; field?: string; value: UnusualValue }
  /** A duplicate create, then the list after the writes. */
  | { type: 'duplicate' }
  /** The bystander's parts after the writes. */
  | { type: 'contained' }
  /** The parts of the bystander and of records the run does not own,
   *  before the writes (certify). */
  | { type: 'before-writes' }
  /** The parts of the validation fixture its refused writes named, after
   *  them (certify, the refusals suite). */
  | { type: 'fixture-parts' }
  /** The parts of records the run does not own, after the writes (certify). */
  | { type: 'others-after' }
  | { type: 'mint-key' }
  | { type: 'exceed-limit' }
  | { type: 'deleted-key' }
  /** A key the admin issues for the run's own reseller (certify): of scope
   *  all, without permissions (the default), or whitelisted for addresses
   *  the run does not come from; then the first of them once the admin
   *  deleted its reseller. */
  | { type: 'issued-key'; key: IssuedKeyKind };

export type IssuedKeyKind = 'full' | 'default' | 'whitelisted' | 'deleted';

export interface Expectation {
  /** Exact status, or a class ('<500': anything but a server error). */
  status: StatusExpectation;
  /** Envelope code, when the status is an error. */
  code?: string;
  requirement: string;
  /** The request cannot be valid: whatever the status, serving it (a 2xx)
   *  fails this requirement, a standard one (data safety). */
  neverServed?: string;
}

export const PROFILES = ['default', 'certify'] as const;

export type Profile = (typeof PROFILES)[number];

/** A value that breaks a field in an unusual way: a literal, or a name that
 *  starts with the run's prefix (so that a server which accepts it leaves a
 *  record the clean-up can find), padded to a length. */
export type UnusualValue = { literal: unknown } | { prefixed: string; length?: number };

export interface PlanOptions {
  profile: Profile;
  include: string[];
  exclude: string[];
  readOnly: boolean;
  /** A reseller key was given, so none is minted and its owner is not ours. */
  hasResellerToken: boolean;
  /** Only cases whose ID or title match run (a regular expression). */
  filter?: string;
  /** Only cases of these operationIds run (--operation). */
  operations?: string[];
  /** Only cases that stand for any of these requirement IDs run (--requirement). */
  requirements?: string[];
  /** Requests per window per key (default: the spec's documented limit). */
  rate?: number;
  /** Run only shard `index` of `count` (1-based, --shard). */
  shard?: { index: number; count: number };
}

/** One planned case: pure data, deterministic given the spec, the options
 *  and the seed. Executed by its kind (src/run/kinds/). */
export interface PlannedCase extends CaseIdentity {
  /** The smallest profile the case belongs to. */
  profile: Profile;
  /** Sends something other than GET to an operation. */
  write: boolean;
  target: Target;
  variant: Variant;
  expect: Expectation;
  /** Requests it plans to send, per budget. */
  cost: Partial<Record<BudgetKey, number>>;
  /** Its step in its suite, where order matters (one record's life: create
   *  0 ... delete 6; one key's: minted, confirmed, used). The steps run in
   *  order, the cases of one step side by side; absent: 0, every case
   *  standing alone. */
  phase?: number;
  /** Set when the user turned the case off; it is reported as disabled. */
  disabled?: string;
  /** Set when it cannot run in this configuration (e.g. --read-only). */
  skip?: string;
  /** Runs in the last suite, once its key's first window has passed. */
  deferred?: boolean;
}

export interface Plan {
  cases: PlannedCase[];
  /** Requests of set-up and clean-up outside cases, per budget. */
  overhead: Partial<Record<BudgetKey, number>>;
}
