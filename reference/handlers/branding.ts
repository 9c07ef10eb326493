// GET|PUT|DELETE /resellers/:username/branding: free-form string fields
// (company_name, logo_url, ...). PUT replaces, DELETE resets to {}.
import { invalid } from '../api-error.ts';
import { ok } from '../reply.ts';
import { forReseller, ignorableWrite } from './context.ts';

export const getBranding = forReseller((_ctx, reseller) => ok({ ...reseller.branding }));

export const putBranding = ignorableWrite(getBranding, forReseller(({ body }, reseller) => {
  const entries = Object.entries(body());
  const notText = entries.find(([, value]) => typeof value !== 'string');
  if (notText) throw invalid(`Branding field '${notText[0]}' must be a string`);
  reseller.branding = Object.fromEntries(entries) as Record<string, string>;
  return ok({ ...reseller.branding });
}));

export const resetBranding = forReseller((_ctx, reseller) => {
  reseller.branding = {};
  return ok({ success: true, message: 'Branding reset' });
});
