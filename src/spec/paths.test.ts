// Where the package's own files are, wherever it is installed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { packageRoot, requirementsFile, specFile } from './paths.ts';

test('the package root holds this package; the spec and the requirement catalogue are under it', () => {
  expect(packageRoot.endsWith('/')).toBe(true);
  expect(JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).name).toBe('wispanel-conformance');
  expect(specFile).toBe(join(packageRoot, 'spec', 'wispanel.openapi.yaml'));
  expect(requirementsFile).toBe(join(packageRoot, 'spec', 'requirements.yaml'));
  expect(existsSync(specFile) && existsSync(requirementsFile)).toBe(true);
});
