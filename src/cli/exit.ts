import type { Config } from '../config.ts';
import type { RunResult } from '../model.ts';
import { buildReport } from '../../reporters/report-json.ts';
import { gateFailures, loadBaseline, loadExpectedFailures } from '../../reporters/regression.ts';
import type { CertificationReport } from '../../reporters/report-types.ts';
import type { SuitesOutcome } from './main.ts';

/** The documented exit codes (README, --help). */
export const EXIT = { ok: 0, failures: 1, usage: 2, target: 3, suite: 4, interrupted: 130 } as const;

export interface GateInputs {
  baseline?: CertificationReport;
  expected?: Map<string, string>;
}

/** Read before the run, so a bad file costs no request. */
export async function loadGateInputs(config: Config): Promise<GateInputs> {
  const read = async <T>(file: string | undefined, load: (f: string) => Promise<T>): Promise<T | undefined> => {
    if (!file) return undefined;
    try {
      return await load(file);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new Error(e.code === 'ENOENT' ? `cannot read ${file}: no such file` : e.message);
    }
  };
  return { baseline: await read(config.baseline, loadBaseline), expected: await read(config.expectFailures, loadExpectedFailures) };
}

/** 1 for the server's failures (or, with a baseline or expected failures,
 *  for regressions only); 4 when the suite itself broke; 130 when
 *  interrupted. A suite error is never blamed on the server. */
export function decideExit(run: RunResult, gate: GateInputs, outcome: SuitesOutcome, suiteErrors: boolean): number {
  if (outcome === 'interrupted') return EXIT.interrupted;
  if (outcome === 'timed-out') {
    console.error('wispanel-conformance: the run timed out (--run-timeout); the results above are partial');
    return EXIT.suite;
  }
  let failing = run.cases.some((c) => c.outcome === 'failed');
  if (gate.baseline || gate.expected) {
    const result = gateFailures(buildReport(run), gate);
    const line = (label: string, ids: string[]) => ids.length && console.log(`${label}: ${ids.join(', ')}`);
    line('regressions (fail the run)', result.regressions);
    line('still failing, as known', [...result.baselineStillFailing, ...result.expectedStillFailing]);
    line('fixed since the baseline', result.fixed);
    line('listed as expected to fail but passing now', result.unexpectedlyPassing);
    line('listed as expected but unknown', result.unknownExpected);
    failing = result.regressions.length > 0;
  }
  if (failing) return EXIT.failures;
  const errors = run.cases.filter((c) => c.outcome === 'error');
  if (errors.length || suiteErrors) {
    console.error(`wispanel-conformance: ${errors.length} case(s) broke on the suite's side (not the server's fault); see "error" above`);
    return EXIT.suite;
  }
  return EXIT.ok;
}
