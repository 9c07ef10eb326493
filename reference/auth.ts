// Who is calling: Bearer wsp_ keys only. The auth faults each open one door.
import { ApiError } from './api-error.ts';
import type { Has } from './faults.ts';
import type { Account } from './records.ts';
import type { Store } from './store.ts';

/** The token of a `Bearer <token>` header, or undefined for anything else. */
export function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

export function authenticate(header: string | undefined, store: Store, has: Has): Account {
  if (header === undefined || header.trim() === '') {
    if (has('auth-missing-accepted')) return store.admin;
    throw unauthenticated('Missing authorization', has);
  }
  if (has('auth-basic-accepted') && /^Basic\s/i.test(header)) return store.admin;
  const token = bearerToken(header);
  const key = token === undefined ? undefined : store.findKey(token);
  const account = key && store.account(key.username);
  if (account) return account;
  if (has('auth-unknown-key-accepted') && token?.startsWith('wsp_')) return store.admin;
  throw unauthenticated('Invalid API key', has);
}

function unauthenticated(message: string, has: Has): ApiError {
  if (has('auth-401-as-403')) return new ApiError(403, 'FORBIDDEN', message);
  return new ApiError(401, 'UNAUTHORIZED', message, { 'WWW-Authenticate': 'Bearer realm="WisPanel"' });
}
