// The rule for system programs: run when present; skip with the package to
// install when absent; fail when absent under CI=true.
import { afterEach, expect, test, vi } from 'vitest';
import { requireProgram } from './helpers/system-tools.ts';

const MISSING = 'wispanel-no-such-program';

afterEach(() => {
  vi.unstubAllEnvs();
});

test('a program on the PATH: the test runs', () => {
  const skip = vi.fn();
  requireProgram({ skip }, 'node', 'nodejs');
  expect(skip).not.toHaveBeenCalled();
});

test('a missing program outside CI: skipped, naming the Debian package', () => {
  vi.stubEnv('CI', '');
  const skip = vi.fn();
  requireProgram({ skip }, MISSING, 'wispanel-pkg');
  expect(skip).toHaveBeenCalledWith(`${MISSING} not found on the PATH: install the Debian package wispanel-pkg`);
});

test('a missing program under CI=true: the test fails', () => {
  vi.stubEnv('CI', 'true');
  const skip = vi.fn();
  expect(() => requireProgram({ skip }, MISSING, 'wispanel-pkg')).toThrow(`${MISSING} not found on the PATH: install the Debian package wispanel-pkg (CI=true`);
  expect(skip).not.toHaveBeenCalled();
});
