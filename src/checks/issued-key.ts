// A key an admin issued: what its 201 hands out (AUTH-KEY-ISSUE-201, beside
// the status and the schema), and that it works as its reseller
// (AUTH-KEY-WORKS).
import { describeOutcome, succeeded, type Exchange } from '../model/exchange.ts';
import { fail, pass, type Check } from './check.ts';

/** `api_key` is a copy of the secret (the schema holds the rest of the
 *  documented 201). */
export const issuedKeyCopied: Check = ({ exchange }) => {
  const body = exchange.response?.json as { secret_key?: unknown; api_key?: unknown } | undefined;
  if (typeof body?.secret_key !== 'string' || typeof body.api_key !== 'string') return undefined;
  return body.api_key === body.secret_key ? pass('api_key is the secret') : fail('expected api_key to be a copy of secret_key, got another value');
};

/** The fields of an issue answer that tell one key from another; secrets
 *  are compared, never shown. */
const KEY_IDENTITY: Array<[string, (body: IssueAnswer) => unknown]> = [
  ['secret_key', (b) => b.secret_key],
  ['api_key', (b) => b.api_key],
  ['key.id', (b) => b.key?.id],
  ['key.key_prefix', (b) => b.key?.key_prefix],
];
type IssueAnswer = { secret_key?: unknown; api_key?: unknown; key?: { id?: unknown; key_prefix?: unknown } };

/** KEY-RETRY-ONCE: the same issue sent again with its Idempotency-Key
 *  issues no second key: the first answer again, or a refusal (conflict
 *  answers are not documented). */
export const retryIssuesNoSecondKey: Check<{ first: Exchange }> = ({ exchange: retry, evidence: { first } }) => {
  if (!succeeded(retry)) return pass(`the retry was not served as a new issue (${describeOutcome(retry)})`);
  const [was, now] = [first.response?.json ?? {}, retry.response?.json ?? {}] as IssueAnswer[];
  const compared = KEY_IDENTITY.map(([name, read]) => ({ name, was: read(was), now: read(now) })).filter((f) => f.was !== undefined && f.now !== undefined);
  if (compared.length === 0) return undefined;
  const differ = compared.filter((f) => JSON.stringify(f.was) !== JSON.stringify(f.now));
  if (differ.length === 0) return pass('the retry answered the first key again');
  const shown = differ.map((f) => (f.name === 'key.id' ? `key.id ${JSON.stringify(f.was)} -> ${JSON.stringify(f.now)}` : `another ${f.name}`));
  return fail(`expected a retry with the same Idempotency-Key to issue no second key, got ${describeOutcome(retry)} with ${shown.join(', ')}`);
};

/** KEY-WHITELIST-ENFORCED: a key used from an address its ip_whitelist does
 *  not hold is not served (which refusal is not documented). */
export const whitelistRefuses: Check = ({ exchange }) => {
  if (exchange.response?.status === 429) return undefined;
  return succeeded(exchange)
    ? fail(`expected a key whitelisted for other addresses to be refused here, got ${describeOutcome(exchange)}: it was served`)
    : pass(`refused (${describeOutcome(exchange)})`);
};

/** GET /auth/me with the key just issued for a reseller names that
 *  reseller, with role reseller. */
export const issuedKeyAuthenticates: Check<{ username: string }> = ({ exchange: me, evidence: { username } }) => {
  if (!succeeded(me)) return fail(`expected GET /auth/me with the issued key to answer 200, got ${describeOutcome(me)}`);
  const who = (me.response!.json ?? {}) as { username?: unknown; role?: unknown };
  if (who.username !== username || who.role !== 'reseller') {
    return fail(
      `expected GET /auth/me with the issued key to name reseller ${username}, got username ${JSON.stringify(who.username)}, role ${JSON.stringify(who.role)}`,
    );
  }
  return pass(`the issued key authenticates as reseller ${username}`);
};
