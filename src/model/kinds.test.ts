import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { KINDS, kindOf } from '../cases/kinds/index.ts';
import { CASE_KINDS } from './kinds.ts';

test('CASE_KINDS names the plan registry, in its order', () => {
  expect(CASE_KINDS).toEqual(KINDS.map((k) => k.name));
  for (const name of CASE_KINDS) expect(kindOf(name).name).toBe(name);
  expect(new Set(CASE_KINDS).size).toBe(CASE_KINDS.length);
});

test('report.json allows exactly these kinds', () => {
  const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'));
  expect([...schema.$defs.case.properties.kind.enum].sort()).toEqual([...CASE_KINDS].sort());
});
