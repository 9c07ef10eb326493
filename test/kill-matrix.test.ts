// The suite's own quality: run against the faultless reference server it must
// find nothing (no failure, no warning, nothing skipped), and against every
// single-fault variant it must fail, naming a requirement of the fault's
// family. Prints the kill matrix.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { faults } from '../reference/faults.ts';
import type { ReferenceOptions } from '../reference/server.ts';
import { loadRequirements } from '../src/spec/requirements.ts';
import type { ReportCase } from '../reporters/report-types.ts';
import { CASE_KINDS } from '../src/cases/kinds/index.ts';
import { runCli } from './helpers/cli.ts';
import { readReport } from './helpers/outputs.ts';

const requirements = loadRequirements();
/** CLI runs at once: each is a process with its vitest worker, mostly
 *  waiting on its rate window; more would only queue for the two cores. */
const CONCURRENCY = 6;
const WINDOW_MS = 1000;

interface Row {
  fault: string;
  family: string;
  failing: string[];
  errors: string[];
}

/** The rate-limit suite alone: its burst meets every passive check too. */
const RATE_LIMIT_ONLY = ['--include', 'rate-limit', '--exclude', CASE_KINDS.filter((k) => k !== 'rate-limit').join(',')];

/** A conforming server other than the default: how it counts the limit, its clock. */
type Variant = Pick<ReferenceOptions, 'limiter' | 'clockSkewMs'>;
const variantName = (v: Variant) => [v.limiter, v.clockSkewMs && `clock ${Math.abs(v.clockSkewMs) / 1000} s ${v.clockSkewMs > 0 ? 'ahead' : 'behind'}`].filter(Boolean).join(', ');

/** The product's own path: the CLI, its vitest runner and collector, against
 *  a reference server with the fault; judged by its report.json. */
async function runAgainst(fault: string | undefined, strict: boolean, variant: Variant = {}): Promise<{ row: Row; cases: ReportCase[]; exitCode: number | null }> {
  const server = await startReferenceServer({ rateLimit: 60, windowMs: WINDOW_MS, fault, ...variant });
  const out = mkdtempSync(join(tmpdir(), 'wispanel-kill-'));
  try {
    // On the other limiters, only what the limiter changes is run again.
    const only = fault && variant.limiter ? RATE_LIMIT_ONLY : [];
    const result = await runCli(['--base-url', server.baseUrl, '--token', server.adminToken, '--profile', 'certify', '--rate-window-ms', String(WINDOW_MS), '--seed', '1', '--timeout', '10', '--report', out, ...(strict ? ['--strict'] : []), ...only]);
    const name = `${fault ?? '(none)'}${variantName(variant) ? ` (${variantName(variant)})` : ''}`;
    let cases: ReportCase[];
    try {
      cases = readReport(out).cases;
    } catch {
      throw new Error(`${name}: no report (exit ${result.code}): ${result.stderr.slice(-400)}`);
    }
    const failing = [...new Set(cases.flatMap((c) => c.findings.filter((f) => !f.ok).map((f) => f.requirement)))].sort();
    const errors = cases.filter((c) => c.outcome === 'error').map((c) => `${c.id}: ${c.reason}`);
    return { row: { fault: name, family: fault ? faults[fault]!.family : '-', failing, errors }, cases, exitCode: result.code };
  } finally {
    rmSync(out, { recursive: true, force: true });
    await server.close();
  }
}

/** Runs fn over items, a few at a time (each run mostly waits on its budget). */
async function pool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

describe('kill matrix', () => {
  const rows: Row[] = [];
  afterAll(() => {
    const killed = rows.filter((r) => r.failing.some((id) => requirements.get(id)?.family === r.family));
    const lines = rows.map((r) => `${r.fault.padEnd(32)} ${r.family.padEnd(15)} ${r.failing.some((id) => requirements.get(id)?.family === r.family) ? 'killed  ' : 'SURVIVED'} ${r.failing.join(', ')}`);
    console.log(`\nKill matrix (certify profile, strict, through the CLI): ${killed.length}/${rows.length} faults killed\n${lines.join('\n')}`);
  });

  test('the faultless reference server: no failure, no warning, nothing skipped or errored', async () => {
    for (const strict of [false, true]) {
      const { row, cases, exitCode } = await runAgainst(undefined, strict);
      expect(row.failing, 'failing or warning requirements').toEqual([]);
      expect(row.errors).toEqual([]);
      expect(cases.filter((c) => c.outcome !== 'passed').map((c) => `${c.id}: ${c.outcome} ${c.reason ?? ''}`)).toEqual([]);
      expect(exitCode).toBe(0);
    }
  });

  // The vendor does not say how the window works: servers that count it
  // otherwise conform just the same; so does one whose clock is off (its
  // Reset agrees with its own Date).
  const variants: Variant[] = [{ limiter: 'sliding' }, { limiter: 'token-bucket' }, { clockSkewMs: 30_000 }, { clockSkewMs: -30_000 }];
  test('faultless servers that count the limit otherwise, or whose clock is off: no failure, no warning, nothing skipped', async () => {
    for (const { row, cases, exitCode } of await pool(variants, CONCURRENCY, (v) => runAgainst(undefined, true, v))) {
      expect(row.failing, `${row.fault}: failing or warning requirements`).toEqual([]);
      expect(cases.filter((c) => c.outcome !== 'passed').map((c) => `${row.fault}: ${c.id}: ${c.outcome} ${c.reason ?? ''}`)).toEqual([]);
      expect(exitCode, row.fault).toBe(0);
    }
  });

  // Every fault on the default server; the rate-limit faults also on the
  // other two limiters.
  const rateLimitFaults = Object.keys(faults).filter((f) => faults[f]!.family === 'rate-limit');
  const runs: Array<[string, Variant]> = [
    ...Object.keys(faults).map((f): [string, Variant] => [f, {}]),
    ...rateLimitFaults.flatMap((f): Array<[string, Variant]> => [[f, { limiter: 'sliding' }], [f, { limiter: 'token-bucket' }]]),
  ];
  test(`every fault of the catalogue (${Object.keys(faults).length}; ${runs.length} runs with the other limiters) fails the run on a requirement of its family`, { timeout: 900_000 }, async () => {
    const results = await pool(runs, CONCURRENCY, ([f, variant]) => runAgainst(f, true, variant));
    for (const { row, cases, exitCode } of results) {
      rows.push(row);
      expect(row.errors, `${row.fault}: suite errors`).toEqual([]);
      expect(cases.some((c) => c.outcome === 'failed'), `${row.fault}: no case failed`).toBe(true);
      expect(exitCode, `${row.fault}: exit code`).toBe(1);
      const ofFamily = row.failing.filter((id) => requirements.get(id)?.family === row.family);
      expect(ofFamily, `${row.fault} (${row.family}) killed by ${row.failing.join(', ') || 'nothing'}`).not.toEqual([]);
    }
  });
});
