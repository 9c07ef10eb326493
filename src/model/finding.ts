// What a check concludes about an exchange, and the one failure rule that
// turns it into a failure or a warning.

/** documented: the vendor stated it; a failure fails conformance.
 *  standard: what HTTP itself or data safety demands where the vendor is
 *  silent (no 5xx, writes take effect, a duplicate never overwrites); fails
 *  unless --lenient.
 *  inferred: a convention the vendor did not state; a warning unless --strict. */
export type Level = 'documented' | 'standard' | 'inferred';

export const LEVELS: readonly Level[] = ['documented', 'standard', 'inferred'];

export interface Requirement {
  id: string;
  level: Level;
  family: string;
  /** MUST / MUST NOT statement. */
  statement: string;
  /** The vendor statement or convention it rests on. */
  source: string;
  /** Why no request can observe it (no endpoint shows it): listed, and never
   *  counted as "not checked". */
  notTestable?: string;
}

/** The verdict of one check on one exchange (or on a sequence of them). */
export interface Finding {
  requirement: string;
  level: Level;
  /** A failed finding is a failure or a warning by its level (see isFailure). */
  ok: boolean;
  /** One line: expected vs actual. */
  message: string;
  /** Index into CaseResult.exchanges of the evidence, when there is one. */
  exchange?: number;
}

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

export function failuresOf(c: { findings: readonly Finding[] }, policy: FailurePolicy): Finding[] {
  return c.findings.filter((f) => isFailure(f, policy));
}

export function warningsOf(c: { findings: readonly Finding[] }, policy: FailurePolicy): Finding[] {
  return c.findings.filter((f) => isWarning(f, policy));
}

/** The exchange a finding points at, if any. */
export function exchangeOf<E>(c: { exchanges: E[] }, finding: Finding): E | undefined {
  return finding.exchange === undefined ? undefined : c.exchanges[finding.exchange];
}
