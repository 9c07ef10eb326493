import type { Requirement } from '../model.ts';
import type { Plan } from '../cases/types.ts';
import type { Estimate } from '../cases/estimate.ts';
import { formatDuration } from '../../reporters/text.ts';
import { checksOf } from '../checks/registry.ts';

/** --list: the planned cases and the estimate; nothing is sent. */
export function renderPlan(plan: Plan, estimate: Estimate, requirements: Map<string, Requirement>): string {
  const rows = plan.cases.map((c) => {
    const state = c.disabled ? `disabled: ${c.disabled}` : c.skip ? `skipped: ${c.skip}` : 'planned';
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
    `${estimate.cases.runnable} of ${estimate.cases.planned} cases planned; requests per key: admin ${estimate.requests.admin}, reseller ${estimate.requests.reseller}, no key ${estimate.requests.anonymous}; estimated wall time ${formatDuration(estimate.wallMs)}`,
  ].join('\n');
}
