import { expect, test } from 'vitest';
import { envelope, exchange, judge, verdictOf } from '../../test/helpers/check-context.ts';
import { partNoLongerServed } from './delete-complete.ts';

test('a part of a deleted reseller is no longer served: any answer but a 2xx', () => {
  expect(verdictOf(partNoLongerServed, exchange(404, envelope(404, 'NOT_FOUND')))).toBe('ok');
  expect(verdictOf(partNoLongerServed, exchange(410, envelope(410, 'GONE')))).toBe('ok');
  expect(judge(partNoLongerServed, exchange(200, { ips: ['203.0.113.5'] }))?.message).toBe(
    'expected nothing of a deleted reseller to be served, got GET /resellers/ answered 200, its data still there',
  );
});
