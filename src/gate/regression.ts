// The regression gate: which failing requirements should fail a run, given
// what is already known to fail, either as a previous report.json (baseline)
// or as an expected-failures file kept in CI, as the OpenID conformance suite
// does. Both work on requirement IDs, which are stable across runs, unlike
// case IDs.

import { readFile } from 'node:fs/promises';
import type { CertificationReport } from '../model/report.ts';
import { readReportFile } from '../model/report-file.ts';

export interface BaselineComparison {
  /** Failing now, not failing (or absent) in the baseline. */
  newFailures: string[];
  /** Failing in the baseline, not failing now. */
  fixed: string[];
  stillFailing: string[];
}

export interface GateResult {
  /** Every requirement failing in this run. */
  failing: string[];
  /** Failing and excused by neither the baseline nor the expected list:
   *  these, and only these, fail the run. */
  regressions: string[];
  /** Failing now and already failing in the baseline. */
  baselineStillFailing: string[];
  /** Failing in the baseline, not now. */
  fixed: string[];
  /** Failing now and listed as expected. */
  expectedStillFailing: string[];
  /** Listed as expected, yet checked (passed or only warned) in this run:
   *  the entry can go. */
  unexpectedlyPassing: string[];
  /** Listed as expected but not a requirement of this run: a typo, or a
   *  requirement that was renamed or retired. */
  unknownExpected: string[];
}

export function failingRequirements(report: CertificationReport): string[] {
  return report.requirements.filter((r) => r.result === 'failed').map((r) => r.id);
}

export function compareToBaseline(current: CertificationReport, baseline: CertificationReport): BaselineComparison {
  const now = new Set(failingRequirements(current));
  const before = new Set(failingRequirements(baseline));
  return {
    newFailures: sorted([...now].filter((id) => !before.has(id))),
    fixed: sorted([...before].filter((id) => !now.has(id))),
    stillFailing: sorted([...now].filter((id) => before.has(id))),
  };
}

export function gateFailures(current: CertificationReport, opts: { baseline?: CertificationReport; expected?: Map<string, string> }): GateResult {
  const failing = sorted(failingRequirements(current));
  const comparison = opts.baseline ? compareToBaseline(current, opts.baseline) : undefined;
  const baselineFailing = new Set(comparison?.stillFailing);
  const expected = opts.expected ?? new Map<string, string>();
  const resultOf = new Map(current.requirements.map((r) => [r.id, r.result]));
  const listed = sorted([...expected.keys()]);
  return {
    failing,
    regressions: failing.filter((id) => !baselineFailing.has(id) && !expected.has(id)),
    baselineStillFailing: comparison?.stillFailing ?? [],
    fixed: comparison?.fixed ?? [],
    expectedStillFailing: failing.filter((id) => expected.has(id)),
    unexpectedlyPassing: listed.filter((id) => resultOf.get(id) === 'passed' || resultOf.get(id) === 'warning'),
    unknownExpected: listed.filter((id) => !resultOf.has(id)),
  };
}

/**
 * The --expect-failures FILE format: one requirement ID per line, each with a
 * mandatory reason after `#`:
 *
 *     # Known issues of WisPanel 2.4 (comment lines and blank lines are ignored)
 *     RES-CREATE-201     # answers 200 instead of 201, vendor ticket WP-1432
 *     ENV-CODE-MATCH     # 404 carries code RESOURCE_NOT_FOUND
 *
 * The ID runs up to the first `#` (surrounding spaces ignored); the reason is
 * everything after it and may not be empty. A line without a reason, with
 * more than one word before the `#`, or repeating an ID is an error naming
 * its line. Returns ID -> reason.
 */
export function parseExpectedFailures(text: string): Map<string, string> {
  const expected = new Map<string, string>();
  const firstLine = new Map<string, number>();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const lineNumber = index + 1;
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const hash = line.indexOf('#');
      const id = (hash === -1 ? line : line.slice(0, hash)).trim();
      const reason = hash === -1 ? '' : line.slice(hash + 1).trim();
      if (!REQUIREMENT_ID.test(id)) {
        throw new Error(`line ${lineNumber}: "${id}" is not a requirement ID; expected "REQUIREMENT-ID  # reason"`);
      }
      if (reason === '') {
        throw new Error(`line ${lineNumber}: ${id} has no reason; write "${id}  # why it is expected to fail"`);
      }
      const earlier = firstLine.get(id);
      if (earlier !== undefined) throw new Error(`line ${lineNumber}: ${id} is already listed on line ${earlier}`);
      firstLine.set(id, lineNumber);
      expected.set(id, reason);
    });
  return expected;
}

const REQUIREMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

export async function loadExpectedFailures(file: string): Promise<Map<string, string>> {
  const text = await readFile(file, 'utf8');
  try {
    return parseExpectedFailures(text);
  } catch (error) {
    throw new Error(`expected-failures file ${file}, ${(error as Error).message}`);
  }
}

/** Reads a previous report.json, refusing with one line anything that is
 *  not one (the gate would otherwise compare against garbage). */
export async function loadBaseline(file: string): Promise<CertificationReport> {
  return readReportFile(file, 'baseline');
}

function sorted(ids: string[]): string[] {
  return [...ids].sort();
}

/** What the gate compares a run with: read before the run, so a bad file
 *  costs no request. */
export interface GateInputs {
  baseline?: CertificationReport;
  expected?: Map<string, string>;
}

export async function loadGateInputs(files: { baseline?: string; expectFailures?: string }): Promise<GateInputs> {
  const read = async <T>(file: string | undefined, load: (f: string) => Promise<T>): Promise<T | undefined> => {
    if (!file) return undefined;
    try {
      return await load(file);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new Error(e.code === 'ENOENT' ? `cannot read ${file}: no such file` : e.message);
    }
  };
  return { baseline: await read(files.baseline, loadBaseline), expected: await read(files.expectFailures, loadExpectedFailures) };
}

/** The failing requirements the gate excuses: known from the baseline or
 *  the expected list. */
export function knownFailures(result: GateResult): Set<string> {
  return new Set([...result.baselineStillFailing, ...result.expectedStillFailing]);
}

/** The gate's verdict as console lines. */
export function gateLines(result: GateResult): string[] {
  const line = (label: string, ids: string[]) => (ids.length ? [`${label}: ${ids.join(', ')}`] : []);
  return [
    ...line('regressions (fail the run)', result.regressions),
    ...line('still failing, as known', [...result.baselineStillFailing, ...result.expectedStillFailing]),
    ...line('fixed since the baseline', result.fixed),
    ...line('listed as expected to fail but passing now', result.unexpectedlyPassing),
    ...line('listed as expected but unknown', result.unknownExpected),
  ];
}
