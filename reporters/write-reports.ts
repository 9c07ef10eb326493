import { writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FleetPanel, FleetReport } from '../src/model/fleet.ts';
import type { CertificationReport } from '../src/model/report.ts';
import { reportJsonText } from '../src/model/report-file.ts';
import { renderFleetHtml } from './fleet-html.ts';
import { renderFleetMarkdown } from './fleet-md.ts';
import { renderFleetJUnit, renderJUnit, type JUnitOptions } from './junit.ts';
import { renderHtml } from './report-html.ts';
import { renderMarkdown } from './report-md.ts';

/** The files of a report folder, in the order writeReportDir returns them. */
export const REPORT_FILES = ['report.json', 'report.md', 'report.html'] as const;

/** Writes report.json, report.md and report.html into dir (created if
 *  missing) and returns their paths in that order. */
export async function writeReportDir(dir: string, report: CertificationReport): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const rendered: Record<(typeof REPORT_FILES)[number], string> = {
    'report.json': `${reportJsonText(report)}\n`,
    'report.md': renderMarkdown(report),
    'report.html': renderHtml(report),
  };
  const files = REPORT_FILES.map((name): [string, string] => [join(dir, name), rendered[name]]);
  for (const [file, content] of files) writeText(file, content);
  return files.map(([file]) => file);
}

export async function writeJUnitFile(file: string, report: CertificationReport, opts: JUnitOptions = {}): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  writeText(file, renderJUnit(report, opts));
}

/** The fleet index files of a fleet's report folder, beside a folder per panel. */
export const FLEET_FILES = ['fleet.json', 'index.md', 'index.html'] as const;

/** Each panel's report in dir/<name>/, and the fleet index in dir. */
export async function writeFleetDir(dir: string, fleet: FleetReport, panels: readonly FleetPanel[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await Promise.all(panels.map((p) => writeReportDir(join(dir, p.name), p.report)));
  const rendered: Record<(typeof FLEET_FILES)[number], string> = {
    'fleet.json': `${JSON.stringify(fleet, null, 2)}\n`,
    'index.md': renderFleetMarkdown(fleet),
    'index.html': renderFleetHtml(fleet),
  };
  for (const name of FLEET_FILES) writeText(join(dir, name), rendered[name]);
}

/** A text written at once: writeFileSync encodes a string natively, where
 *  fs/promises makes a Buffer of it first (three times the CPU for a
 *  report.json of 0.6 MB, and a fleet writes twenty at its end). */
function writeText(file: string, text: string): void {
  writeFileSync(file, text, 'utf8');
}

export async function writeFleetJUnitFile(file: string, panels: readonly FleetPanel[], opts: JUnitOptions = {}): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  writeText(file, renderFleetJUnit(panels, opts));
}
