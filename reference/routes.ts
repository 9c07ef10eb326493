// The route table: every path, its methods, who may call them, and the
// handler. Fixed /resellers/* paths come before /resellers/:username.
import { adminOnly, adminOnlyUnless, adminOrSelf, anyCaller, ownerReads, ownerReadsParts, type Policy } from './access.ts';
import { issueApiKey, me } from './handlers/account.ts';
import { getBranding, putBranding, resetBranding } from './handlers/branding.ts';
import type { FaultName } from './faults.ts';
import type { Handler } from './handlers/context.ts';
import { createReseller } from './handlers/create-reseller.ts';
import { assignIp, listIps, removeIp } from './handlers/ips.ts';
import { getLimits, putLimits } from './handlers/limits.ts';
import { getNameservers, putNameservers } from './handlers/nameservers.ts';
import { getOverselling, putOverselling } from './handlers/overselling.ts';
import { dashboard, deleteReseller, getReseller, listResellers } from './handlers/resellers.ts';
import { getAllocation, getUsage } from './handlers/usage.ts';
import { listResellerUsers, transferUser } from './handlers/users.ts';
import type { Endpoint, Route } from './router.ts';

const allow = (policy: Policy, handler: Handler): Endpoint => ({ policy, handler });
/** Who am I: every valid key may ask, whatever its scopes (the suite's preflight). */
const anyKey = (handler: Handler): Endpoint => ({ policy: anyCaller, handler, unscoped: true });
/** Writes on a reseller's own record: admin only, unless `leak` lets the owner in. */
const ownerWritesIf = (leak: FaultName) => adminOnlyUnless(leak, 'owner');

export const routes: readonly Route[] = [
  { pattern: '/auth/me', endpoints: { GET: anyKey(me) } },
  { pattern: '/users/:username/api-keys', endpoints: { POST: allow(adminOrSelf, issueApiKey) } },
  {
    pattern: '/resellers',
    endpoints: {
      GET: allow(adminOnlyUnless('reseller-can-list', 'any-reseller'), listResellers),
      POST: allow(adminOnlyUnless('reseller-can-create', 'any-reseller'), createReseller),
    },
  },
  { pattern: '/resellers/dashboard', endpoints: { GET: allow(adminOnly, dashboard) } },
  { pattern: '/resellers/transfer-user', endpoints: { POST: allow(adminOnly, transferUser) } },
  {
    pattern: '/resellers/:username',
    endpoints: { GET: allow(ownerReads, getReseller), DELETE: allow(adminOnly, deleteReseller) },
  },
  {
    pattern: '/resellers/:username/limits',
    endpoints: {
      GET: allow(ownerReadsParts, getLimits),
      PUT: allow(ownerWritesIf('reseller-writes-own-limits'), putLimits),
    },
  },
  { pattern: '/resellers/:username/allocation', endpoints: { GET: allow(ownerReadsParts, getAllocation) } },
  { pattern: '/resellers/:username/usage', endpoints: { GET: allow(ownerReadsParts, getUsage) } },
  { pattern: '/resellers/:username/users', endpoints: { GET: allow(ownerReadsParts, listResellerUsers) } },
  {
    pattern: '/resellers/:username/branding',
    endpoints: {
      GET: allow(ownerReadsParts, getBranding),
      PUT: allow(ownerWritesIf('reseller-writes-own-branding'), putBranding),
      DELETE: allow(ownerWritesIf('reseller-writes-own-branding'), resetBranding),
    },
  },
  {
    pattern: '/resellers/:username/ips',
    endpoints: { GET: allow(ownerReadsParts, listIps), POST: allow(ownerWritesIf('reseller-writes-own-ips'), assignIp) },
  },
  { pattern: '/resellers/:username/ips/:ip', endpoints: { DELETE: allow(ownerWritesIf('reseller-writes-own-ips'), removeIp) } },
  {
    pattern: '/resellers/:username/nameservers',
    endpoints: { GET: allow(ownerReadsParts, getNameservers), PUT: allow(ownerWritesIf('reseller-writes-own-nameservers'), putNameservers) },
  },
  {
    pattern: '/resellers/:username/overselling',
    endpoints: { GET: allow(ownerReadsParts, getOverselling), PUT: allow(ownerWritesIf('reseller-writes-own-overselling'), putOverselling) },
  },
];
