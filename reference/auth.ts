// Who is calling: Bearer wsp_ keys only, unexpired, from an address their
// whitelist allows. The auth faults each open one door.
import { ApiError, forbidden } from './api-error.ts';
import type { Has } from './faults.ts';
import { allowsSource } from './ip-whitelist.ts';
import type { Account, KeyRecord } from './records.ts';
import { ALL_SCOPES } from './scopes.ts';
import { SECRET_LENGTH, type Store } from './store.ts';

export interface Caller {
  account: Account;
  /** The key's scopes; a door opened by a fault grants them all. */
  permissions: readonly string[];
}

/** The token of a `Bearer <token>` header, or undefined for anything else. */
export function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

/** Whether the key may be used from `source` (keys fault: the whitelist is never enforced). */
export const honoursSource = (key: KeyRecord, source: string, has: Has): boolean => has('key-whitelist-ignored') || allowsSource(key.ipWhitelist, source);

/** `now` is the server's clock, the one expiry dates are set on; `source`
 *  the request's remote address. */
export function authenticate(header: string | undefined, store: Store, has: Has, now: number, source: string): Caller {
  const asAdmin = { account: store.admin, permissions: ALL_SCOPES };
  if (header === undefined || header.trim() === '') {
    if (has('auth-missing-accepted')) return asAdmin;
    throw unauthenticated('Missing authorization', has);
  }
  if (has('auth-basic-accepted') && /^Basic\s/i.test(header)) return asAdmin;
  const token = bearerToken(header);
  // auth fault: a key is matched by its first 12 characters (its visible
  // key_prefix and a little more), not whole.
  const key = token === undefined ? undefined : findKey(token, store, has);
  // auth fault: a deleted reseller's key still acts as that reseller.
  const ghost = key && has('deleted-reseller-key-works') ? { username: key.username, email: '', role: 'reseller' as const } : undefined;
  const account = key && (store.account(key.username) ?? ghost);
  if (account && !honoursSource(key, source, has)) throw forbidden(`API key is not allowed from ${source}`);
  if (account && key.expiresAt !== undefined && key.expiresAt <= now) throw unauthenticated('API key expired', has);
  if (account) return { account, permissions: key.permissions };
  if (has('auth-unknown-key-accepted') && token?.startsWith('wsp_')) return asAdmin;
  throw unauthenticated('Invalid API key', has);
}

/** The key a token names; the auth faults compare it carelessly. */
function findKey(token: string, store: Store, has: Has): KeyRecord | undefined {
  // Its first 12 characters (its visible key_prefix and a little more) only.
  if (has('auth-key-prefix-match')) return store.findKeyByPrefix(token.slice(0, 12));
  // As many characters as a key has: what follows is not read.
  if (has('auth-key-length-compare')) return store.findKey(token.slice(0, SECRET_LENGTH));
  // Any key that starts with the token.
  if (has('auth-key-like-prefix') && token.length >= 12) return store.findKeyByPrefix(token);
  return store.findKey(token);
}

function unauthenticated(message: string, has: Has): ApiError {
  if (has('auth-401-as-403')) return new ApiError(403, 'FORBIDDEN', message);
  return new ApiError(401, 'UNAUTHORIZED', message, { 'WWW-Authenticate': 'Bearer realm="WisPanel"' });
}
