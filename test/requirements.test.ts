// The requirement catalogue is a reviewed list, like a conformance golden
// file: every requirement has a check, and every check names a requirement.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadRequirements } from '../src/spec/requirements.ts';
import { LEVELS } from '../src/model/finding.ts';
import { loadSpec } from '../src/spec/load.ts';
import { generatePlan } from '../src/cases/generate.ts';
import { CHECKS } from '../src/checks/registry.ts';
import { packageRoot } from '../src/spec/paths.ts';

const requirements = loadRequirements();
const spec = loadSpec();
const plan = generatePlan(spec, { profile: 'certify', include: [], exclude: [], readOnly: false, hasResellerToken: false });

/** IDs of the catalogue's shape named in source code ('RES-GET-200', ...). */
function idsNamedIn(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const families = [...new Set([...requirements.keys()].map((id) => id.split('-')[0]))].join('|');
  const pattern = new RegExp(`'((?:${families})-[A-Z0-9-]+)'`, 'g');
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) idsNamedIn(path).forEach((v, k) => found.set(k, v));
    else if (name.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(pattern)) found.set(m[1]!, path);
  }
  return found;
}

describe('requirement catalogue (spec/requirements.yaml)', () => {
  const checked = new Set(CHECKS.flatMap((c) => c.requirements));
  const judgedBy = (name: string) => new Set(CHECKS.find((c) => c.name === name)!.requirements);

  test('every requirement is judged by a check of the registry', () => {
    expect([...requirements.keys()].filter((id) => !checked.has(id))).toEqual([]);
  });

  test('every check names a requirement of the catalogue, and so does every ID in the code and the test fixtures', () => {
    expect([...checked].filter((id) => !requirements.has(id))).toEqual([]);
    for (const dir of ['src', 'reporters', 'fixtures', 'test/fixtures']) {
      const named = idsNamedIn(join(packageRoot, dir));
      expect([...named].filter(([id]) => !requirements.has(id)).map(([id, file]) => `${id} in ${file}`)).toEqual([]);
    }
  });

  test('what a case stands for is what the registry says judges it: its expected status by status_conformance, the rest by a check each', () => {
    const byStatus = judgedBy('status_conformance');
    expect(plan.cases.filter((c) => !byStatus.has(c.expect.requirement)).map((c) => `${c.id}: ${c.expect.requirement}`)).toEqual([]);
    expect(plan.cases.flatMap((c) => c.requirements.filter((id) => !checked.has(id)).map((id) => `${c.id}: ${id}`))).toEqual([]);
    // and no status requirement is listed that no case expects
    const expected = new Set(plan.cases.map((c) => c.expect.requirement));
    expect([...byStatus].filter((id) => !expected.has(id))).toEqual([]);
  });

  test('the schema check lists exactly the positive requirements whose body the spec documents', () => {
    const documented = new Set(plan.cases.filter((c) => (c.kind === 'positive' || c.variant.type === 'mint-key') && spec.byId.get(c.operationId)!.responses[spec.byId.get(c.operationId)!.successStatus]?.schema).map((c) => c.expect.requirement));
    expect([...judgedBy('response_schema_conformance')].sort()).toEqual([...documented].sort());
  });

  test('every requirement has a level, a family, a MUST/SHOULD statement and a source', () => {
    for (const r of requirements.values()) {
      expect(r.id).toMatch(/^[A-Z]+(-[A-Z0-9]+)+$/);
      expect(LEVELS).toContain(r.level);
      expect(r.family, r.id).toMatch(/^[a-z-]+$/);
      expect(r.statement, r.id).toMatch(/\b(MUST|SHOULD)\b/);
      expect(r.source.length, r.id).toBeGreaterThan(10);
    }
  });

  test('documented requirements rest on a vendor statement, standard ones on HTTP or data safety, inferred ones say they are a convention', () => {
    for (const r of requirements.values()) {
      if (r.level === 'inferred') expect(r.source, r.id).toMatch(/convention|not documented/i);
      else expect(r.source, r.id).not.toMatch(/^convention/i);
      if (r.level === 'standard') expect(r.source, r.id).toMatch(/^(HTTP|Data safety)/);
    }
  });
});
