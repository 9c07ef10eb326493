// GET|PUT /resellers/:username/limits: the seven limits of the reseller object.
import { invalid } from '../api-error.ts';
import { LIMIT_KEYS, type Limits } from '../records.ts';
import { ok } from '../reply.ts';
import { forReseller } from './context.ts';

export const getLimits = forReseller((_ctx, reseller) => ok({ ...reseller.limits }));

/** Partial update: any of the seven keys; unknown keys are ignored. */
export const putLimits = forReseller(({ body, has, store }, reseller) => {
  const changes = readLimitChanges(body());
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

function readLimitChanges(input: Record<string, unknown>): Partial<Limits> {
  const changes: Partial<Limits> = {};
  for (const key of LIMIT_KEYS) {
    if (!Object.hasOwn(input, key)) continue;
    const value = input[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < -1) {
      throw invalid(`${key} must be an integer >= -1 (-1 = unlimited)`);
    }
    changes[key] = value;
  }
  if (Object.keys(changes).length === 0) throw invalid(`Give at least one of: ${LIMIT_KEYS.join(', ')}`);
  return changes;
}
