import { expect, test } from 'vitest';
import { envelope, exchange, judge, verdictOf } from '../../test/helpers/check-context.ts';
import { envelopeCode, envelopeShape, envelopeStatus } from './envelope.ts';

test('ENV-SHAPE: all five keys with their types on every error; not judged on a success', () => {
  expect(verdictOf(envelopeShape, exchange(404, envelope(404, 'NOT_FOUND')))).toBe('ok');
  expect(verdictOf(envelopeShape, exchange(200, { anything: 1 }))).toBeUndefined();
  expect(judge(envelopeShape, exchange(400, { success: false, error: 'x', message: 'y', status: 400 }))?.message).toBe('envelope on 400: code missing');
  expect(verdictOf(envelopeShape, exchange(400, { error: { code: 'VALIDATION_ERROR', message: 'x' } }))).toBe('fail');
  expect(judge(envelopeShape, exchange(429, 'Too Many Requests'))?.message).toBe('expected the error envelope on 429, got a body that is not a JSON object');
  expect(judge(envelopeShape, exchange(403, { ...envelope(403, 'FORBIDDEN'), success: true }))?.message).toBe('envelope on 403: success true (expected false)');
});

test('ENV-STATUS-MATCH: the envelope status equals the HTTP status, judged only where it is an integer', () => {
  expect(verdictOf(envelopeStatus, exchange(404, envelope(404, 'NOT_FOUND')))).toBe('ok');
  expect(judge(envelopeStatus, exchange(401, envelope(200, 'UNAUTHORIZED')))).toEqual({ ok: false, message: 'expected envelope status 401, got 200' });
  expect(verdictOf(envelopeStatus, exchange(401, { ...envelope(401, 'UNAUTHORIZED'), status: '401' }))).toBeUndefined();
});

test('ENV-CODE-MATCH: the code seen with a documented status; any code where the spec documents none', () => {
  expect(verdictOf(envelopeCode, exchange(403, envelope(403, 'FORBIDDEN')))).toBe('ok');
  expect(judge(envelopeCode, exchange(403, envelope(403, 'DENIED')))).toEqual({ ok: false, message: 'expected code FORBIDDEN with 403, got DENIED' });
  expect(verdictOf(envelopeCode, exchange(409, envelope(409, 'CONFLICT')))).toBeUndefined();
});
