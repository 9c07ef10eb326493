// GET|PUT /resellers/:username/limits: the seven limits of the reseller object.
import { invalid } from '../api-error.ts';
import { crashIf } from '../crash.ts';
import type { Has } from '../faults.ts';
import { LIMIT_KEYS, type Limits } from '../records.ts';
import { ok } from '../reply.ts';
import { isLimitValue, MAX_LIMIT } from '../rules.ts';
import { forReseller } from './context.ts';
import { lastOther, writeTargets } from './misdirected.ts';

/** What limits-put-replaces keeps of the limits a PUT does not name. */
const ZERO_LIMITS = Object.fromEntries(LIMIT_KEYS.map((key) => [key, 0])) as Limits;

export const getLimits = forReseller(({ has }, reseller) => {
  // persistence fault: this read is served from a copy no PUT updates.
  const limits = has('limits-sub-stale') ? (reseller.limitsBeforePut ?? reseller.limits) : reseller.limits;
  return ok({ ...limits });
});

/** Partial update: any of the seven keys; unknown keys are ignored. */
export const putLimits = forReseller((ctx, reseller) => {
  const { body, has, store } = ctx;
  // data-safety fault: what was sent is stored before it is checked.
  if (has('limits-validated-after-write')) for (const key of LIMIT_KEYS) if (Object.hasOwn(body(), key)) Object.assign(reseller.limits, { [key]: body()[key] });
  const changes = readLimitChanges(body(), has);
  // data-safety fault: the limits not named are zeroed, not kept.
  const apply = (limits: Limits): Limits => ({ ...(has('limits-put-replaces') ? ZERO_LIMITS : limits), ...changes });
  // persistence faults: a second copy (the list's or GET /limits') stays as it was before the first PUT.
  if (has('limits-list-stale') || has('limits-sub-stale')) reseller.limitsBeforePut ??= { ...reseller.limits };
  const updated = apply(reseller.limits);
  if (has('limits-put-other-reseller')) {
    // persistence fault: the write lands on the wrong record (an off-by-one lookup).
    const victim = lastOther(store, reseller);
    if (victim) victim.limits = apply(victim.limits);
  } else if (!has('limits-put-not-stored')) {
    for (const target of writeTargets(ctx, reseller, { all: 'limits-put-all', prefix: 'limits-put-prefix' })) target.limits = apply(target.limits);
  }
  return ok(updated);
});

function readLimitChanges(input: Record<string, unknown>, has: Has): Partial<Limits> {
  const changes: Partial<Limits> = {};
  for (const key of LIMIT_KEYS) {
    if (!Object.hasOwn(input, key)) continue;
    const value = input[key];
    crashIf(has, 'limits-odd-number-500', typeof value === 'number' && !isLimitValue(value), `${key} does not fit an int32 column`);
    if (!isLimitValue(value)) throw invalid(`${key} must be an integer from -1 (unlimited) to ${MAX_LIMIT}`);
    changes[key] = value;
  }
  if (Object.keys(changes).length === 0) throw invalid(`Give at least one of: ${LIMIT_KEYS.join(', ')}`);
  return changes;
}
