import { expect, test } from 'vitest';
import { groupBy } from './group.ts';

test('groups by key in the order keys first appear, each group in input order', () => {
  const items = [
    { group: 'resellers.create', id: 'a' },
    { group: 'resellers.list', id: 'b' },
    { group: 'resellers.create', id: 'c' },
    { group: 'resellers.get', id: 'd' },
    { group: 'resellers.list', id: 'e' },
  ];
  const groups = groupBy(items, (item) => item.group);
  expect([...groups.keys()]).toEqual(['resellers.create', 'resellers.list', 'resellers.get']);
  expect([...groups.values()].map((group) => group.map((item) => item.id))).toEqual([['a', 'c'], ['b', 'e'], ['d']]);
  // The groups hold the items themselves, not copies.
  expect(groups.get('resellers.get')![0]).toBe(items[3]);
});

test('no items, no groups; keys are compared as strings', () => {
  expect(groupBy([], String).size).toBe(0);
  const groups = groupBy([1, 2, 3, 4, 5], (n) => (n % 2 === 0 ? 'even' : 'odd'));
  expect(Object.fromEntries(groups)).toEqual({ odd: [1, 3, 5], even: [2, 4] });
});
