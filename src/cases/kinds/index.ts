// The registry of case kinds, in the order their suites run. The kind list,
// the suites, --include/--exclude values and the help text come from here:
// adding a kind is adding its module (and its test) and one line below.
import type { CaseKindModule } from './kind.ts';
import { positive } from './positive.ts';
import { lifecycle } from './lifecycle.ts';
import { auth } from './auth.ts';
import { role } from './role.ts';
import { validation } from './validation.ts';
import { notFound } from './not-found.ts';
import { rateLimit } from './rate-limit.ts';

export const KINDS = [positive, lifecycle, auth, role, validation, notFound, rateLimit] as const;

export type CaseKind = (typeof KINDS)[number]['name'];

export const CASE_KINDS: readonly CaseKind[] = KINDS.map((k) => k.name);

const byName = new Map<string, CaseKindModule>(KINDS.map((k) => [k.name, k]));

export function kindOf(name: CaseKind): CaseKindModule {
  return byName.get(name)!;
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
  const add = (k: CaseKindModule) => {
    const def = suites.get(k.suite) ?? { name: k.suite, kinds: [], fixture: false };
    def.kinds.push(k.name as CaseKind);
    def.fixture ||= Boolean(k.fixture);
    suites.set(k.suite, def);
  };
  KINDS.filter((k) => !k.runsLast).forEach(add);
  const deferrable = KINDS.filter((k) => k.deferrable).map((k) => k.name as CaseKind);
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
