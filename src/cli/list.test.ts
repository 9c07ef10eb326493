// --list and --list --json: the requirement catalogue with its checks, every
// planned case with its state, and the estimate; nothing is sent.
import { describe, expect, test } from 'vitest';
import { checksOf } from '../checks/registry.ts';
import { estimatePlan } from '../cases/estimate.ts';
import { generatePlan, type PlanOptions } from '../cases/generate.ts';
import { formatDuration } from '../model/text.ts';
import { loadRequirements } from '../spec/requirements.ts';
import { planJson, renderPlan } from './list.ts';
import { options as planOptions, spec } from '../cases/kinds/plan-fixture.ts';

const requirements = loadRequirements();
/** The plan fixture's options in the default profile. */
const options = (over: Partial<PlanOptions> = {}): PlanOptions => planOptions({ profile: 'default', ...over });
const planOf = (over: Partial<PlanOptions> = {}) => {
  const plan = generatePlan(spec, options(over));
  return { plan, estimate: estimatePlan(plan, 60, 60_000, 8) };
};

describe('renderPlan', () => {
  const { plan, estimate } = planOf({ filter: '^getCurrentUser\\.', hasResellerToken: true });
  const text = renderPlan(plan, estimate, requirements);
  const lines = text.split('\n');

  test('the catalogue first: each requirement with its level, its checks and its statement', () => {
    expect(lines[0]).toBe('Requirements (spec/requirements.yaml), with the checks that judge them (src/checks/registry.ts):');
    const catalogue = lines.slice(1, 1 + requirements.size);
    expect(catalogue).toHaveLength(requirements.size);
    const noFive = requirements.get('HTTP-NO-5XX')!;
    const line = catalogue.find((l) => l.startsWith('HTTP-NO-5XX '))!;
    expect(line).toContain(` ${noFive.level} `);
    expect(line).toContain(checksOf('HTTP-NO-5XX').join(', '));
    expect(line.endsWith(noFive.statement)).toBe(true);
  });

  test('then one row per planned case: ID, operation, kind, its requirements with their levels, and its state', () => {
    const header = lines.indexOf(lines.find((l) => l.startsWith('ID '))!);
    const rows = lines.slice(header + 1, header + 1 + plan.cases.length);
    expect(rows.map((r) => r.split(' ')[0])).toEqual(plan.cases.map((c) => c.id));
    const row = rows.find((r) => r.startsWith('getCurrentUser.auth.missing '))!;
    expect(row).toMatch(/^getCurrentUser\.auth\.missing +getCurrentUser +auth +AUTH-MISSING-401 \(documented\) {2}\[planned\]$/);
    expect(rows.find((r) => r.startsWith('createReseller.positive.ok '))).toMatch(/\[disabled: does not match --filter \^getCurrentUser\\\.\]$/);
    expect(rows.find((r) => r.startsWith('createApiKey.role.mint '))).toMatch(/\[(disabled|skipped): [^\]]+\]$/);
  });

  test('last, the estimate', () => {
    expect(lines.at(-1)).toBe(
      `${estimate.cases.runnable} of ${estimate.cases.planned} cases planned; requests per key: admin ${estimate.requests.admin}, reseller ${estimate.requests.reseller}, no key ${estimate.requests.anonymous} (set-up and clean-up included); estimated wall time ${formatDuration(estimate.wallMs)}`,
    );
    expect(estimate.cases.runnable).toBeGreaterThan(0);
    expect(estimate.cases.runnable).toBeLessThan(estimate.cases.planned);
  });

  test('a requirement missing from the catalogue shows as level ?', () => {
    const { plan: one, estimate: e } = planOf({ filter: '^getCurrentUser\\.auth\\.missing$' });
    const withoutIt = new Map([...requirements].filter(([id]) => id !== 'AUTH-MISSING-401'));
    expect(renderPlan(one, e, withoutIt)).toMatch(/^getCurrentUser\.auth\.missing .* AUTH-MISSING-401 \(\?\) {2}\[planned\]$/m);
  });
});

describe('planJson', () => {
  test('the same as data: requirements with their checks, cases with their state and reason, the estimate', () => {
    const { plan, estimate } = planOf({ readOnly: true });
    const data = JSON.parse(planJson(plan, estimate, requirements)) as {
      requirements: Array<{ id: string; level: string; checks: string[] }>;
      cases: Array<{ id: string; state: string; reason?: string; credential: string; requirements: string[] }>;
      estimate: unknown;
    };
    expect(data.requirements.map((r) => r.id)).toEqual([...requirements.keys()]);
    expect(data.requirements.find((r) => r.id === 'HTTP-NO-5XX')!.checks).toEqual(checksOf('HTTP-NO-5XX'));
    expect(data.cases.map((c) => c.id)).toEqual(plan.cases.map((c) => c.id));
    expect(data.estimate).toEqual(estimate);
    const create = data.cases.find((c) => c.id === 'createReseller.positive.ok')!;
    expect(create).toMatchObject({ state: 'skipped', reason: 'read-only run: the case sends a write', credential: 'admin' });
    const certify = data.cases.find((c) => c.id === 'getCurrentUser.auth.basic')!;
    expect(certify.state).toBe('disabled');
    expect(certify.reason).toMatch(/^not in the default profile/);
    const planned = data.cases.find((c) => c.id === 'getCurrentUser.auth.missing')!;
    expect(planned).toEqual(expect.objectContaining({ state: 'planned', requirements: ['AUTH-MISSING-401'] }));
    expect('reason' in planned).toBe(false);
  });
});
