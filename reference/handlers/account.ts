// The caller's own account: /auth/me and issuing API keys.
import { invalid, notFound } from '../api-error.ts';
import type { KeyRecord } from '../records.ts';
import { created, ok } from '../reply.ts';
import { DEFAULT_SCOPES } from '../scopes.ts';
import { keyPrefix } from '../store.ts';
import type { Handler } from './context.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A century: beyond it a panel's duration arithmetic may overflow. */
const MAX_EXPIRES_IN_DAYS = 36_500;
/** The vendor's "never" for last_used and expires_at (Go's zero time). */
const NEVER = '0001-01-01T00:00:00Z';

export const me: Handler = ({ caller }) =>
  ok({ username: caller.username, email: caller.email, role: caller.role, status: 'active', package: 'default' });

/** 201 with the secret twice (`secret_key`, and `api_key` as a copy), shown once. */
export const issueApiKey: Handler = ({ params, store, body, now, has }) => {
  const account = store.account(params.username ?? '');
  if (!account) throw notFound(`User '${params.username}' not found`);
  const { name, permissions, expiresInDays } = readKeyRequest(body());
  const key = store.issueKey(account.username, name, permissions, expiresInDays ? now + expiresInDays * DAY_MS : undefined);
  // auth fault: the secret handed out is not the one stored.
  const secret = has('minted-key-unusable') ? `${key.secret.slice(0, -8)}${'0'.repeat(8)}` : key.secret;
  return created({ success: true, secret_key: secret, api_key: secret, key: keyView(key) });
};

function keyView(key: KeyRecord): Record<string, unknown> {
  return {
    id: key.id,
    name: key.name,
    key_prefix: keyPrefix(key.secret),
    permissions: [...key.permissions],
    enabled: true,
    last_used: NEVER,
    expires_at: key.expiresAt === undefined ? NEVER : vendorTime(key.expiresAt),
    created_at: vendorTime(Date.parse(key.createdAt)),
  };
}

/** RFC 3339 in whole seconds, as the vendor shows times. */
const vendorTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** ip_whitelist is checked for shape only: this server does not enforce it.
 *  An empty permissions list counts as absent (the default), as a panel
 *  decoding it with omitempty would. */
function readKeyRequest(input: Record<string, unknown>): { name: string; permissions: readonly string[]; expiresInDays: number } {
  const { name, permissions = [], ip_whitelist = [], expires_in = 0 } = input;
  if (typeof name !== 'string' || name.trim() === '') throw invalid('name is required');
  if (!isStringArray(permissions)) throw invalid('permissions must be an array of strings');
  if (!isStringArray(ip_whitelist)) throw invalid('ip_whitelist must be an array of strings');
  if (typeof expires_in !== 'number' || !Number.isInteger(expires_in) || expires_in < 0 || expires_in > MAX_EXPIRES_IN_DAYS) {
    throw invalid(`expires_in must be a whole number of days from 0 (never) to ${MAX_EXPIRES_IN_DAYS}`);
  }
  return { name, permissions: permissions.length > 0 ? permissions : DEFAULT_SCOPES, expiresInDays: expires_in };
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');
