// The caller's own account: /auth/me and issuing API keys.
import { invalid, notFound } from '../api-error.ts';
import { created, ok } from '../reply.ts';
import { keyPrefix } from '../store.ts';
import type { Handler } from './context.ts';

export const me: Handler = ({ caller }) =>
  ok({ username: caller.username, email: caller.email, role: caller.role, status: 'active', package: 'default' });

export const issueApiKey: Handler = ({ params, store, body }) => {
  const account = store.account(params.username ?? '');
  if (!account) throw notFound(`User '${params.username}' not found`);
  const { name, permissions } = readKeyRequest(body());
  const key = store.issueKey(account.username, name, permissions);
  return created({
    success: true,
    secret_key: key.secret,
    key: { id: key.id, name: key.name, key_prefix: keyPrefix(key.secret), permissions: key.permissions, created_at: key.createdAt },
  });
};

/** ip_whitelist and expires_in are checked for shape only: this server enforces neither. */
function readKeyRequest(input: Record<string, unknown>): { name: string; permissions: string[] } {
  const { name, permissions = [], ip_whitelist = [], expires_in = 0 } = input;
  if (typeof name !== 'string' || name.trim() === '') throw invalid('name is required');
  if (!isStringArray(permissions)) throw invalid('permissions must be an array of strings');
  if (!isStringArray(ip_whitelist)) throw invalid('ip_whitelist must be an array of strings');
  if (typeof expires_in !== 'number' || !Number.isSafeInteger(expires_in) || expires_in < 0) {
    throw invalid('expires_in must be a non-negative integer (0 = never)');
  }
  return { name, permissions };
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');
