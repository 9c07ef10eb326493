// Reading what a CLI run left behind: its report and any file it wrote.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CertificationReport } from '../../src/model/report.ts';

export function readReport(dir: string): CertificationReport {
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as CertificationReport;
}

/** Every regular file under `dir`, with its text; files that vanish while
 *  being read (a run removing its scratch folder) are left out. */
export function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    try {
      if (statSync(path).isFile()) out.set(path, readFileSync(path, 'utf8'));
    } catch {
      // removed between listing and reading
    }
  }
  return out;
}
