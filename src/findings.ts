import type { CaseResult, Finding } from './model.ts';

/** How failed findings count: --strict makes conventions fail, --lenient
 *  makes standard requirements warn. */
export interface FailurePolicy {
  strict: boolean;
  lenient?: boolean;
}

/** A failed documented finding fails conformance; a failed standard one
 *  does unless lenient; a failed inferred one only under strict. Any other
 *  failed finding is a warning. */
export function isFailure(finding: Finding, policy: FailurePolicy): boolean {
  if (finding.ok) return false;
  if (finding.level === 'documented') return true;
  if (finding.level === 'standard') return !policy.lenient;
  return policy.strict;
}

export function isWarning(finding: Finding, policy: FailurePolicy): boolean {
  return !finding.ok && !isFailure(finding, policy);
}

export function failuresOf(c: Pick<CaseResult, 'findings'>, policy: FailurePolicy): Finding[] {
  return c.findings.filter((f) => isFailure(f, policy));
}

export function warningsOf(c: Pick<CaseResult, 'findings'>, policy: FailurePolicy): Finding[] {
  return c.findings.filter((f) => isWarning(f, policy));
}

/** The exchange a finding points at, if any. */
export function exchangeOf<E>(c: { exchanges: E[] }, finding: Finding): E | undefined {
  return finding.exchange === undefined ? undefined : c.exchanges[finding.exchange];
}
