import { expect, test } from 'vitest';
import { countOutcomes, notRunByReason, OUTCOMES, verdictOf, verdictScope, type Outcome } from './outcome.ts';

const cases = (...outcomes: Outcome[]) => outcomes.map((outcome) => ({ outcome }));

test('countOutcomes counts every outcome, zeros included; OUTCOMES lists what ran first', () => {
  expect(countOutcomes(cases('passed', 'failed', 'passed', 'disabled'))).toEqual({ passed: 2, failed: 1, error: 0, skipped: 0, disabled: 1 });
  expect(countOutcomes([])).toEqual({ passed: 0, failed: 0, error: 0, skipped: 0, disabled: 0 });
  expect(OUTCOMES).toEqual(['passed', 'failed', 'error', 'skipped', 'disabled']);
});

test('verdictOf: a failure is NOT CONFORMANT whatever else happened', () => {
  expect(verdictOf(cases('passed', 'failed'))).toBe('NOT CONFORMANT');
  expect(verdictOf(cases('failed', 'error', 'skipped'))).toBe('NOT CONFORMANT');
  expect(verdictOf(cases('failed'), true)).toBe('NOT CONFORMANT');
});

test('verdictOf: an error, a stopped run, or nothing passed is INCOMPLETE; else CONFORMANT', () => {
  expect(verdictOf(cases('passed', 'error'))).toBe('INCOMPLETE');
  expect(verdictOf(cases('passed', 'passed'), true)).toBe('INCOMPLETE');
  expect(verdictOf(cases('skipped', 'disabled'))).toBe('INCOMPLETE');
  expect(verdictOf([])).toBe('INCOMPLETE');
  expect(verdictOf(cases('passed'))).toBe('CONFORMANT');
  // Skipped and disabled cases do not stand in the way.
  expect(verdictOf(cases('passed', 'skipped', 'disabled'))).toBe('CONFORMANT');
});

test('verdictScope: profile, strictness and how many requirements were not checked, with the hint that fits', () => {
  const scope = (over: Partial<Parameters<typeof verdictScope>[0]>) =>
    verdictScope({ profile: 'default', strict: false, requirementsNotChecked: 10, chosenBy: [], ...over });
  expect(scope({})).toBe('default profile; 10 requirements not checked, run --profile certify');
  expect(scope({ requirementsNotChecked: 1 })).toBe('default profile; 1 requirement not checked, run --profile certify');
  expect(scope({ requirementsNotChecked: 0 })).toBe('default profile; every requirement checked');
  // certify already runs every case: no hint to run it.
  expect(scope({ profile: 'certify', requirementsNotChecked: 3 })).toBe('certify profile; 3 requirements not checked');
  expect(scope({ strict: true })).toBe('default profile, strict; 10 requirements not checked, run --profile certify');
  expect(scope({ lenient: true, profile: 'certify', requirementsNotChecked: 0 })).toBe('certify profile, lenient; every requirement checked');
  expect(scope({ strict: true, lenient: true, requirementsNotChecked: 0 })).toBe('default profile, strict, lenient; every requirement checked');
  // Flags that chose the cases are the reason, not the profile.
  expect(scope({ chosenBy: ['--filter', '--shard'] })).toBe('default profile; 10 requirements not checked (cases chosen with --filter, --shard)');
  expect(scope({ profile: 'certify', chosenBy: ['--operation'], requirementsNotChecked: 2 })).toBe(
    'certify profile; 2 requirements not checked (cases chosen with --operation)',
  );
});

test('notRunByReason: skipped and disabled cases by outcome and reason, in the order they first appear', () => {
  const all = [
    { id: 'a', outcome: 'skipped' as const, reason: 'no reseller key' },
    { id: 'b', outcome: 'passed' as const },
    { id: 'c', outcome: 'disabled' as const, reason: 'no reseller key' },
    { id: 'd', outcome: 'skipped' as const, reason: 'no reseller key' },
    { id: 'e', outcome: 'error' as const, reason: 'timeout' },
    { id: 'f', outcome: 'skipped' as const },
  ];
  const groups = notRunByReason(all);
  expect([...groups].map(([reason, group]) => [reason, group.map((c) => c.id)])).toEqual([
    ['skipped: no reseller key', ['a', 'd']],
    ['disabled: no reseller key', ['c']],
    ['skipped: no reason given', ['f']],
  ]);
  expect(notRunByReason(cases('passed', 'failed', 'error')).size).toBe(0);
});
