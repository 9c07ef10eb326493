import { expect, test } from 'vitest';
import { DataFactory, newRunId, runPrefix } from '../fixtures/data.ts';

test('names derive from the seed and the label alone: the same on every panel of a fleet (its prefix aside), asked once or again', () => {
  const [a, b] = [new DataFactory(7, runPrefix('abc123')), new DataFactory(7, runPrefix('xyz789'))];
  const name = a.username('lifecycle');
  expect(name).toMatch(/^wcabc123[a-z0-9]{6}$/);
  expect(a.username('lifecycle')).toBe(name);
  expect(b.username('lifecycle')).toBe(`wcxyz789${name.slice('wcabc123'.length)}`);
  expect(a.password('lifecycle')).toBe(b.password('lifecycle'));
  expect(a.password('lifecycle')).toMatch(/^[A-Z]{4}[a-z]{4}[0-9]{3}!#$/);
  expect(a.email(name)).toMatch(new RegExp(`^${name}@example\\.(com|net)$`));
  // Another seed, another label: other names.
  expect(new DataFactory(8, runPrefix('abc123')).username('lifecycle')).not.toBe(name);
  expect(a.username('validation')).not.toBe(name);
  expect(newRunId(() => 0)).toBe('aaaaaa');
});
