// Checks of what one case expects of its own exchange. Each names the
// requirement it judges; the case decides which apply.
import type { Exchange } from '../model/exchange.ts';
import type { Expectation } from '../model/case.ts';
import type { ResponseValidators } from '../spec/validators.ts';
import type { Verdict } from './types.ts';

export function describeOutcome(ex: Exchange): string {
  if (ex.transportError) return `no response (${ex.transportError.message})`;
  const code = (ex.response!.json as { code?: unknown } | undefined)?.code;
  return `${ex.response!.status}${typeof code === 'string' ? ` ${code}` : ''}`;
}

export function statusMatches(status: number, expected: Expectation['status']): boolean {
  if (expected === '2xx') return status >= 200 && status < 300;
  if (expected === '4xx') return status >= 400 && status < 500;
  if (expected === '<500') return status < 500;
  return status === expected;
}

export function succeeded(ex: Exchange): boolean {
  return ex.response !== undefined && statusMatches(ex.response.status, '2xx');
}

/** Status, and the envelope code when one is expected. */
export function expectResponse(ex: Exchange, expect: Expectation): Verdict {
  const wanted = `${expect.status}${expect.code ? ` ${expect.code}` : ''}`;
  const ok = ex.response !== undefined
    && statusMatches(ex.response.status, expect.status)
    && (expect.code === undefined || (ex.response.json as { code?: unknown } | undefined)?.code === expect.code);
  return { requirement: expect.requirement, ok, message: `expected ${wanted}, got ${describeOutcome(ex)}` };
}

/** A request that cannot be valid was not served (any answer but a 2xx). */
export function expectNotServed(ex: Exchange, requirement: string): Verdict {
  return ex.response && statusMatches(ex.response.status, '2xx')
    ? { requirement, ok: false, message: `expected a request that cannot be valid to be refused, got ${describeOutcome(ex)}: it was served` }
    : { requirement, ok: true, message: `not served (${describeOutcome(ex)})` };
}

/** AUTH-KEY-ISSUE-201: `api_key` is a copy of the secret (the schema holds
 *  the rest of the documented 201). */
export function expectKeyCopy(ex: Exchange): Verdict | undefined {
  const body = ex.response?.json as { secret_key?: unknown; api_key?: unknown } | undefined;
  if (typeof body?.secret_key !== 'string' || typeof body.api_key !== 'string') return undefined;
  return body.api_key === body.secret_key
    ? { requirement: 'AUTH-KEY-ISSUE-201', ok: true, message: 'api_key is the secret' }
    : { requirement: 'AUTH-KEY-ISSUE-201', ok: false, message: 'expected api_key to be a copy of secret_key, got another value' };
}

/** AUTH-KEY-WORKS: the key just issued for a reseller authenticates as that
 *  reseller (GET /auth/me names it, with role reseller). */
export function expectKeyWorks(me: Exchange, username: string): Verdict {
  const requirement = 'AUTH-KEY-WORKS';
  if (!succeeded(me)) return { requirement, ok: false, message: `expected GET /auth/me with the issued key to answer 200, got ${describeOutcome(me)}` };
  const who = (me.response!.json ?? {}) as { username?: unknown; role?: unknown };
  if (who.username !== username || who.role !== 'reseller') {
    return { requirement, ok: false, message: `expected GET /auth/me with the issued key to name reseller ${username}, got username ${JSON.stringify(who.username)}, role ${JSON.stringify(who.role)}` };
  }
  return { requirement, ok: true, message: `the issued key authenticates as reseller ${username}` };
}

/** The documented shape of a response, when the spec has one. */
export function expectSchema(validators: ResponseValidators, operationId: string, ex: Exchange, requirement: string): Verdict | undefined {
  if (!ex.response) return undefined;
  const errors = validators.validate(operationId, ex.response.status, ex.response.json);
  if (errors === undefined) return undefined;
  if (ex.response.json === undefined) {
    return { requirement, ok: false, message: `expected the documented ${operationId} ${ex.response.status} body, got ${ex.response.body.trim() === '' ? 'no body' : 'a body that is not JSON'}` };
  }
  return errors.length
    ? { requirement, ok: false, message: `expected the documented ${operationId} ${ex.response.status} body, got ${errors.slice(0, 3).join('; ')}${errors.length > 3 ? ` (+${errors.length - 3} more)` : ''}` }
    : { requirement, ok: true, message: `${operationId} ${ex.response.status} body matches the spec` };
}

/** Whether a value written appears anywhere in a body of unknown shape. */
export function containsValue(body: unknown, needle: string | number): boolean {
  if (body === null || body === undefined) return false;
  if (typeof body !== 'object') return String(body) === String(needle);
  if (Array.isArray(body)) return body.some((v) => containsValue(v, needle));
  return Object.entries(body).some(([k, v]) => k === String(needle) || containsValue(v, needle));
}

/** The distinctive leaves of a written body: strings and numbers (a boolean
 *  proves nothing when searched for). */
export function distinctiveValues(written: unknown): Array<string | number> {
  if (typeof written === 'string' || typeof written === 'number') return [written];
  if (written && typeof written === 'object') return Object.values(written).flatMap(distinctiveValues);
  return [];
}

/**
 * A written value must show in the next read. When the request body was our
 * guess at an undocumented shape, the server may keep only part of it (and
 * drop keys it does not know): then one value found, or any change from the
 * read before the write, is enough.
 */
export function expectReadBack(ex: Exchange, written: unknown, requirement: string, guessed?: { before: unknown }): Verdict {
  if (!ex.response || ex.response.status >= 300) return { requirement, ok: false, message: `expected the read-back to succeed, got ${describeOutcome(ex)}` };
  const values = distinctiveValues(written);
  const missing = values.filter((v) => !containsValue(ex.response!.json, v));
  const changed = guessed !== undefined && JSON.stringify(guessed.before) !== JSON.stringify(ex.response.json);
  const ok = guessed ? missing.length < values.length || changed : missing.length === 0;
  return ok
    ? { requirement, ok: true, message: 'written value read back' }
    : { requirement, ok: false, message: `expected the read-back to contain ${missing.map((v) => JSON.stringify(v)).join(', ')}, got ${ex.response.body.slice(0, 120)}` };
}

export function expectAbsent(ex: Exchange, value: string, requirement: string): Verdict {
  if (!ex.response || ex.response.status >= 300) return { requirement, ok: false, message: `expected the read-back to succeed, got ${describeOutcome(ex)}` };
  return containsValue(ex.response.json, value)
    ? { requirement, ok: false, message: `expected ${JSON.stringify(value)} to be gone, still listed` }
    : { requirement, ok: true, message: `${value} no longer listed` };
}
