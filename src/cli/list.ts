import type { Requirement } from '../model/finding.ts';
import { caseIdentity, type Plan, type PlannedCase } from '../model/case.ts';
import type { Estimate } from '../cases/estimate.ts';
import { perKeyText } from '../model/per-key.ts';
import { formatDuration } from '../model/text.ts';
import { checksOf } from '../checks/registry.ts';

type CaseState = { state: 'planned' } | { state: 'disabled' | 'skipped'; reason: string };

function stateOf(c: PlannedCase): CaseState {
  if (c.disabled) return { state: 'disabled', reason: c.disabled };
  if (c.skip) return { state: 'skipped', reason: c.skip };
  return { state: 'planned' };
}

/** --list: the planned cases and the estimate; nothing is sent. */
export function renderPlan(plan: Plan, estimate: Estimate, requirements: ReadonlyMap<string, Requirement>): string {
  const rows = plan.cases.map((c) => {
    const s = stateOf(c);
    const state = s.state === 'planned' ? 'planned' : `${s.state}: ${s.reason}`;
    const reqs = c.requirements.map((id) => `${id} (${requirements.get(id)?.level ?? '?'})`).join(', ');
    return `${c.id.padEnd(46)} ${c.operationId.padEnd(26)} ${c.kind.padEnd(10)} ${reqs}  [${state}]`;
  });
  const catalogue = [...requirements.values()].map((r) => `${r.id.padEnd(24)} ${r.level.padEnd(10)} ${checksOf(r.id).join(', ').padEnd(44)} ${r.statement}`);
  return [
    `Requirements (spec/requirements.yaml), with the checks that judge them (src/checks/registry.ts):`,
    ...catalogue,
    '',
    `${'ID'.padEnd(46)} ${'OPERATION'.padEnd(26)} ${'KIND'.padEnd(10)} REQUIREMENTS`,
    ...rows,
    '',
    `${estimate.cases.runnable} of ${estimate.cases.planned} cases planned; requests per key: ${perKeyText(estimate.requests)} (set-up and clean-up included); estimated wall time ${formatDuration(estimate.wallMs)}`,
  ].join('\n');
}

/** --list --json: the same, as data for scripts. */
export function planJson(plan: Plan, estimate: Estimate, requirements: ReadonlyMap<string, Requirement>): string {
  return JSON.stringify(
    {
      requirements: [...requirements.values()].map((r) => ({ id: r.id, level: r.level, family: r.family, statement: r.statement, checks: checksOf(r.id) })),
      cases: plan.cases.map((c) => ({ ...caseIdentity(c), ...stateOf(c) })),
      estimate,
    },
    null,
    2,
  );
}
