import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { readReportFile, reportSchemaError } from './report-file.ts';
import { sampleReport } from '../../test/fixtures/reporters/sample-run.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'report-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, content);
  return at;
}

test('readReportFile returns a valid report.json as it was written', async () => {
  const report = sampleReport();
  const at = file('report.json', JSON.stringify(report, null, 2));
  expect(await readReportFile(at, 'baseline')).toEqual(JSON.parse(JSON.stringify(report)));
});

test('readReportFile refuses what is not JSON with one line naming the file and its role', async () => {
  const at = file('truncated.json', '{"reportVersion": 1,\n"verdict": ');
  const error = await readReportFile(at, 'shard').then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error?.message).toMatch(new RegExp(`^shard ${at} is not JSON: \\S`));
  expect(error?.message).not.toContain('\n');
});

test('readReportFile refuses JSON that is not a report with one line naming the first problem', async () => {
  const report = JSON.parse(JSON.stringify(sampleReport()));
  await expect(readReportFile(file('verdict.json', JSON.stringify({ ...report, verdict: 'PASSED' })), 'baseline')).rejects.toThrow(
    `baseline ${dir}/verdict.json is not a valid report.json: /verdict must be equal to one of the allowed values`,
  );
  const { cases: _cases, ...withoutCases } = report;
  await expect(readReportFile(file('cases.json', JSON.stringify(withoutCases)), 'baseline')).rejects.toThrow(
    `baseline ${dir}/cases.json is not a valid report.json: / must have required property 'cases'`,
  );
  await expect(readReportFile(file('array.json', '[]'), 'shard')).rejects.toThrow(`shard ${dir}/array.json is not a valid report.json: / must be object`);
});

test('readReportFile passes on the error of a file it cannot read', async () => {
  await expect(readReportFile(path.join(dir, 'missing.json'), 'baseline')).rejects.toMatchObject({ code: 'ENOENT' });
});

test('reportSchemaError names the path of the first problem, nothing for a valid report', () => {
  const report = JSON.parse(JSON.stringify(sampleReport()));
  expect(reportSchemaError(report)).toBeUndefined();
  report.cases[0].outcome = 'flaky';
  expect(reportSchemaError(report)).toBe('/cases/0/outcome must be equal to one of the allowed values');
  expect(reportSchemaError(null)).toBe('/ must be object');
});
