import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import type { CertificationReport, ReportExchange, RequirementOutcome } from './report.ts';
import { buildReport } from './build-report.ts';
import type { Requirement } from './finding.ts';
import { reportSchemaError } from './report-file.ts';
import { sampleReport, sampleRun } from '../../test/fixtures/reporters/sample-run.ts';

const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'));

test('a report has the fields report.schema.json mirrors, every required one among them', () => {
  const report: CertificationReport = sampleReport();
  expect(Object.keys(report).sort()).toEqual(Object.keys(schema.properties).sort());
  for (const key of schema.required as string[]) expect(report, key).toHaveProperty(key);
  expect(report.reportVersion).toBe(schema.properties.reportVersion.const);
});

test('requirement results are the RequirementOutcomes the schema allows, each with at most three pieces of evidence', () => {
  const outcomes: RequirementOutcome[] = ['passed', 'failed', 'warning', 'skipped', 'not-checked', 'not-testable'];
  expect([...schema.$defs.requirement.properties.result.enum].sort()).toEqual([...outcomes].sort());
  // The sample, with one requirement no request can observe added to its
  // catalogue, shows each of them.
  const run = sampleRun();
  const unobservable: Requirement = {
    id: 'SAFE-UNOBSERVABLE',
    level: 'documented',
    family: 'safety',
    statement: 'The panel MUST NOT keep a deleted reseller in its backups.',
    source: 'A test of the schema.',
    notTestable: 'no endpoint shows the backups',
  };
  run.requirements = [...run.requirements, unobservable];
  const report = buildReport(run);
  for (const r of report.requirements) {
    expect(outcomes).toContain(r.result);
    expect(r.evidence.length).toBeLessThanOrEqual(schema.$defs.requirement.properties.evidence.maxItems);
  }
  expect(new Set(report.requirements.map((r) => r.result))).toEqual(new Set(outcomes));
  expect(report.requirements.find((r) => r.id === unobservable.id)).toMatchObject({
    result: 'not-testable',
    evidence: [],
    notTestable: unobservable.notTestable,
  });
  expect(sampleReport().requirements.map((r) => r.result)).not.toContain('not-testable');
  expect(reportSchemaError(JSON.parse(JSON.stringify(report)))).toBeUndefined();
});

test('a ReportExchange holds no parsed json; a curl command only where it reproduces something', () => {
  const exchanges: ReportExchange[] = sampleReport().cases.flatMap((c) => c.exchanges);
  expect(exchanges.length).toBeGreaterThan(0);
  for (const exchange of exchanges) {
    if (exchange.response) expect(exchange.response).not.toHaveProperty('json');
    if (exchange.curl !== undefined) expect(exchange.curl).toMatch(/^curl /);
  }
  expect(exchanges.filter((e) => e.curl !== undefined)).toHaveLength(2);
});
