import { expect, test } from 'vitest';
import { excerpt, oneLine } from './text.ts';

test('oneLine collapses every run of whitespace, line breaks included, and trims', () => {
  expect(oneLine('expected X-RateLimit-Reset in the future,\ngot 0')).toBe('expected X-RateLimit-Reset in the future, got 0');
  expect(oneLine('  a\r\n\tb   c\u00a0d \n')).toBe('a b c d');
  expect(oneLine('already one line')).toBe('already one line');
  expect(oneLine(' \n\t ')).toBe('');
});

test('excerpt keeps a text that fits, else its head and how much was left out', () => {
  expect(excerpt('abcdef', 6)).toBe('abcdef');
  expect(excerpt('abcdefgh', 6)).toBe('abcdef… (2 more characters)');
  expect(excerpt('x'.repeat(5000), 2048)).toBe(`${'x'.repeat(2048)}… (2952 more characters)`);
  expect(excerpt('', 0)).toBe('');
});
