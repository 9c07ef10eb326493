import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, onTestFinished, test } from 'vitest';
import { buildReport } from '../src/model/build-report.ts';
import { reportSchemaError } from '../src/model/report-file.ts';
import { writeReportDir } from './write-reports.ts';
import { sampleRun, SECRET_FRAGMENT } from '../test/fixtures/reporters/sample-run.ts';

/** A fresh directory, removed after the test. */
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'reports-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('writeReportDir writes report.json, report.md and report.html into a new directory', async () => {
  const dir = path.join(tempDir(), 'out', 'run-1');
  const files = await writeReportDir(dir, buildReport(sampleRun()));
  expect(files).toEqual(['report.json', 'report.md', 'report.html'].map((name) => path.join(dir, name)));
  const json = JSON.parse(readFileSync(files[0]!, 'utf8'));
  expect(reportSchemaError(json)).toBeUndefined();
  for (const file of files) expect(readFileSync(file, 'utf8')).not.toContain(SECRET_FRAGMENT);
});
