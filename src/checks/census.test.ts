import { expect, test } from 'vitest';
import { exchange, judge } from '../../test/helpers/check-context.ts';
import { otherPartCarriesNothingOfOurs, othersCarryNothingOfOurs, type Others } from './census.ts';

const seeded = { username: 'partner1', max_users: 5 };
const ours = { username: 'wcrun1abc', max_users: 4242 };

test('a record the run does not own carrying a value only this run wrote fails; any other change is a note', () => {
  const evidence: Others = { on: 'list', before: [seeded, { username: 'partner2', max_users: 7 }, ours], ownPrefix: 'wcrun1', written: { max_users: 4242 } };
  expect(judge(othersCarryNothingOfOurs, exchange(200, [seeded, { username: 'partner2', max_users: 7 }, ours]), { evidence })).toEqual({
    ok: true,
    message: '2 records the run does not own carry none of its values',
    notes: [],
  });
  const proven = judge(
    othersCarryNothingOfOurs,
    exchange(200, [
      { ...seeded, max_users: 4242 },
      { username: 'partner2', max_users: 7 },
    ]),
    { evidence },
  )!;
  expect(proven).toMatchObject({
    ok: false,
    message: 'expected records the run does not own to carry none of its values, got partner1: max_users 5 -> 4242 (written by this run)',
  });
  const other = judge(othersCarryNothingOfOurs, exchange(200, [{ ...seeded, max_users: 6 }]), { evidence })!;
  expect(other.ok).toBe(true);
  expect(other.notes).toEqual([
    "partner1 changed during the run (max_users 5 -> 6); not a value the run wrote: another client's doing, as far as the run can tell",
    'partner2 is no longer listed; another client may have deleted it',
  ]);
});

test("a part of such a record: the run's values appearing there fail, values it had before do not", () => {
  const evidence = (before: unknown): Others => ({ on: 'part', before, written: ['ns1.wcrun1.example.net'], name: 'partner1' });
  const after = exchange(200, { nameservers: ['ns1.wcrun1.example.net'] });
  expect(judge(otherPartCarriesNothingOfOurs, after, { evidence: evidence({ nameservers: ['ns1.panel.example'] }) })?.ok).toBe(false);
  expect(judge(otherPartCarriesNothingOfOurs, after, { evidence: evidence({ nameservers: ['ns1.wcrun1.example.net'] }) })?.ok).toBe(true);
  expect(
    judge(otherPartCarriesNothingOfOurs, exchange(200, { nameservers: ['ns9.other.example'] }), { evidence: evidence({ nameservers: ['ns1.panel.example'] }) })
      ?.notes,
  ).toHaveLength(1);
});
