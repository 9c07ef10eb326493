import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunResult } from '../src/model.ts';
import { renderJUnit } from './junit.ts';
import { renderHtml } from './report-html.ts';
import { buildReport } from './report-json.ts';
import { renderMarkdown } from './report-md.ts';

/** Writes report.json, report.md and report.html into dir (created if
 *  missing) and returns their paths in that order. */
export async function writeReportDir(dir: string, run: RunResult): Promise<string[]> {
  const report = buildReport(run);
  await mkdir(dir, { recursive: true });
  const files: [string, string][] = [
    [join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`],
    [join(dir, 'report.md'), renderMarkdown(report)],
    [join(dir, 'report.html'), renderHtml(report)],
  ];
  await Promise.all(files.map(([file, content]) => writeFile(file, content, 'utf8')));
  return files.map(([file]) => file);
}

export async function writeJUnitFile(file: string, run: RunResult): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, renderJUnit(run), 'utf8');
}
