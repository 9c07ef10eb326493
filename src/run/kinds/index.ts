// How each kind's cases unfold, by kind (the plans are src/cases/kinds/).
import type { CaseKind } from '../../model/kinds.ts';
import type { KindExecutor } from './kind.ts';
import { lifecycle } from './lifecycle.ts';
import { positive } from './positive.ts';
import { rateLimit } from './rate-limit.ts';
import { refusals } from './refusals.ts';
import { role } from './role.ts';
import { key } from './key.ts';
import { singleRequest } from './single-request.ts';
import { validation } from './validation.ts';

const BY_NAME: { [Name in CaseKind]: KindExecutor<Name> } = {
  positive,
  lifecycle,
  auth: singleRequest('auth'),
  role,
  key,
  validation,
  'not-found': singleRequest('not-found'),
  refusals,
  'rate-limit': rateLimit,
};

export function executorOf(kind: CaseKind): KindExecutor {
  return BY_NAME[kind];
}
