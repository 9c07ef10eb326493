import { expect, test } from 'vitest';
import { exchange, verdictOf } from '../../test/helpers/check-context.ts';
import { jsonBody } from './json-body.ts';

test('a JSON body passes, anything else fails; no body is for the schema or envelope check', () => {
  expect(verdictOf(jsonBody, exchange(200, []))).toBe('ok');
  expect(verdictOf(jsonBody, exchange(200, '<html>'))).toBe('fail');
  expect(verdictOf(jsonBody, exchange(204, ''))).toBeUndefined();
  expect(verdictOf(jsonBody, exchange(200, ''))).toBeUndefined();
});
