// The documented exit codes: a run's from its cases (or its regressions),
// a fleet's from its panels'.
import { describe, expect, test } from 'vitest';
import type { GateResult } from '../gate/regression.ts';
import type { Outcome } from '../model/outcome.ts';
import type { CertificationReport } from '../model/report.ts';
import { decideExit, EXIT, EXIT_MEANINGS, fleetExit } from './exit.ts';

/** A report of cases with these outcomes: all decideExit reads. */
const reportOf = (...outcomes: Outcome[]) => ({ cases: outcomes.map((outcome, i) => ({ id: `c${i}`, outcome })) }) as unknown as CertificationReport;
const gate = (regressions: string[]): GateResult => ({
  failing: [...regressions, 'OLD-1'],
  regressions,
  baselineStillFailing: ['OLD-1'],
  fixed: [],
  expectedStillFailing: [],
  unexpectedlyPassing: [],
  unknownExpected: [],
});

describe('decideExit', () => {
  test("0 when nothing failed or broke; 1 for a failure; 4 for the suite's own error, but a failure first", () => {
    expect(decideExit(reportOf('passed', 'skipped', 'disabled'), 'completed', undefined)).toBe(EXIT.ok);
    expect(decideExit(reportOf('passed', 'failed'), 'completed', undefined)).toBe(EXIT.failures);
    expect(decideExit(reportOf('passed', 'error'), 'completed', undefined)).toBe(EXIT.suite);
    expect(decideExit(reportOf('error', 'failed'), 'completed', undefined)).toBe(EXIT.failures);
  });

  test('interrupted is 130 and a timeout 4, whatever the cases say', () => {
    expect(decideExit(reportOf('failed'), 'interrupted', undefined)).toBe(EXIT.interrupted);
    expect(decideExit(reportOf('passed'), 'timed-out', undefined)).toBe(EXIT.suite);
    expect(decideExit(reportOf('failed'), 'timed-out', gate([]))).toBe(EXIT.suite);
  });

  test('a panel that stayed unavailable is 3, whatever was judged before and whatever the gate says; an interrupt still 130', () => {
    const unavailable = (...outcomes: Outcome[]) =>
      ({ ...reportOf(...outcomes), unavailable: 'the panel stayed unavailable for 30.2 s' }) as CertificationReport;
    expect(decideExit(unavailable('passed', 'skipped'), 'completed', undefined)).toBe(EXIT.target);
    expect(decideExit(unavailable('failed', 'error'), 'completed', undefined)).toBe(EXIT.target);
    expect(decideExit(unavailable('failed'), 'completed', gate(['NEW-1']))).toBe(EXIT.target);
    expect(decideExit(unavailable('passed'), 'interrupted', undefined)).toBe(EXIT.interrupted);
  });

  test("with a regression gate only regressions fail the run; an error is still the suite's", () => {
    expect(decideExit(reportOf('failed'), 'completed', gate([]))).toBe(EXIT.ok);
    expect(decideExit(reportOf('failed'), 'completed', gate(['NEW-1']))).toBe(EXIT.failures);
    expect(decideExit(reportOf('failed', 'error'), 'completed', gate([]))).toBe(EXIT.suite);
  });
});

describe('fleetExit', () => {
  test("the worst of the panels': an interrupt, failures, the suite's errors, a refused key, an unreachable panel; 0 when all are conformant", () => {
    expect(fleetExit([])).toBe(0);
    expect(fleetExit([0, 0])).toBe(0);
    expect(fleetExit([0, 3])).toBe(3);
    expect(fleetExit([3, 2])).toBe(2);
    expect(fleetExit([2, 4, 3])).toBe(4);
    expect(fleetExit([4, 1, 2])).toBe(1);
    expect(fleetExit([1, 130, 4])).toBe(130);
  });
});

test('every exit code has its meaning for --help, in order', () => {
  expect(EXIT_MEANINGS.map((m) => m.code)).toEqual([0, 1, 2, 3, 4, 130]);
  expect(EXIT_MEANINGS.every((m) => m.meaning.length > 0 && !m.meaning.includes('\n'))).toBe(true);
});
