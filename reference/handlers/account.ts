// The caller's own account: /auth/me and issuing API keys.
import { invalid, notFound } from '../api-error.ts';
import type { Has } from '../faults.ts';
import { isWhitelistEntry } from '../ip-whitelist.ts';
import type { KeyRecord } from '../records.ts';
import { created, ok } from '../reply.ts';
import { ALL_SCOPES, DEFAULT_SCOPES } from '../scopes.ts';
import { keyPrefix, newSecret } from '../store.ts';
import type { Handler } from './context.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A century: beyond it a panel's duration arithmetic may overflow. */
const MAX_EXPIRES_IN_DAYS = 36_500;
/** The vendor's "never" for last_used and expires_at (Go's zero time). */
const NEVER = '0001-01-01T00:00:00Z';

export const me: Handler = ({ caller, has }) => {
  // auth fault: the role is shown capitalised.
  const role = has('role-capitalised') ? `${caller.role[0]?.toUpperCase()}${caller.role.slice(1)}` : caller.role;
  return ok({ username: caller.username, email: caller.email, role, status: 'active', package: 'default' });
};

/** 201 with the secret twice (`secret_key`, and `api_key` as a copy), shown once. */
export const issueApiKey: Handler = ({ params, store, body, now, has }) => {
  const account = store.account(params.username ?? '');
  if (!account) throw notFound(`User '${params.username}' not found`);
  const { name, permissions, ipWhitelist, expiresIn } = readKeyRequest(body(), has);
  // keys fault: expires_in is read as seconds.
  const expiresAt = expiresIn ? now + expiresIn * (has('key-expires-days-as-seconds') ? 1000 : DAY_MS) : undefined;
  // keys fault: a new key replaces the account's others.
  if (has('key-issue-revokes-others')) store.revokeKeysOf(account.username);
  const key = store.issueKey(account.username, name, permissions, { expiresAt, ipWhitelist, secret: bentSecret(has) });
  // auth fault: the secret handed out is not the one stored.
  const secret = has('minted-key-unusable') ? `${key.secret.slice(0, -8)}${'0'.repeat(8)}` : key.secret;
  // keys fault: the prefix shown is another key's.
  const shown = has('key-prefix-mismatch') ? (store.keyIssuedBefore(key) ?? key) : key;
  return created({ success: true, secret_key: secret, api_key: secret, key: keyView(key, keyPrefix(shown.secret)) });
};

/** keys faults: a secret of the wrong length or case (it still works); undefined = the documented shape. */
function bentSecret(has: Has): string | undefined {
  if (has('key-secret-short')) return newSecret(40);
  if (has('key-secret-uppercase')) return `wsp_${newSecret().slice(4).toUpperCase()}`;
  return undefined;
}

function keyView(key: KeyRecord, prefix: string): Record<string, unknown> {
  return {
    id: key.id,
    name: key.name,
    key_prefix: prefix,
    permissions: [...key.permissions],
    enabled: true,
    last_used: NEVER,
    expires_at: key.expiresAt === undefined ? NEVER : vendorTime(key.expiresAt),
    created_at: vendorTime(Date.parse(key.createdAt)),
  };
}

/** RFC 3339 in whole seconds, as the vendor shows times. */
const vendorTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface KeyRequest {
  name: string;
  permissions: readonly string[];
  ipWhitelist: string[];
  /** Days (0 = never). */
  expiresIn: number;
}

/** An empty permissions list counts as absent (the default), as a panel
 *  decoding it with omitempty would. */
function readKeyRequest(input: Record<string, unknown>, has: Has): KeyRequest {
  const { name, permissions = [], ip_whitelist = [], expires_in = 0 } = input;
  if (typeof name !== 'string' || name.trim() === '') throw invalid('name is required');
  if (!isStringArray(permissions)) throw invalid('permissions must be an array of strings');
  if (!isStringArray(ip_whitelist) || !ip_whitelist.every(isWhitelistEntry)) {
    throw invalid('ip_whitelist must be an array of IPv4 addresses or CIDR blocks (a.b.c.d or a.b.c.d/n)');
  }
  if (typeof expires_in !== 'number' || !Number.isInteger(expires_in) || expires_in < 0 || expires_in > MAX_EXPIRES_IN_DAYS) {
    throw invalid(`expires_in must be a whole number of days from 0 (never) to ${MAX_EXPIRES_IN_DAYS}`);
  }
  // keys fault: a key issued without permissions may do everything.
  const defaults = has('key-default-all') ? ALL_SCOPES : DEFAULT_SCOPES;
  return { name, permissions: permissions.length > 0 ? permissions : defaults, ipWhitelist: ip_whitelist, expiresIn: expires_in };
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
