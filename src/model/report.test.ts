import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import type { CertificationReport, ReportExchange, RequirementOutcome } from './report.ts';
import { sampleReport } from '../../test/fixtures/reporters/sample-run.ts';

const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'));

test('a report has the fields report.schema.json mirrors, every required one among them', () => {
  const report: CertificationReport = sampleReport();
  expect(Object.keys(report).sort()).toEqual(Object.keys(schema.properties).sort());
  for (const key of schema.required as string[]) expect(report, key).toHaveProperty(key);
  expect(report.reportVersion).toBe(schema.properties.reportVersion.const);
});

test('requirement results are the RequirementOutcomes the schema allows, each with at most three pieces of evidence', () => {
  const outcomes: RequirementOutcome[] = ['passed', 'failed', 'warning', 'skipped', 'not-checked'];
  expect([...schema.$defs.requirement.properties.result.enum].sort()).toEqual([...outcomes].sort());
  const report = sampleReport();
  for (const r of report.requirements) {
    expect(outcomes).toContain(r.result);
    expect(r.evidence.length).toBeLessThanOrEqual(schema.$defs.requirement.properties.evidence.maxItems);
  }
  // The sample shows each of them.
  expect(new Set(report.requirements.map((r) => r.result))).toEqual(new Set(outcomes));
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
