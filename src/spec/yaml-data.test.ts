import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { JSON_COPY_SUFFIX, readYamlData } from './yaml-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'yaml-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a YAML file is parsed, aliases and all; the JSON copy beside it, where the build made one, is read instead', () => {
  const file = join(dir, 'data.yaml');
  writeFileSync(file, 'shared: &s { a: 1 }\nuses: *s\n');
  expect(readYamlData(file)).toEqual({ shared: { a: 1 }, uses: { a: 1 } });
  writeFileSync(`${file}${JSON_COPY_SUFFIX}`, '{"from":"the copy"}');
  expect(readYamlData(file)).toEqual({ from: 'the copy' });
});
