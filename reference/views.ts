// The reseller object as the API shows it: the vendor's verified-live shape
// first, then the extra fields the contract allows.
import type { Has } from './faults.ts';
import type { IsQuirk } from './quirks.ts';
import type { ResellerRecord } from './records.ts';

/** The documented can_grant_* flags; no documented operation changes them. */
const GRANTS = {
  can_grant_php: true,
  can_grant_cgi: false,
  can_grant_ssl: true,
  can_grant_ssh: false,
  can_grant_cron: true,
  can_grant_spam: true,
  can_grant_catchall: false,
  can_grant_dnscontrol: true,
  can_grant_sysinfo: false,
} as const;

export function resellerView(record: ResellerRecord, { has, quirk }: { has: Has; quirk: IsQuirk }): Record<string, unknown> {
  const view: Record<string, unknown> = {
    username: record.username,
    package: 'default',
    ...record.limits,
    ...GRANTS,
    email: record.email,
    status: record.status,
    created_at: record.createdAt,
  };
  if (quirk('no-email-in-record')) delete view.email;
  bendShape(view, has);
  return view;
}

/** reseller-shape faults: each bends one field of the documented object. */
function bendShape(view: Record<string, unknown>, has: Has): void {
  if (has('shape-flag-as-string')) view.can_grant_php = String(view.can_grant_php);
  if (has('shape-limit-as-string')) view.max_domains = String(view.max_domains);
  if (has('shape-flag-missing')) delete view.can_grant_sysinfo;
  if (has('shape-limit-float')) view.max_users = Number(view.max_users) + 0.5;
}
