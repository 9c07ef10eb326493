import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunResult } from '../src/model.ts';
import { renderJUnit, type JUnitOptions } from './junit.ts';
import { renderHtml } from './report-html.ts';
import { buildReport } from './report-json.ts';
import { renderMarkdown } from './report-md.ts';

/** The files of a report folder, in the order writeReportDir returns them. */
export const REPORT_FILES = ['report.json', 'report.md', 'report.html'] as const;

/** Writes report.json, report.md and report.html into dir (created if
 *  missing) and returns their paths in that order. */
export async function writeReportDir(dir: string, run: RunResult): Promise<string[]> {
  const report = buildReport(run);
  await mkdir(dir, { recursive: true });
  const rendered: Record<(typeof REPORT_FILES)[number], string> = {
    'report.json': `${JSON.stringify(report, null, 2)}\n`,
    'report.md': renderMarkdown(report),
    'report.html': renderHtml(report),
  };
  const files = REPORT_FILES.map((name): [string, string] => [join(dir, name), rendered[name]]);
  await Promise.all(files.map(([file, content]) => writeFile(file, content, 'utf8')));
  return files.map(([file]) => file);
}

export async function writeJUnitFile(file: string, run: RunResult, opts: JUnitOptions = {}): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, renderJUnit(run, opts), 'utf8');
}
