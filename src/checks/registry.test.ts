// The registry against the catalogue (spec/requirements.yaml) and the plan,
// like a conformance golden file: every requirement is judged by a check or
// marked not testable; every check judges a requirement of the catalogue and
// is reached, by some planned case and in a real run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generatePlan } from '../cases/generate.ts';
import type { PlanOptions } from '../model/case.ts';
import { loadRequirements } from '../spec/requirements.ts';
import { loadSpec } from '../spec/load.ts';
import { packageRoot } from '../spec/paths.ts';
import { startReferenceServer } from '../../reference/server.ts';
import { conformInProcess } from '../../test/helpers/conform.ts';
import { CHECKS, checksOf } from './registry.ts';

const requirements = loadRequirements();
const spec = loadSpec();
const certify = (over: Partial<PlanOptions> = {}) =>
  generatePlan(spec, { profile: 'certify', include: [], exclude: [], readOnly: false, hasResellerToken: false, ...over });
const plans = [certify(), certify({ hasResellerToken: true })];

/** IDs of the catalogue's shape named in source code ('RES-GET-200', ...). */
function idsNamedIn(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const families = [...new Set([...requirements.keys()].map((id) => id.split('-')[0]))].join('|');
  const pattern = new RegExp(`'((?:${families})-[A-Z0-9-]+)'`, 'g');
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) idsNamedIn(path).forEach((v, k) => found.set(k, v));
    // Tests may name made-up IDs, to see them refused.
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) for (const m of readFileSync(path, 'utf8').matchAll(pattern)) found.set(m[1], path);
  }
  return found;
}

describe('the registry and the catalogue', () => {
  test('every requirement has a check, or a not-testable mark saying why, never both', () => {
    const unjudged = [...requirements.values()].filter((r) => !CHECKS.has(r.id) && !r.notTestable).map((r) => r.id);
    expect(unjudged).toEqual([]);
    expect([...requirements.values()].filter((r) => CHECKS.has(r.id) && r.notTestable).map((r) => r.id)).toEqual([]);
  });

  test('every check judges a requirement of the catalogue, and every ID the code and the fixtures name is in it', () => {
    expect([...CHECKS.keys()].filter((id) => !requirements.has(id))).toEqual([]);
    for (const dir of ['src', 'reporters', 'fixtures', 'test/fixtures']) {
      const named = idsNamedIn(join(packageRoot, dir));
      expect([...named].filter(([id]) => !requirements.has(id)).map(([id, file]) => `${id} in ${file}`)).toEqual([]);
    }
  });

  test('every active check is reachable from a case: some planned case stands for its requirement', () => {
    const standsFor = new Set(plans.flatMap((p) => p.cases.flatMap((c) => c.requirements)));
    const active = [...CHECKS].filter(([, entries]) => entries.some((e) => e.mode === 'active')).map(([id]) => id);
    expect(active.filter((id) => !standsFor.has(id))).toEqual([]);
  });

  test('what a case expects is judged by a status check: its expected requirement has one', () => {
    const byStatus = (id: string) => checksOf(id).includes('status_conformance') || checksOf(id).includes('limit_enforced');
    expect(plans.flatMap((p) => p.cases.filter((c) => !byStatus(c.expect.requirement)).map((c) => `${c.id}: ${c.expect.requirement}`))).toEqual([]);
  });

  test('the schema check judges exactly the requirements of answers whose body the spec documents', () => {
    const documented = new Set(
      plans[0].cases
        .filter(
          (c) =>
            (c.kind === 'positive' || c.variant.type === 'mint-key') &&
            spec.byId.get(c.operationId)!.responses[spec.byId.get(c.operationId)!.successStatus]?.schema,
        )
        .map((c) => c.expect.requirement),
    );
    const withSchema = [...CHECKS.keys()].filter((id) => checksOf(id).includes('response_schema_conformance'));
    expect(withSchema.sort()).toEqual([...documented].sort());
  });
});

/** Checks whose evidence only a broken server gives (a diagnosis asked for
 *  only once something went wrong), with the test that reaches each through
 *  the real executor, deterministically (a string its title contains). */
const ONLY_WHEN_BROKEN: Record<string, string> = {
  'SAFE-WRITE-CONTAINED record_still_there': 'a lifecycle reseller removed out of band before its DELETE fails SAFE-WRITE-CONTAINED (record_still_there)',
};

/** Where the tests of ONLY_WHEN_BROKEN are. */
const BROKEN_SERVER_TESTS = join(packageRoot, 'src', 'run', 'kinds', 'positive.test.ts');

/** The checks a certify run reached, with a minted and with a given key. */
async function reachedOn(): Promise<Set<string>> {
  const server = await startReferenceServer({ rateLimit: 60, windowMs: 1000 });
  try {
    const reached = new Set<string>();
    for (const given of [[], ['--reseller-token', server.resellerToken]]) {
      const result = await conformInProcess([
        '--base-url',
        server.baseUrl,
        '--token',
        server.adminToken,
        '--profile',
        'certify',
        '--rate-window-ms',
        '1000',
        '--seed',
        '3',
        ...given,
      ]);
      for (const check of result.panels[0].checksReached) reached.add(check);
    }
    return reached;
  } finally {
    await server.close();
  }
}

describe('the registry in a real run', () => {
  const registered = [...CHECKS].flatMap(([id, entries]) => entries.map((e) => `${id} ${e.name}`));

  test('a certify run on the reference server, with a minted and with a given reseller key, reaches every registered check but the diagnoses of a broken server', async () => {
    const reached = await reachedOn();
    expect(registered.filter((check) => !reached.has(check) && !(check in ONLY_WHEN_BROKEN))).toEqual([]);
  });

  test.each(Object.entries(ONLY_WHEN_BROKEN))('%s is proved reached by the test "%s" (src/run/kinds/positive.test.ts)', (check, title) => {
    expect(registered).toContain(check);
    const source = readFileSync(BROKEN_SERVER_TESTS, 'utf8');
    // A test of that file whose title holds the string, and which names the check.
    const titles = [...source.matchAll(/^test\('((?:[^'\\]|\\.)*)'/gm)].map((m) => m[1].replace(/\\'/g, "'"));
    expect(titles.filter((t) => t.includes(title))).toHaveLength(1);
    expect(source).toContain(`'${check}'`);
  });
});

describe('the catalogue itself', () => {
  test('every requirement has a level, a family, a MUST/SHOULD statement and a source', () => {
    for (const r of requirements.values()) {
      expect(r.id).toMatch(/^[A-Z]+(-[A-Z0-9]+)+$/);
      expect(['documented', 'standard', 'inferred']).toContain(r.level);
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
