// GET|PUT /resellers/:username/limits: the seven limits of the reseller object.
import { invalid } from '../api-error.ts';
import { crashIf } from '../crash.ts';
import type { Has } from '../faults.ts';
import { LIMIT_KEYS, type Limits } from '../records.ts';
import { ok } from '../reply.ts';
import { isLimitValue, MAX_LIMIT } from '../rules.ts';
import { forReseller } from './context.ts';

export const getLimits = forReseller((_ctx, reseller) => ok({ ...reseller.limits }));

/** Partial update: any of the seven keys; unknown keys are ignored. */
export const putLimits = forReseller(({ body, has, store }, reseller) => {
  const changes = readLimitChanges(body(), has);
  const updated = { ...reseller.limits, ...changes };
  if (has('limits-put-other-reseller')) {
    // persistence fault: the write lands on the wrong record (an off-by-one lookup).
    const victim = [...store.resellers.values()].reverse().find((r) => r !== reseller);
    if (victim) victim.limits = { ...victim.limits, ...changes };
  } else if (!has('limits-put-not-stored')) {
    reseller.limits = updated;
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
