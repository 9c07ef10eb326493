// One result per requirement, with the cases behind it. Only findings of
// passed and failed cases count: an errored case is the suite's own fault,
// and keeping to those two keeps the table in step with the verdict.

import { exchangeSummary } from './exchange.ts';
import { exchangeOf, isFailure, isWarning, type Finding, type Requirement } from './finding.ts';
import { groupBy } from './group.ts';
import type { CaseResult, RunRecord } from './record.ts';
import type { ReportEvidence, ReportRequirement, RequirementOutcome } from './report.ts';

const MAX_EVIDENCE = 3;

interface Observation {
  case: CaseResult;
  finding: Finding;
}

export function requirementResults(run: RunRecord): ReportRequirement[] {
  const policy = run;
  const observations = observationsById(run.cases);
  const unrunById = unrunByRequirement(run.cases);
  return catalogue(run).map((requirement) => {
    const seen = observations.get(requirement.id) ?? [];
    const failed = seen.filter((o) => isFailure(o.finding, policy));
    const warned = seen.filter((o) => isWarning(o.finding, policy));
    const passed = seen.filter((o) => o.finding.ok);
    // Planned cases that gave no verdict explain why there is no evidence.
    const unrun = unrunById.get(requirement.id) ?? [];
    const [result, evidence]: [RequirementOutcome, ReportEvidence[]] =
      requirement.notTestable !== undefined && seen.length === 0
        ? ['not-testable', []]
        : failed.length > 0
          ? ['failed', evidenceFrom(failed, asEvidence)]
          : warned.length > 0
            ? ['warning', evidenceFrom(warned, asEvidence)]
            : passed.length > 0
              ? ['passed', evidenceFrom(passed, asEvidence)]
              : unrun.some((c) => c.outcome !== 'error')
                ? ['skipped', evidenceFrom(unrun, unrunEvidence)]
                : ['not-checked', evidenceFrom(unrun, unrunEvidence)];
    return { ...requirement, result, evidence };
  });
}

/** The run's requirements, plus any a finding names that the catalogue lacks,
 *  so a failure can never drop out of the table and past the regression gate. */
function catalogue(run: RunRecord): Requirement[] {
  const known = new Set(run.requirements.map((r) => r.id));
  const unknown = new Map<string, Requirement>();
  // Loops, not flatMap: a report is built from a run's every finding.
  for (const c of run.cases) {
    for (const finding of c.findings) {
      if (known.has(finding.requirement) || unknown.has(finding.requirement)) continue;
      unknown.set(finding.requirement, {
        id: finding.requirement,
        level: finding.level,
        family: 'unknown',
        statement: 'Not in the requirement catalogue of this run.',
        source: 'unknown',
      });
    }
  }
  return [...run.requirements, ...unknown.values()];
}

function observationsById(cases: CaseResult[]): Map<string, Observation[]> {
  const observations: Observation[] = [];
  for (const c of cases) {
    if (c.outcome === 'passed' || c.outcome === 'failed') for (const finding of c.findings) observations.push({ case: c, finding });
  }
  return groupBy(observations, (o) => o.finding.requirement);
}

/** The cases that gave no verdict (skipped, disabled, errored), under each
 *  requirement they name, in the run's order. */
function unrunByRequirement(cases: CaseResult[]): Map<string, CaseResult[]> {
  const byId = new Map<string, CaseResult[]>();
  for (const c of cases) {
    if (c.outcome !== 'skipped' && c.outcome !== 'disabled' && c.outcome !== 'error') continue;
    for (const id of new Set(c.requirements)) {
      const named = byId.get(id);
      if (named) named.push(c);
      else byId.set(id, [c]);
    }
  }
  return byId;
}

/** A finding as evidence: the case, its message and the exchange behind it. */
export function evidenceOf(c: CaseResult, finding: Finding): ReportEvidence {
  const exchange = exchangeOf(c, finding);
  return { caseId: c.id, message: finding.message, exchange: exchange ? exchangeSummary(exchange) : null };
}

/** The first few as evidence: one that every answer judges has hundreds. */
const evidenceFrom = <T>(items: readonly T[], as: (item: T) => ReportEvidence): ReportEvidence[] => items.slice(0, MAX_EVIDENCE).map(as);

function asEvidence(o: Observation): ReportEvidence {
  return evidenceOf(o.case, o.finding);
}

function unrunEvidence(c: CaseResult): ReportEvidence {
  return { caseId: c.id, message: `${c.outcome}: ${c.reason ?? 'no reason given'}`, exchange: null };
}
