// Checks over synthetic exchanges: each passes a conforming answer and fails
// the deviation it exists for.
import { describe, expect, test } from 'vitest';
import type { Credential, Exchange } from '../src/model/exchange.ts';
import { errorEnvelope, jsonBody, jsonContentType, notAServerError, rateLimitHeaders } from '../src/checks/passive.ts';
import { containsValue, expectReadBack, expectResponse, expectSchema } from '../src/checks/expect.ts';
import type { PassiveContext } from '../src/checks/types.ts';
import { loadSpec } from '../src/spec/load.ts';
import { ResponseValidators } from '../src/spec/validators.ts';
import { loadRequirements } from '../src/spec/requirements.ts';

const NOW = 1_800_000_000_000;
const ctx = (over: Partial<PassiveContext> = {}): PassiveContext => ({ rate: 60, windowMs: 60_000, now: NOW, errorCodes: loadSpec().errorCodes, ...over });
const rl = (limit: number, remaining: number, reset: number) => ({
  'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(reset),
});

function exchange(status: number, body: unknown, headers: Record<string, string> = {}, credential: Credential = 'admin'): Exchange {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return {
    credential,
    request: { method: 'GET', path: '/resellers/', headers: {} },
    response: { status, headers: { 'content-type': 'application/json', ...rl(60, 59, NOW / 1000 + 30), ...headers }, body: text, json },
    startedAt: new Date(NOW).toISOString(),
    durationMs: 1,
    rateLimitedRetries: 0,
  };
}
const failed = (verdicts: Array<{ requirement: string; ok: boolean }>) => verdicts.filter((v) => !v.ok).map((v) => v.requirement);
const envelope = (status: number, code: string) => ({ success: false, code, error: 'e', message: 'm', status });

describe('passive checks', () => {
  test('JSON body and content type', () => {
    expect(failed(jsonBody.run(exchange(200, []), ctx()))).toEqual([]);
    expect(failed(jsonBody.run(exchange(200, '<html>'), ctx()))).toEqual(['HTTP-JSON-BODY']);
    expect(failed(jsonBody.run(exchange(204, ''), ctx()))).toEqual([]);
    expect(failed(jsonBody.run(exchange(200, ''), ctx()))).toEqual([]); // judged by the schema or envelope check
    expect(failed(jsonContentType.run(exchange(200, [], { 'content-type': 'application/json; charset=utf-8' }), ctx()))).toEqual([]);
    expect(failed(jsonContentType.run(exchange(200, [], { 'content-type': 'text/html' }), ctx()))).toEqual(['HTTP-JSON-CONTENT-TYPE']);
  });

  test('no 5xx', () => {
    expect(failed(notAServerError.run(exchange(404, envelope(404, 'NOT_FOUND')), ctx()))).toEqual([]);
    expect(failed(notAServerError.run(exchange(500, envelope(500, 'INTERNAL')), ctx()))).toEqual(['HTTP-NO-5XX']);
  });

  test('the error envelope: all five keys, success false, status equal to the HTTP status, the seen code', () => {
    expect(failed(errorEnvelope.run(exchange(404, envelope(404, 'NOT_FOUND')), ctx()))).toEqual([]);
    expect(errorEnvelope.run(exchange(200, { anything: 1 }), ctx())).toEqual([]);
    expect(failed(errorEnvelope.run(exchange(400, { success: false, error: 'x', message: 'y', status: 400 }), ctx()))).toEqual(['ENV-SHAPE']);
    expect(failed(errorEnvelope.run(exchange(400, { error: { code: 'VALIDATION_ERROR', message: 'x' } }), ctx()))).toEqual(['ENV-SHAPE']);
    expect(failed(errorEnvelope.run(exchange(401, envelope(200, 'UNAUTHORIZED')), ctx()))).toEqual(['ENV-STATUS-MATCH']);
    expect(failed(errorEnvelope.run(exchange(403, envelope(403, 'DENIED')), ctx()))).toEqual(['ENV-CODE-MATCH']);
    expect(failed(errorEnvelope.run(exchange(409, envelope(409, 'CONFLICT')), ctx()))).toEqual([]);
    expect(failed(errorEnvelope.run(exchange(429, 'Too Many Requests'), ctx()))).toEqual(['ENV-SHAPE']);
  });

  test('rate-limit headers: present, the expected limit, Remaining within bounds, Reset in seconds within a window', () => {
    const reset = NOW / 1000 + 30;
    expect(failed(rateLimitHeaders.run(exchange(200, [], rl(60, 59, reset)), ctx()))).toEqual([]);
    expect(failed(rateLimitHeaders.run(exchange(200, [], rl(60, 0, reset)), ctx()))).toEqual([]);
    // A served request counts itself; a refused one need not.
    expect(failed(rateLimitHeaders.run(exchange(200, [], rl(60, 60, reset)), ctx()))).toEqual(['RL-REMAINING']);
    expect(failed(rateLimitHeaders.run(exchange(404, envelope(404, 'NOT_FOUND'), rl(60, 60, reset)), ctx()))).toEqual([]);
    expect(failed(rateLimitHeaders.run(exchange(429, envelope(429, 'RATE_LIMITED'), rl(60, 61, reset)), ctx()))).toEqual(['RL-REMAINING']);
    expect(failed(rateLimitHeaders.run(exchange(200, [], rl(100, 59, reset)), ctx()))).toEqual(['RL-LIMIT-VALUE']);
    expect(failed(rateLimitHeaders.run(exchange(200, [], rl(60, 59, NOW + 30_000)), ctx()))).toEqual(['RL-RESET']);
    expect(failed(rateLimitHeaders.run(exchange(200, [], rl(60, 59, NOW / 1000 - 60)), ctx()))).toEqual(['RL-RESET']);
    // A server whose clock is off (or ours): Reset is read against its Date too.
    const ahead = NOW / 1000 + 600 + 30;
    expect(failed(rateLimitHeaders.run(exchange(200, [], rl(60, 59, ahead)), ctx()))).toEqual(['RL-RESET']);
    expect(failed(rateLimitHeaders.run(exchange(200, [], { ...rl(60, 59, ahead), date: new Date(NOW + 600_000).toUTCString() }), ctx()))).toEqual([]);
    const behind = NOW / 1000 - 600 + 30;
    expect(failed(rateLimitHeaders.run(exchange(200, [], { ...rl(60, 59, behind), date: new Date(NOW - 600_000).toUTCString() }), ctx()))).toEqual([]);
    expect(failed(rateLimitHeaders.run(exchange(200, [], { ...rl(60, 59, NOW / 1000 - 60), date: new Date(NOW).toUTCString() }), ctx()))).toEqual(['RL-RESET']);
    const missing = exchange(200, []);
    delete missing.response!.headers['x-ratelimit-reset'];
    expect(failed(rateLimitHeaders.run(missing, ctx()))).toEqual(['RL-HEADERS']);
  });

  test('on an error answer, missing rate-limit headers are a convention; sent, they are judged as on any answer', () => {
    const reset = NOW / 1000 + 30;
    const bare = exchange(409, envelope(409, 'CONFLICT'));
    for (const k of Object.keys(bare.response!.headers)) if (k.startsWith('x-ratelimit')) delete bare.response!.headers[k];
    expect(failed(rateLimitHeaders.run(bare, ctx()))).toEqual(['RL-HEADERS-ON-ERRORS']);
    expect(loadRequirements().get('RL-HEADERS-ON-ERRORS')?.level).toBe('inferred');
    const refused = exchange(429, envelope(429, 'RATE_LIMITED'), rl(60, 0, reset));
    expect(rateLimitHeaders.run(refused, ctx()).filter((v) => v.ok).map((v) => v.requirement)).toEqual(['RL-HEADERS', 'RL-HEADERS-ON-ERRORS', 'RL-LIMIT-VALUE', 'RL-REMAINING', 'RL-RESET']);
    expect(failed(rateLimitHeaders.run(exchange(404, envelope(404, 'NOT_FOUND'), { ...rl(60, 59, reset), 'x-ratelimit-limit': 'sixty' }), ctx()))).toEqual(['RL-HEADERS']);
  });

  test('rate-limit headers are not required of requests without a valid key (undocumented)', () => {
    const bare = exchange(401, envelope(401, 'UNAUTHORIZED'), {}, 'none');
    for (const k of Object.keys(bare.response!.headers)) if (k.startsWith('x-ratelimit')) delete bare.response!.headers[k];
    expect(rateLimitHeaders.run(bare, ctx())).toEqual([]);
  });
});

describe('expectations', () => {
  test('status and code', () => {
    expect(expectResponse(exchange(401, envelope(401, 'UNAUTHORIZED')), { status: 401, code: 'UNAUTHORIZED', requirement: 'AUTH-MISSING-401' }).ok).toBe(true);
    expect(expectResponse(exchange(403, envelope(403, 'FORBIDDEN')), { status: 401, code: 'UNAUTHORIZED', requirement: 'AUTH-MISSING-401' })).toMatchObject({ ok: false, message: 'expected 401 UNAUTHORIZED, got 403 FORBIDDEN' });
    expect(expectResponse(exchange(409, envelope(409, 'CONFLICT')), { status: '4xx', requirement: 'VAL-DUPLICATE-4XX' }).ok).toBe(true);
    const noAnswer = { ...exchange(200, []), response: undefined, transportError: { kind: 'timeout' as const, message: 'no complete response within 30 s' } };
    expect(expectResponse(noAnswer, { status: 200, requirement: 'RES-LIST-200' }).message).toBe('expected 200, got no response (no complete response within 30 s)');
  });

  test('a documented body: its schema, and its absence, judged; an undocumented one never', () => {
    const validators = new ResponseValidators(loadSpec());
    const ack = { success: true, message: 'Reseller created successfully', username: 'wcabc', package: 'default' };
    expect(expectSchema(validators, 'createReseller', exchange(201, ack), 'RES-CREATE-201')?.ok).toBe(true);
    expect(expectSchema(validators, 'createReseller', exchange(201, { ...ack, success: 'yes' }), 'RES-CREATE-201')?.ok).toBe(false);
    expect(expectSchema(validators, 'createReseller', exchange(201, ''), 'RES-CREATE-201')).toMatchObject({ ok: false, message: 'expected the documented createReseller 201 body, got no body' });
    expect(expectSchema(validators, 'listResellers', exchange(200, [{ username: 'wcabc' }]), 'RES-LIST-200')?.ok).toBe(true);
    expect(expectSchema(validators, 'listResellers', exchange(200, { resellers: [] }), 'RES-LIST-200')?.ok).toBe(false);
    expect(expectSchema(validators, 'getResellerUsage', exchange(200, ''), 'RES-SUBRESOURCE-2XX')).toBeUndefined();
  });

  test('every documented response schema compiles (they compile when first needed, so a broken one would only show mid-run)', () => {
    const spec = loadSpec();
    const validators = new ResponseValidators(spec);
    const documented = spec.operations.flatMap((op) => Object.entries(op.responses).filter(([, r]) => r.schema).map(([status]) => [op.operationId, Number(status)] as const));
    expect(documented.length).toBeGreaterThan(10);
    for (const [operationId, status] of documented) expect(validators.validate(operationId, status, null), `${operationId} ${status}`).toBeInstanceOf(Array);
  });

  test('read-back searches a body of unknown shape for what was written', () => {
    expect(containsValue({ limits: { max_users: 537 } }, 537)).toBe(true);
    expect(containsValue({ ips: ['203.0.113.5'] }, '203.0.113.5')).toBe(true);
    expect(containsValue({ ips: [] }, '203.0.113.5')).toBe(false);
    expect(expectReadBack(exchange(200, { max_users: 537 }), { max_users: 537 }, 'LIFE-WRITE-READ-BACK').ok).toBe(true);
    expect(expectReadBack(exchange(200, { max_users: 5 }), { max_users: 537 }, 'LIFE-WRITE-READ-BACK').ok).toBe(false);
  });

  test('a guessed body: one value kept, or any change, is enough; no change at all is not', () => {
    const written = { enabled: true, ratio: 153 };
    expect(expectReadBack(exchange(200, { enabled: true }), written, 'LIFE-WRITE-READ-BACK', { before: { enabled: false } }).ok).toBe(true);
    expect(expectReadBack(exchange(200, { ratio: 153 }), written, 'LIFE-WRITE-READ-BACK', { before: {} }).ok).toBe(true);
    expect(expectReadBack(exchange(200, { enabled: false }), written, 'LIFE-WRITE-READ-BACK', { before: { enabled: false } }).ok).toBe(false);
  });
});
