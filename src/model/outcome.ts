// The five outcomes of a case and the verdict of a run (design property 7).
import { groupBy } from './group.ts';
import { plural } from './text.ts';

/** Only `failed` speaks against the server; `error` speaks against the
 *  suite. */
export type Outcome = 'disabled' | 'skipped' | 'passed' | 'failed' | 'error';

/** Display order: what ran, then what did not. */
export const OUTCOMES: readonly Outcome[] = ['passed', 'failed', 'error', 'skipped', 'disabled'];

export type RunVerdict = 'CONFORMANT' | 'NOT CONFORMANT' | 'INCOMPLETE';

export function countOutcomes(cases: readonly { outcome: Outcome }[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { passed: 0, failed: 0, error: 0, skipped: 0, disabled: 0 };
  for (const c of cases) counts[c.outcome] += 1;
  return counts;
}

/** Only a failed case speaks against the server. An error speaks against the
 *  suite, so a run with errors but no failures proves nothing either way; nor
 *  does a run in which no case passed (everything skipped or disabled), nor
 *  one stopped before its end. */
export function verdictOf(cases: readonly { outcome: Outcome }[], stopped = false): RunVerdict {
  const counts = countOutcomes(cases);
  if (counts.failed > 0) return 'NOT CONFORMANT';
  if (stopped || counts.error > 0 || counts.passed === 0) return 'INCOMPLETE';
  return 'CONFORMANT';
}

/** What a verdict covers, so that a CONFORMANT of the default profile is not
 *  read as a certification of everything: `default profile; 10 requirements
 *  not checked, run --profile certify`. `chosenBy` are the flags that turned
 *  cases off (--filter, --operation, ...): then the profile is not the
 *  reason, and the line says so instead. */
export function verdictScope(scope: {
  profile: string;
  strict: boolean;
  lenient?: boolean;
  requirementsNotChecked: number;
  chosenBy: readonly string[];
}): string {
  const { profile, strict, lenient, requirementsNotChecked: n, chosenBy } = scope;
  const hint = chosenBy.length > 0 ? ` (cases chosen with ${chosenBy.join(', ')})` : profile === 'certify' ? '' : ', run --profile certify';
  const checked = n === 0 ? 'every requirement checked' : `${plural(n, 'requirement')} not checked${hint}`;
  return `${profile} profile${strict ? ', strict' : ''}${lenient ? ', lenient' : ''}; ${checked}`;
}

/** Skipped and disabled cases keyed by `outcome: reason`, so one missing
 *  prerequisite reads as one line, not fifty. */
export function notRunByReason<C extends { outcome: Outcome; reason?: string }>(cases: readonly C[]): Map<string, C[]> {
  return groupBy(
    cases.filter((c) => c.outcome === 'skipped' || c.outcome === 'disabled'),
    (c) => `${c.outcome}: ${c.reason ?? 'no reason given'}`,
  );
}
