// The registry of case kinds, in the order their suites run: what each
// plans, and the suites derived from them. Adding a kind is adding its name
// (src/model/kinds.ts), its plan here and its executor (src/run/kinds/), each
// a module with its test beside it, and one line in each registry.
import type { CaseKind } from '../../model/kinds.ts';
import type { CaseKindPlan } from './kind.ts';
import { positive } from './positive.ts';
import { lifecycle } from './lifecycle.ts';
import { auth } from './auth.ts';
import { role } from './role.ts';
import { key } from './key.ts';
import { validation } from './validation.ts';
import { notFound } from './not-found.ts';
import { refusals } from './refusals.ts';
import { rateLimit } from './rate-limit.ts';

const BY_NAME: { [Name in CaseKind]: CaseKindPlan<Name> } = {
  positive,
  lifecycle,
  auth,
  role,
  key,
  validation,
  'not-found': notFound,
  'rate-limit': rateLimit,
  refusals,
};

/** In the order of src/model/kinds.ts: the order their suites run. */
export const KINDS: readonly CaseKindPlan[] = Object.values(BY_NAME);

export function kindOf(name: CaseKind): CaseKindPlan {
  return BY_NAME[name];
}

export interface SuiteDef {
  name: string;
  kinds: CaseKind[];
  /** The suite's negative cases need a reseller of the run's own. */
  fixture: boolean;
  /** The suite runs the deferred cases of its kinds (and only those). */
  deferred?: boolean;
}

/** The suite that runs the cases deferred past their key's first window. */
const DEFERRED = 'deferred';

/** The suites in run order: one per distinct suite name of the kinds; then
 *  the deferred cases of deferrable kinds; then the kinds that run last. */
export const SUITES: readonly SuiteDef[] = (() => {
  const suites = new Map<string, SuiteDef>();
  const add = (k: CaseKindPlan) => {
    const def = suites.get(k.suite) ?? { name: k.suite, kinds: [], fixture: false };
    def.kinds.push(k.name);
    def.fixture ||= Boolean(k.fixture);
    suites.set(k.suite, def);
  };
  KINDS.filter((k) => !k.runsLast).forEach(add);
  const deferrable = KINDS.filter((k) => k.deferrable).map((k) => k.name);
  const deferred: SuiteDef[] = deferrable.length ? [{ name: DEFERRED, kinds: deferrable, fixture: false, deferred: true }] : [];
  const first = [...suites.values()];
  suites.clear();
  KINDS.filter((k) => k.runsLast).forEach(add);
  return [...first, ...deferred, ...suites.values()];
})();

/** The suite a case runs in. */
export function suiteOf(c: { kind: CaseKind; deferred?: boolean }): SuiteDef {
  return SUITES.find((s) => s.kinds.includes(c.kind) && Boolean(s.deferred) === Boolean(c.deferred))!;
}
