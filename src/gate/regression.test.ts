import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { compareToBaseline, gateFailures, loadBaseline, loadExpectedFailures, parseExpectedFailures } from './regression.ts';
import { buildReport } from '../model/build-report.ts';
import { type CertificationReport } from '../model/report.ts';
import { sampleRun } from '../../test/fixtures/reporters/sample-run.ts';

/** The sample report with the given requirement results overridden. */
function reportWith(results: Record<string, CertificationReport['requirements'][number]['result']>): CertificationReport {
  const report = buildReport(sampleRun());
  for (const requirement of report.requirements) {
    requirement.result = results[requirement.id] ?? 'passed';
  }
  return report;
}

function tempFile(name: string, content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'gate-')), name);
  writeFileSync(file, content);
  return file;
}

test('compareToBaseline: new failures, fixed, still failing', () => {
  const baseline = reportWith({ 'RES-CREATE-201': 'failed', 'ENV-SHAPE': 'failed', 'RL-HEADERS': 'not-checked' });
  const current = reportWith({ 'RES-CREATE-201': 'failed', 'RL-HEADERS': 'failed', 'RES-LIST-200': 'failed' });
  expect(compareToBaseline(current, baseline)).toEqual({
    newFailures: ['RES-LIST-200', 'RL-HEADERS'],
    fixed: ['ENV-SHAPE'],
    stillFailing: ['RES-CREATE-201'],
  });
});

test('a requirement absent from the baseline and failing now is a new failure', () => {
  const baseline = reportWith({});
  baseline.requirements = baseline.requirements.filter((r) => r.id !== 'RL-RESET');
  const current = reportWith({ 'RL-RESET': 'failed' });
  expect(compareToBaseline(current, baseline).newFailures).toEqual(['RL-RESET']);
});

test('gate without baseline or expected failures: every failure fails the run', () => {
  const current = buildReport(sampleRun());
  expect(gateFailures(current, {})).toMatchObject({
    failing: ['RES-CREATE-201', 'RL-RESET'],
    regressions: ['RES-CREATE-201', 'RL-RESET'],
  });
});

test('gate with a baseline: only what did not fail before fails the run', () => {
  const baseline = reportWith({ 'RES-CREATE-201': 'failed', 'ENV-SHAPE': 'failed' });
  const current = reportWith({ 'RES-CREATE-201': 'failed', 'RES-LIST-200': 'failed', 'HTTP-JSON-CONTENT-TYPE': 'warning' });
  expect(gateFailures(current, { baseline })).toEqual({
    failing: ['RES-CREATE-201', 'RES-LIST-200'],
    regressions: ['RES-LIST-200'],
    baselineStillFailing: ['RES-CREATE-201'],
    fixed: ['ENV-SHAPE'],
    expectedStillFailing: [],
    unexpectedlyPassing: [],
    unknownExpected: [],
  });
});

test('gate with expected failures: only unlisted failures fail the run; stale entries are reported', () => {
  const current = reportWith({ 'RES-CREATE-201': 'failed', 'RES-LIST-200': 'failed', 'RL-HEADERS': 'not-checked' });
  const expected = parseExpectedFailures(
    ['RES-CREATE-201  # vendor ticket WP-1432', 'ENV-SHAPE # fixed in 2.5', 'RL-HEADERS # not sent', 'RES-TYPO # oops'].join('\n'),
  );
  expect(gateFailures(current, { expected })).toEqual({
    failing: ['RES-CREATE-201', 'RES-LIST-200'],
    regressions: ['RES-LIST-200'],
    baselineStillFailing: [],
    fixed: [],
    expectedStillFailing: ['RES-CREATE-201'],
    unexpectedlyPassing: ['ENV-SHAPE'],
    unknownExpected: ['RES-TYPO'],
  });
});

test('gate with both: a failure is excused by either', () => {
  const baseline = reportWith({ 'ENV-SHAPE': 'failed' });
  const current = reportWith({ 'ENV-SHAPE': 'failed', 'RES-CREATE-201': 'failed', 'RES-LIST-200': 'failed' });
  const expected = new Map([['RES-CREATE-201', 'known']]);
  expect(gateFailures(current, { baseline, expected }).regressions).toEqual(['RES-LIST-200']);
});

test('expected-failures parser: IDs with reasons, comments and blank lines ignored', () => {
  const text =
    '\uFEFF# Known issues of WisPanel 2.4\r\n\r\nRES-CREATE-201     # answers 200, not 201 # WP-1432\r\n  ENV-CODE-MATCH#404 carries RESOURCE_NOT_FOUND\n   # indented comment\n';
  expect([...parseExpectedFailures(text)]).toEqual([
    ['RES-CREATE-201', 'answers 200, not 201 # WP-1432'],
    ['ENV-CODE-MATCH', '404 carries RESOURCE_NOT_FOUND'],
  ]);
  expect(parseExpectedFailures('').size).toBe(0);
});

test('expected-failures parser: a malformed line is a one-line error naming it', () => {
  const cases: [string, string][] = [
    ['# header\nRES-CREATE-201', 'line 2: RES-CREATE-201 has no reason; write "RES-CREATE-201  # why it is expected to fail"'],
    ['RES-CREATE-201 #   ', 'line 1: RES-CREATE-201 has no reason; write "RES-CREATE-201  # why it is expected to fail"'],
    ['\n\nRES CREATE 201 # two words', 'line 3: "RES CREATE 201" is not a requirement ID; expected "REQUIREMENT-ID  # reason"'],
    ['A # x\nB # y\nA # z', 'line 3: A is already listed on line 1'],
  ];
  for (const [text, message] of cases) {
    expect(() => parseExpectedFailures(text)).toThrow(message);
    try {
      parseExpectedFailures(text);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  }
});

test('loadExpectedFailures names the file in its error', async () => {
  const good = tempFile('expected.txt', 'RES-CREATE-201 # known\n');
  expect((await loadExpectedFailures(good)).get('RES-CREATE-201')).toBe('known');
  const bad = tempFile('expected.txt', 'RES-CREATE-201\n');
  await expect(loadExpectedFailures(bad)).rejects.toThrow(`expected-failures file ${bad}, line 1: RES-CREATE-201 has no reason`);
});

test('loadBaseline accepts a report.json and refuses anything else with one line', async () => {
  const report = buildReport(sampleRun());
  const good = tempFile('report.json', JSON.stringify(report));
  expect(await loadBaseline(good)).toEqual(JSON.parse(JSON.stringify(report)));

  const invalid = tempFile('report.json', JSON.stringify({ ...report, requirements: [{ id: 'X' }] }));
  await expect(loadBaseline(invalid)).rejects.toThrow(`baseline ${invalid} is not a valid report.json: /requirements/0 must have required property 'level'`);
  const notJson = tempFile('report.json', '{"reportVersion": 1,');
  await expect(loadBaseline(notJson)).rejects.toThrow(new RegExp(`^baseline ${notJson} is not JSON: `));
});
