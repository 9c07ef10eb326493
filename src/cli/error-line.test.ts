// The CLI's one-line error: prefixed with the program's name, no key in it.
import { afterEach, expect, test, vi } from 'vitest';
import { printError } from './error-line.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

test('one line on stderr, named after the program', () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  printError("--rate accepts an integer from 1 to 100000, got 'x'");
  expect(error.mock.calls).toEqual([["wispanel-conformance: --rate accepts an integer from 1 to 100000, got 'x'"]]);
  expect(log).not.toHaveBeenCalled();
});

test('a key in the message is redacted, whole, wherever it stands; other text is left alone', () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const key = `wsp_${'0a1b2c3d'.repeat(6)}`;
  printError(`unexpected argument '${key}' (see --help); --vendor ${key.toUpperCase().replace('WSP_', 'wsp_')}x: Bearer wsp_short`);
  const [line] = error.mock.calls[0] as [string];
  expect(line).toBe("wispanel-conformance: unexpected argument '[redacted]' (see --help); --vendor [redacted]: Bearer wsp_short");
  expect(line).not.toContain('0a1b2c3d');
});
