import { expect, test } from 'vitest';
import { DataFactory, newRunId, runPrefix } from '../fixtures/data.ts';
import { seededFaker, Sfc32 } from '../fixtures/seeded-faker.ts';

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

test('the generator behind the data: its seed alone decides what follows, it spreads over [0, 1), and faker draws from it', () => {
  const draws = (seed: number[]) => {
    const g = new Sfc32();
    g.seed(seed);
    return Array.from({ length: 1000 }, () => g.next());
  };
  const first = draws([1, 2, 3, 4]);
  expect(draws([1, 2, 3, 4])).toEqual(first);
  // Seeds one bit apart part at once.
  expect(draws([1, 2, 3, 5])[0]).not.toBe(first[0]);
  expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  const mean = first.reduce((sum, x) => sum + x, 0) / first.length;
  expect(mean).toBeGreaterThan(0.45);
  expect(mean).toBeLessThan(0.55);
  for (let tenth = 0; tenth < 10; tenth++) expect(first.filter((x) => Math.floor(x * 10) === tenth).length).toBeGreaterThan(60);

  const digest = Buffer.alloc(32, 7);
  const word = seededFaker(digest).string.alpha(12);
  expect(seededFaker(digest).string.alpha(12)).toBe(word);
  expect(seededFaker(Buffer.alloc(32, 8)).string.alpha(12)).not.toBe(word);
});
