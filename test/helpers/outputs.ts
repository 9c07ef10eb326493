// Reading what a CLI run left behind: its report and any file it wrote.
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { CertificationReport } from '../../src/model/report.ts';

export function readReport(dir: string): CertificationReport {
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as CertificationReport;
}

/** Every regular file under `dir`, with its text; folders and files that
 *  vanish while being read (a run removing its scratch folder) are left out. */
export function filesUnder(dir: string, out = new Map<string, string>()): Map<string, string> {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    // removed, or not there yet
    return out;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(path, out);
    else if (entry.isFile()) {
      try {
        out.set(path, readFileSync(path, 'utf8'));
      } catch {
        // removed between listing and reading
      }
    }
  }
  return out;
}
