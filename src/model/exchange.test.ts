import { expect, test } from 'vitest';
import { budgetKeyOf, describeOutcome, exchangeSummary, statusMatches, succeeded, totalRequests, type Exchange } from './exchange.ts';

function exchange(partial: Partial<Exchange> = {}): Exchange {
  return {
    credential: 'admin',
    request: { method: 'POST', path: '/resellers/', headers: {} },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 5,
    rateLimitedRetries: 0,
    ...partial,
  };
}

const answered = (status: number, json?: unknown) => exchange({ response: { status, headers: {}, body: JSON.stringify(json ?? null), json } });

test('budgetKeyOf: each key its own budget; no key and an unknown key share the anonymous one', () => {
  expect(budgetKeyOf('admin')).toBe('admin');
  expect(budgetKeyOf('reseller')).toBe('reseller');
  expect(budgetKeyOf('none')).toBe('anonymous');
  expect(budgetKeyOf('invalid')).toBe('anonymous');
});

test('exchangeSummary: method, path and the status, or the transport failure instead', () => {
  expect(exchangeSummary(answered(201))).toBe('POST /resellers/ -> 201');
  expect(
    exchangeSummary(
      exchange({
        request: { method: 'GET', path: '/resellers/wcab12cd', headers: {} },
        transportError: { kind: 'timeout', message: 'no response within 30 s' },
      }),
    ),
  ).toBe('GET /resellers/wcab12cd -> timeout');
  expect(exchangeSummary(exchange())).toBe('POST /resellers/ -> no response');
});

test('totalRequests sums the counts per credential, missing ones as zero', () => {
  expect(totalRequests({ admin: 30, reseller: 6, none: 5 })).toBe(41);
  expect(totalRequests({ admin: 2, reseller: undefined })).toBe(2);
  expect(totalRequests({})).toBe(0);
});

test('describeOutcome: the status with the envelope code when the body has one, or why nothing came back', () => {
  expect(describeOutcome(answered(404, { success: false, code: 'NOT_FOUND' }))).toBe('404 NOT_FOUND');
  expect(describeOutcome(answered(200, [{ username: 'wcab12cd' }]))).toBe('200');
  // A code that is not a string is not an envelope code.
  expect(describeOutcome(answered(400, { code: 400 }))).toBe('400');
  expect(describeOutcome(exchange({ response: { status: 502, headers: {}, body: '<html>' } }))).toBe('502');
  expect(describeOutcome(exchange({ transportError: { kind: 'network', message: 'connect ECONNREFUSED 127.0.0.1:1' } }))).toBe(
    'no response (connect ECONNREFUSED 127.0.0.1:1)',
  );
  expect(describeOutcome(exchange())).toBe('no response (unknown)');
});

test('statusMatches: an exact status, or a class with exact bounds', () => {
  expect(statusMatches(201, 201)).toBe(true);
  expect(statusMatches(200, 201)).toBe(false);
  for (const status of [200, 204, 299]) expect(statusMatches(status, '2xx'), String(status)).toBe(true);
  for (const status of [199, 300, 404]) expect(statusMatches(status, '2xx'), String(status)).toBe(false);
  for (const status of [400, 422, 499]) expect(statusMatches(status, '4xx'), String(status)).toBe(true);
  for (const status of [399, 500, 201]) expect(statusMatches(status, '4xx'), String(status)).toBe(false);
  for (const status of [200, 404, 499]) expect(statusMatches(status, '<500'), String(status)).toBe(true);
  for (const status of [500, 503]) expect(statusMatches(status, '<500'), String(status)).toBe(false);
});

test('succeeded: answered 2xx, nothing else', () => {
  expect(succeeded(answered(200))).toBe(true);
  expect(succeeded(answered(204))).toBe(true);
  expect(succeeded(answered(302))).toBe(false);
  expect(succeeded(answered(404))).toBe(false);
  expect(succeeded(exchange({ transportError: { kind: 'tls', message: 'self-signed certificate' } }))).toBe(false);
});
