import { expect, test } from 'vitest';
import { envelope, exchange, noAnswer, verdictOf } from '../../test/helpers/check-context.ts';
import { notAServerError } from './no-server-error.ts';

test('a 4xx passes, a 5xx fails, no answer is not judged here', () => {
  expect(verdictOf(notAServerError, exchange(404, envelope(404, 'NOT_FOUND')))).toBe('ok');
  expect(verdictOf(notAServerError, exchange(500, envelope(500, 'INTERNAL')))).toBe('fail');
  expect(verdictOf(notAServerError, noAnswer())).toBeUndefined();
});
