import { expect, test } from 'vitest';
import { exchange, judge, verdictOf } from '../../test/helpers/check-context.ts';
import { readsAgree } from './reads-agree.ts';

const evidence = { written: { max_users: 4242 }, username: 'wcabc' };

test("the list shows the write in the record's entry; an entry that shows no such field is not judged", () => {
  expect(verdictOf(readsAgree, exchange(200, [{ username: 'wcabc', max_users: 4242 }]), { evidence })).toBe('ok');
  expect(judge(readsAgree, exchange(200, [{ username: 'wcabc', max_users: 5 }]), { evidence })?.message).toBe(
    'expected GET /resellers/ to show the write to wcabc as the record does, got max_users 5 (written 4242)',
  );
  expect(verdictOf(readsAgree, exchange(200, [{ username: 'wcabc' }]), { evidence })).toBeUndefined();
});

test('a read of an undocumented shape shows the value written somewhere in it', () => {
  expect(verdictOf(readsAgree, exchange(200, { limits: { max_users: 4242 } }), { evidence })).toBe('ok');
  expect(verdictOf(readsAgree, exchange(200, { max_users: 5 }), { evidence })).toBe('fail');
  expect(verdictOf(readsAgree, exchange(404, {}), { evidence })).toBeUndefined();
});
