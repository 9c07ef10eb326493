// What the 201 of an issued key says about the key, as the Authentication
// page documents it: the secret's form, the prefix that names it, the
// expiry in days, the default scope. Judged on every key the run has
// issued, at no extra request.
import { formatDuration } from '../model/text.ts';
import { fail, pass, type Check } from './check.ts';

interface IssuedKey {
  secret_key?: unknown;
  api_key?: unknown;
  key?: { key_prefix?: unknown; permissions?: unknown; expires_at?: unknown };
}

const SECRET = /^wsp_[0-9a-fA-F]{48}$/;
const PREFIX = /^wsp_[0-9a-fA-F]{8}$/;
const DAY_MS = 86_400_000;
/** Issue and answer are not one instant, and expiries may be rounded. */
const EXPIRY_TOLERANCE_MS = 3_600_000;
/** How the vendor writes "never". */
const NEVER = '0001-01-01T00:00:00Z';

function issued(json: unknown): IssuedKey | undefined {
  return json && typeof json === 'object' ? json : undefined;
}

/** The secrets the 201 hands out: secret_key and its copy. */
function secrets(body: IssuedKey): string[] {
  return [body.secret_key, body.api_key].filter((s): s is string => typeof s === 'string');
}

/** KEY-SECRET-FORM: wsp_ and 48 hex characters. */
export const secretForm: Check = ({ exchange }) => {
  const body = issued(exchange.response?.json);
  const found = body ? secrets(body) : [];
  if (!found.length) return undefined;
  const bad = found.find((s) => !SECRET.test(s));
  return bad === undefined ? pass('wsp_ and 48 hex characters') : fail(`expected the secret to be wsp_ and 48 hex characters, got ${describeSecret(bad)}`);
};

/** KEY-SECRET-LOWERCASE: judged on secrets of the documented form only. */
export const secretLowercase: Check = ({ exchange }) => {
  const body = issued(exchange.response?.json);
  const found = (body ? secrets(body) : []).filter((s) => SECRET.test(s));
  if (!found.length) return undefined;
  return found.every((s) => s === s.toLowerCase()) ? pass('lower-case hex') : fail('expected lower-case hex in the secret, got upper case');
};

/** KEY-PREFIX-MATCH: key.key_prefix is wsp_ and 8 hex, the secret's start. */
export const prefixMatches: Check = ({ exchange }) => {
  const body = issued(exchange.response?.json);
  if (typeof body?.secret_key !== 'string' || !body.key || typeof body.key !== 'object') return undefined;
  const prefix = body.key.key_prefix;
  if (typeof prefix !== 'string' || !PREFIX.test(prefix)) return fail(`expected key.key_prefix to be wsp_ and 8 hex characters, got ${JSON.stringify(prefix)}`);
  return body.secret_key.startsWith(prefix)
    ? pass('key_prefix starts the secret')
    : fail(`expected key.key_prefix ${prefix} to be the start of the secret issued with it, got a secret starting ${body.secret_key.slice(0, 12)}...`);
};

/** KEY-EXPIRES-DAYS: expires_at is `days` days after the issue, by the
 *  server's own clock (its Date header; ours when it sends none). */
export const expiresInDays: Check<{ days: number }> = ({ exchange, evidence: { days } }) => {
  const body = issued(exchange.response?.json);
  const expiresAt = body?.key?.expires_at;
  if (!body?.key || expiresAt === undefined) return undefined;
  if (days === 0)
    return expiresAt === NEVER ? pass('never expires') : fail(`expected expires_at ${NEVER} (never) for expires_in 0, got ${JSON.stringify(expiresAt)}`);
  const at = typeof expiresAt === 'string' ? Date.parse(expiresAt) : Number.NaN;
  if (Number.isNaN(at)) return fail(`expected expires_at to be a date ${days} day(s) ahead, got ${JSON.stringify(expiresAt)}`);
  const date = Date.parse(exchange.response?.headers.date ?? '');
  const issuedAt = Number.isNaN(date) ? Date.parse(exchange.startedAt) : date;
  const offByMs = at - (issuedAt + days * DAY_MS);
  return Math.abs(offByMs) <= EXPIRY_TOLERANCE_MS
    ? pass(`expires ${days} day(s) after its issue`)
    : fail(
        `expected expires_at ${days} day(s) after the issue (expires_in is in days), got ${expiresAt as string}, ${describeOffset(at - issuedAt)} the issue`,
      );
};

/** KEY-DEFAULT-READ: a key issued without permissions has ["read"]. */
export const defaultPermissions: Check = ({ exchange }) => {
  const body = issued(exchange.response?.json);
  if (!body?.key || typeof body.key !== 'object') return undefined;
  const { permissions } = body.key;
  return JSON.stringify(permissions) === JSON.stringify(['read'])
    ? pass('permissions ["read"] by default')
    : fail(`expected permissions ["read"] for a key issued without any, got ${JSON.stringify(permissions)}`);
};

/** A secret in a message: its length and alphabet, never its characters
 *  (it is redacted anyway, and its shape is what is wrong). */
function describeSecret(secret: string): string {
  const tail = secret.startsWith('wsp_') ? secret.slice(4) : secret;
  const alphabet = /^[0-9a-fA-F]*$/.test(tail) ? 'hex' : 'non-hex';
  return `${secret.startsWith('wsp_') ? 'wsp_ and ' : 'no wsp_ prefix, '}${tail.length} ${alphabet} characters`;
}

/** `2.00 days after`, `1.0 s after`, `3 min 00 s before` */
function describeOffset(ms: number): string {
  const abs = Math.abs(ms);
  return `${abs >= DAY_MS ? `${(abs / DAY_MS).toFixed(2)} days` : formatDuration(abs)} ${ms < 0 ? 'before' : 'after'}`;
}
