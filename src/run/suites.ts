import type { CaseKind } from '../model.ts';

export interface SuiteDef {
  name: string;
  kinds: CaseKind[];
  /** The suite's negative cases need a reseller of the run's own. */
  fixture?: boolean;
  /** The suite runs the deferred cases of its kinds (and only those). */
  deferred?: boolean;
}

/** The suites, in the order they run (suites/ holds one file each). The
 *  lifecycle comes first; then the deferred cases (see deferOverflow); the
 *  active rate-limit test, which spends a window, comes last. */
export const SUITES = {
  lifecycle: { name: 'lifecycle', kinds: ['positive', 'lifecycle'] },
  auth: { name: 'auth', kinds: ['auth'] },
  roles: { name: 'roles', kinds: ['role'], fixture: true },
  validation: { name: 'validation', kinds: ['validation'], fixture: true },
  notFound: { name: 'not-found', kinds: ['not-found'] },
  deferred: { name: 'deferred', kinds: ['auth'], deferred: true },
  rateLimit: { name: 'rate-limit', kinds: ['rate-limit'] },
} as const satisfies Record<string, SuiteDef>;
