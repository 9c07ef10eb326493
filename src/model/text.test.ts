import { expect, test } from 'vitest';
import { formatDuration, plural } from './text.ts';

test('plural: the noun takes an s unless there is exactly one', () => {
  expect(plural(1, 'case')).toBe('1 case');
  expect(plural(0, 'case')).toBe('0 cases');
  expect(plural(2, 'request')).toBe('2 requests');
  expect(plural(121, 'requirement')).toBe('121 requirements');
});

test('formatDuration: milliseconds under a second, tenths of seconds under a minute, then minutes and two-digit seconds', () => {
  expect(formatDuration(0)).toBe('0 ms');
  expect(formatDuration(849.6)).toBe('850 ms');
  expect(formatDuration(999)).toBe('999 ms');
  expect(formatDuration(1000)).toBe('1.0 s');
  expect(formatDuration(12_340)).toBe('12.3 s');
  expect(formatDuration(59_900)).toBe('59.9 s');
  expect(formatDuration(60_000)).toBe('1 min 00 s');
  expect(formatDuration(245_000)).toBe('4 min 05 s');
  // Seconds are rounded before they are split: 119.6 s is two whole minutes.
  expect(formatDuration(119_600)).toBe('2 min 00 s');
  expect(formatDuration(3_725_000)).toBe('62 min 05 s');
});
