import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, onTestFinished, test } from 'vitest';
import { buildReport } from '../src/model/build-report.ts';
import { reportSchemaError } from '../src/model/report-file.ts';
import { renderFleetHtml } from './fleet-html.ts';
import { renderFleetMarkdown } from './fleet-md.ts';
import { renderFleetJUnit, renderJUnit } from './junit.ts';
import { renderMarkdown } from './report-md.ts';
import { FLEET_FILES, REPORT_FILES, writeFleetDir, writeFleetJUnitFile, writeJUnitFile, writeReportDir } from './write-reports.ts';
import { sampleFleet, samplePanels } from '../test/fixtures/reporters/sample-fleet.ts';
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
  const json = JSON.parse(readFileSync(files[0], 'utf8'));
  expect(reportSchemaError(json)).toBeUndefined();
  for (const file of files) expect(readFileSync(file, 'utf8')).not.toContain(SECRET_FRAGMENT);
});

test('writeFleetDir writes a report folder per panel and the fleet index beside them', async () => {
  const dir = path.join(tempDir(), 'fleet');
  const fleet = sampleFleet();
  const panels = samplePanels();
  await writeFleetDir(dir, fleet, panels);
  expect(readdirSync(dir).sort()).toEqual([...FLEET_FILES, 'eu-1', 'eu-2', 'us-1'].sort());
  expect(JSON.parse(readFileSync(path.join(dir, 'fleet.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(fleet)));
  expect(readFileSync(path.join(dir, 'index.md'), 'utf8')).toBe(renderFleetMarkdown(fleet));
  expect(readFileSync(path.join(dir, 'index.html'), 'utf8')).toBe(renderFleetHtml(fleet));
  for (const p of panels) {
    expect(readdirSync(path.join(dir, p.name)).sort()).toEqual([...REPORT_FILES].sort());
    const json = JSON.parse(readFileSync(path.join(dir, p.name, 'report.json'), 'utf8'));
    expect(json).toEqual(JSON.parse(JSON.stringify(p.report)));
    expect(reportSchemaError(json)).toBeUndefined();
    expect(readFileSync(path.join(dir, p.name, 'report.md'), 'utf8')).toBe(renderMarkdown(p.report));
  }
  // Each row's report path leads to the file written for it.
  for (const row of fleet.panels) expect(JSON.parse(readFileSync(path.join(dir, row.report), 'utf8')).runId).toBe(row.runId);
});

test('the JUnit files of a run and of a fleet, into directories created for them', async () => {
  const dir = tempDir();
  const report = buildReport(sampleRun());
  const single = path.join(dir, 'a', 'b', 'junit.xml');
  await writeJUnitFile(single, report, { omitDisabled: true });
  expect(readFileSync(single, 'utf8')).toBe(renderJUnit(report, { omitDisabled: true }));
  const fleet = path.join(dir, 'c', 'fleet-junit.xml');
  await writeFleetJUnitFile(fleet, samplePanels());
  const xml = readFileSync(fleet, 'utf8');
  expect(xml).toBe(renderFleetJUnit(samplePanels()));
  expect(xml).not.toContain(SECRET_FRAGMENT);
});
