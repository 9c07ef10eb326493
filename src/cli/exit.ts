import type { GateResult } from '../gate/regression.ts';
import type { CertificationReport } from '../model/report.ts';
import type { RunOutcome } from '../run/conform.ts';

/** The documented exit codes (README, --help). */
export const EXIT = { ok: 0, failures: 1, usage: 2, target: 3, suite: 4, interrupted: 130 } as const;

/** What each code means, for --help. */
export const EXIT_MEANINGS: ReadonlyArray<{ code: number; meaning: string }> = [
  {
    code: EXIT.ok,
    meaning:
      "conformant: no documented or standard requirement failed (standard ones only warn with --lenient; inferred ones fail only with --strict) and nothing broke on the suite's side; also a run in which no case passed (verdict INCOMPLETE)",
  },
  {
    code: EXIT.failures,
    meaning:
      'conformance failures: a documented or standard requirement failed (standard not with --lenient; inferred with --strict); with --baseline/--expect-failures, regressions only',
  },
  { code: EXIT.usage, meaning: 'usage or configuration error, or a key was rejected or is of the wrong role' },
  { code: EXIT.target, meaning: 'target unreachable, TLS failure, not a WisPanel API, or unavailable (502/503/504, resets) past --unavailable-budget' },
  { code: EXIT.suite, meaning: 'the suite itself failed (an error of ours, or the run timed out)' },
  { code: EXIT.interrupted, meaning: 'interrupted (after clean-up)' },
];

/** A fleet's exit code from its panels': an interrupt first, then any
 *  panel's failures (1), the suite's own errors (4), a key refused (2), a
 *  panel not reached or not a WisPanel API (3); 0 when every panel is
 *  conformant. */
export function fleetExit(codes: readonly number[]): number {
  for (const code of [EXIT.interrupted, EXIT.failures, EXIT.suite, EXIT.usage, EXIT.target]) if (codes.includes(code)) return code;
  return EXIT.ok;
}

/** 1 for the server's failures (or, with a regression gate, for regressions
 *  only); 4 when the suite itself broke; 3 when the panel stayed
 *  unavailable (whatever was judged before); 130 when interrupted. A suite
 *  error is never blamed on the server. Pure: the caller prints. */
export function decideExit(report: CertificationReport, outcome: RunOutcome, gate: GateResult | undefined): number {
  if (outcome === 'interrupted') return EXIT.interrupted;
  if (report.unavailable) return EXIT.target;
  if (outcome === 'timed-out') return EXIT.suite;
  const failing = gate ? gate.regressions.length > 0 : report.cases.some((c) => c.outcome === 'failed');
  if (failing) return EXIT.failures;
  if (report.cases.some((c) => c.outcome === 'error')) return EXIT.suite;
  return EXIT.ok;
}
