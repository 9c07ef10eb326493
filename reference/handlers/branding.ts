// GET|PUT|DELETE /resellers/:username/branding: free-form string fields
// (company_name, logo_url, ...). PUT replaces, DELETE resets to {}.
import { invalid } from '../api-error.ts';
import { ok } from '../reply.ts';
import { forReseller, ignorableWrite } from './context.ts';
import { writeTargets } from './misdirected.ts';

export const getBranding = forReseller((_ctx, reseller) => ok({ ...reseller.branding }));

export const putBranding = ignorableWrite(
  getBranding,
  forReseller((ctx, reseller) => {
    const entries = Object.entries(ctx.body());
    const notText = entries.find(([, value]) => typeof value !== 'string');
    if (notText) throw invalid(`Branding field '${notText[0]}' must be a string`);
    for (const target of writeTargets(ctx, reseller, { all: 'branding-put-all' })) {
      target.branding = Object.fromEntries(entries) as Record<string, string>;
    }
    return ok({ ...reseller.branding });
  }),
);

export const resetBranding = forReseller((ctx, reseller) => {
  // persistence fault: the reset is acknowledged and never done.
  if (!ctx.has('branding-delete-ignored')) {
    for (const target of writeTargets(ctx, reseller, { all: 'branding-delete-all' })) target.branding = {};
  }
  return ok({ success: true, message: 'Branding reset' });
});
