import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { generatePlan } from '../cases/generate.ts';
import { options, spec } from '../cases/kinds/plan-fixture.ts';
import { caseIdentity, PROFILES } from './case.ts';
import { CASE_KINDS } from './kinds.ts';

const schema = (name: string) => JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8'));

test('PROFILES are the profiles the configuration files accept, smallest first', () => {
  expect(PROFILES).toEqual(['default', 'certify']);
  expect(schema('wispanel.config.schema.json').properties.profile.anyOf[0].enum).toEqual([...PROFILES]);
  expect(JSON.stringify(schema('wispanel.targets.schema.json'))).toContain(`"enum":${JSON.stringify(PROFILES)}`);
});

test('a planned case is plain data with its smallest profile: certify plans every case, default turns the certify ones off', () => {
  const certify = generatePlan(spec, options({ profile: 'certify' }));
  const byDefault = generatePlan(spec, options({ profile: 'default' }));
  // Pure data: it crosses JSON unchanged, and planning again gives the same plan.
  expect(JSON.parse(JSON.stringify(certify))).toEqual(certify);
  expect(generatePlan(spec, options({ profile: 'certify' }))).toEqual(certify);
  for (const c of certify.cases) {
    expect(PROFILES, c.id).toContain(c.profile);
    expect(CASE_KINDS, c.id).toContain(c.kind);
    expect(c.requirements.length, c.id).toBeGreaterThan(0);
  }
  expect(new Set(certify.cases.map((c) => c.profile))).toEqual(new Set(PROFILES));
  expect(byDefault.cases.map((c) => c.id).sort()).toEqual(certify.cases.map((c) => c.id).sort());
  const off = byDefault.cases.filter((c) => c.disabled?.startsWith('not in the default profile')).map((c) => c.id);
  expect(off.sort()).toEqual(
    certify.cases
      .filter((c) => c.profile === 'certify')
      .map((c) => c.id)
      .sort(),
  );
});

test("a planned case's identity: its seven fields, in order, nothing of its plan", () => {
  const c = generatePlan(spec, options()).cases[0];
  const identity = caseIdentity(c);
  expect(Object.keys(identity)).toEqual(['id', 'operationId', 'group', 'kind', 'title', 'credential', 'requirements']);
  expect(identity).toEqual({
    id: c.id,
    operationId: c.operationId,
    group: c.group,
    kind: c.kind,
    title: c.title,
    credential: c.credential,
    requirements: c.requirements,
  });
});
