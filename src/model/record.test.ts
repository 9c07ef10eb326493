import { expect, test } from 'vitest';
import { buildReport, wasStopped } from './build-report.ts';
import type { RunRecord } from './record.ts';
import { runWithout, sampleRun } from '../../test/fixtures/reporters/sample-run.ts';

/** A report as it is read back from report.json: a RunRecord again. */
const stored = (record: RunRecord): RunRecord => JSON.parse(JSON.stringify(buildReport(record)));

test('a record judged, stored and judged again gives the same report (merge and the gate rely on it)', () => {
  for (const record of [sampleRun(), runWithout(['failed']), runWithout(['failed', 'error'])]) {
    const report = JSON.parse(JSON.stringify(buildReport(record)));
    expect(buildReport(stored(record))).toEqual(report);
  }
});

test('judging reads the facts of the record, not what a stored report says of them', () => {
  const record = stored(sampleRun()) as RunRecord & { verdict: string; counts: unknown };
  record.verdict = 'CONFORMANT';
  record.counts = { total: 0 };
  expect(buildReport(record)).toMatchObject({ verdict: 'NOT CONFORMANT', counts: { total: 8, failed: 1 } });
});

test('a stopped run says so in its record; read back, its report still does', () => {
  const record = runWithout(['failed', 'error']);
  expect(buildReport(record).verdict).toBe('CONFORMANT');
  record.incomplete = true;
  const report = buildReport(record);
  expect(report.verdict).toBe('INCOMPLETE');
  expect(report).not.toHaveProperty('incomplete');
  const back = JSON.parse(JSON.stringify(report)) as RunRecord;
  expect(wasStopped(back)).toBe(true);
  expect(buildReport(back).verdict).toBe('INCOMPLETE');
  // A record fresh from a run is never taken for a stopped one, nor is a report whose cases explain the verdict.
  expect(wasStopped(runWithout(['failed', 'error']))).toBe(false);
  expect(wasStopped(stored(runWithout(['failed'])))).toBe(false);
});
