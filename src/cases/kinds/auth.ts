// Every operation without a key, with an unknown key, with malformed headers.
import type { CaseKindPlan } from './kind.ts';
import type { AuthVariant, NearMiss, Profile } from '../../model/case.ts';
import { documentedCode, makeCase } from '../make.ts';

/** A malformed header may be refused with another 4xx than 401 (a
 *  convention), but never served: that is a way in without a key. */
const VARIANTS: Array<{ header: AuthVariant; requirement: string; profile: Profile; label: string; malformed?: true }> = [
  { header: 'missing', requirement: 'AUTH-MISSING-401', profile: 'default', label: 'no Authorization header' },
  { header: 'unknown-key', requirement: 'AUTH-INVALID-401', profile: 'default', label: 'a wrong wsp_ key (the admin key, its last characters changed)' },
  { header: 'bearer-empty', requirement: 'AUTH-MALFORMED-401', profile: 'certify', label: '"Bearer" without a key', malformed: true },
  { header: 'basic', requirement: 'AUTH-MALFORMED-401', profile: 'certify', label: 'a Basic scheme', malformed: true },
];

/** The unknown key takes each form in turn, operation by operation: a
 *  server that compares a key by its prefix, or by the key's length only
 *  (the key and anything after it), or looks it up by LIKE 'token%' (any
 *  start of a key) lets one of them in. */
const NEAR_MISSES: Array<{ miss: NearMiss; label: string }> = [
  { miss: 'tail-changed', label: 'a wrong wsp_ key (the admin key, its last characters changed)' },
  { miss: 'tail-added', label: 'a wrong wsp_ key (the admin key and two more characters)' },
  { miss: 'tail-dropped', label: 'a wrong wsp_ key (the admin key less its last character)' },
];

export const auth: CaseKindPlan<'auth'> = {
  name: 'auth',
  suite: 'auth',
  summary: 'every operation without a key, with an unknown key, with malformed Authorization headers',
  deferrable: true,
  standsAlone: true,
  plan: (spec) =>
    spec.operations.flatMap((op, i) =>
      VARIANTS.map((v) => {
        const near = v.header === 'unknown-key' ? NEAR_MISSES[i % NEAR_MISSES.length] : undefined;
        return makeCase(op, 'auth', v.header, near?.label ?? v.label, {
          credential: v.header === 'missing' ? 'none' : 'invalid',
          // A name that never exists: even a server that ignores auth harms nothing.
          target: op.hints.target === 'none' ? 'none' : 'missing',
          variant: { type: 'auth', header: v.header, ...(near ? { miss: near.miss } : {}) },
          expect: {
            status: 401,
            code: documentedCode(spec.errorCodes, 401),
            requirement: v.requirement,
            ...(v.malformed ? { neverServed: 'SAFE-INVALID-REFUSED' } : {}),
          },
          profile: v.profile,
        });
      }),
    ),
};
