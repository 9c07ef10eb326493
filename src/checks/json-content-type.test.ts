import { expect, test } from 'vitest';
import { exchange, judge, verdictOf } from '../../test/helpers/check-context.ts';
import { jsonContentType } from './json-content-type.ts';

test('application/json (with parameters, or a +json type) passes; another label, or none, fails', () => {
  expect(verdictOf(jsonContentType, exchange(200, [], { 'content-type': 'application/json; charset=utf-8' }))).toBe('ok');
  expect(verdictOf(jsonContentType, exchange(200, [], { 'content-type': 'application/problem+json' }))).toBe('ok');
  expect(judge(jsonContentType, exchange(200, [], { 'content-type': 'text/html' }))).toEqual({
    ok: false,
    message: 'expected Content-Type application/json, got text/html',
  });
  const unlabelled = exchange(200, []);
  delete unlabelled.response!.headers['content-type'];
  expect(judge(jsonContentType, unlabelled)?.message).toBe('expected Content-Type application/json, got none');
  expect(verdictOf(jsonContentType, exchange(204, ''))).toBeUndefined();
});
