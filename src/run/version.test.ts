import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { suiteVersion } from './version.ts';

test("the suite version is the package's, read once", () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(suiteVersion()).toBe(pkg.version);
  expect(suiteVersion()).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  expect(suiteVersion()).toBe(suiteVersion());
});
