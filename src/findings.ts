import type { CaseResult, Finding } from './model.ts';

/** A failed documented finding fails conformance; a failed inferred finding
 *  does too under --strict, and is a warning otherwise. */
export function isFailure(finding: Finding, strict: boolean): boolean {
  return !finding.ok && (finding.level === 'documented' || strict);
}

export function isWarning(finding: Finding, strict: boolean): boolean {
  return !finding.ok && finding.level === 'inferred' && !strict;
}

export function failuresOf(c: Pick<CaseResult, 'findings'>, strict: boolean): Finding[] {
  return c.findings.filter((f) => isFailure(f, strict));
}

export function warningsOf(c: Pick<CaseResult, 'findings'>, strict: boolean): Finding[] {
  return c.findings.filter((f) => isWarning(f, strict));
}

/** The exchange a finding points at, if any. */
export function exchangeOf<E>(c: { exchanges: E[] }, finding: Finding): E | undefined {
  return finding.exchange === undefined ? undefined : c.exchanges[finding.exchange];
}
