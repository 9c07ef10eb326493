// GET|PUT /resellers/:username/overselling: settings of booleans and
// numbers, e.g. {"enabled": true}. PUT replaces them.
import { invalid } from '../api-error.ts';
import { ok } from '../reply.ts';
import { forReseller, ignorableWrite } from './context.ts';
import { lastOther, writeTargets } from './misdirected.ts';

const isSetting = (value: unknown) => typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

export const getOverselling = forReseller((_ctx, reseller) => ok({ ...reseller.overselling }));

export const putOverselling = ignorableWrite(
  getOverselling,
  forReseller((ctx, reseller) => {
    const { body, has, store } = ctx;
    const input = body();
    if (Object.hasOwn(input, 'enabled') && typeof input.enabled !== 'boolean') throw invalid('enabled must be a boolean');
    const entries = Object.entries(input);
    const bad = entries.find(([, value]) => !isSetting(value));
    if (bad) throw invalid(`Overselling setting '${bad[0]}' must be a boolean or a number`);
    const settings = Object.fromEntries(entries) as Record<string, boolean | number>;
    // persistence fault: the write lands on the wrong record (an off-by-one lookup).
    const target = has('overselling-put-other') ? lastOther(store, reseller) : reseller;
    if (target) for (const each of writeTargets(ctx, target, { all: 'overselling-put-all' })) each.overselling = { ...settings };
    return ok(settings);
  }),
);
