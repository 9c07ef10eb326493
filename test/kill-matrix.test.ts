// The suite's own quality: run against the faultless reference server it must
// find nothing (no failure, no warning, nothing skipped), and against every
// single-fault variant it must fail, naming a requirement of the fault's
// family. Prints the kill matrix.
import { afterAll, describe, expect, test } from 'vitest';
import { startReferenceServer } from '../reference/server.ts';
import { faults } from '../reference/faults.ts';
import type { ReferenceOptions } from '../reference/server.ts';
import { loadRequirements } from '../src/spec/requirements.ts';
import type { CaseResult } from '../src/model.ts';
import type { PlanOptions } from '../src/cases/generate.ts';
import { CASE_KINDS } from '../src/config.ts';
import { runEngine } from './helpers/engine.ts';

const requirements = loadRequirements();
const CONCURRENCY = 8;

interface Row {
  fault: string;
  family: string;
  failing: string[];
  errors: string[];
}

/** The rate-limit suite alone: its burst meets every passive check too. */
const RATE_LIMIT_ONLY: Partial<PlanOptions> = { include: ['rate-limit'], exclude: CASE_KINDS.filter((k) => k !== 'rate-limit') };

/** A conforming server other than the default: how it counts the limit, its clock. */
type Variant = Pick<ReferenceOptions, 'limiter' | 'clockSkewMs'>;
const variantName = (v: Variant) => [v.limiter, v.clockSkewMs && `clock ${Math.abs(v.clockSkewMs) / 1000} s ${v.clockSkewMs > 0 ? 'ahead' : 'behind'}`].filter(Boolean).join(', ');

async function runAgainst(fault: string | undefined, strict: boolean, variant: Variant = {}): Promise<{ row: Row; cases: CaseResult[] }> {
  const server = await startReferenceServer({ rateLimit: 60, windowMs: 1000, fault, ...variant });
  try {
    // On the other limiters, only what the limiter changes is run again.
    const plan = fault && variant.limiter ? RATE_LIMIT_ONLY : undefined;
    const { cases } = await runEngine({ baseUrl: server.baseUrl, adminToken: server.adminToken, strict, windowMs: 1000, plan });
    const failing = [...new Set(cases.flatMap((c) => c.findings.filter((f) => !f.ok).map((f) => f.requirement)))].sort();
    const errors = cases.filter((c) => c.outcome === 'error').map((c) => `${c.id}: ${c.reason}`);
    const name = `${fault ?? '(none)'}${variantName(variant) ? ` (${variantName(variant)})` : ''}`;
    return { row: { fault: name, family: fault ? faults[fault]!.family : '-', failing, errors }, cases };
  } finally {
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
    console.log(`\nKill matrix (certify profile, strict): ${killed.length}/${rows.length} faults killed\n${lines.join('\n')}`);
  });

  test('the faultless reference server: no failure, no warning, nothing skipped or errored', async () => {
    for (const strict of [false, true]) {
      const { row, cases } = await runAgainst(undefined, strict);
      expect(row.failing, 'failing or warning requirements').toEqual([]);
      expect(row.errors).toEqual([]);
      expect(cases.filter((c) => c.outcome !== 'passed').map((c) => `${c.id}: ${c.outcome} ${c.reason ?? ''}`)).toEqual([]);
    }
  });

  // The vendor does not say how the window works: servers that count it
  // otherwise conform just the same; so does one whose clock is off (its
  // Reset agrees with its own Date).
  const variants: Variant[] = [{ limiter: 'sliding' }, { limiter: 'token-bucket' }, { clockSkewMs: 30_000 }, { clockSkewMs: -30_000 }];
  test.for(variants.map((v) => [variantName(v), v] as const))('a faultless server (%s): no failure, no warning, nothing skipped', async ([, variant]) => {
    const { row, cases } = await runAgainst(undefined, true, variant);
    expect(row.failing, 'failing or warning requirements').toEqual([]);
    expect(cases.filter((c) => c.outcome !== 'passed').map((c) => `${c.id}: ${c.outcome} ${c.reason ?? ''}`)).toEqual([]);
  });

  // Every fault on the default server; the rate-limit faults also on the
  // other two limiters.
  const rateLimitFaults = Object.keys(faults).filter((f) => faults[f]!.family === 'rate-limit');
  const runs: Array<[string, Variant]> = [
    ...Object.keys(faults).map((f): [string, Variant] => [f, {}]),
    ...rateLimitFaults.flatMap((f): Array<[string, Variant]> => [[f, { limiter: 'sliding' }], [f, { limiter: 'token-bucket' }]]),
  ];
  test(`every fault of the catalogue (${Object.keys(faults).length}; ${runs.length} runs with the other limiters) fails the run on a requirement of its family`, { timeout: 400_000 }, async () => {
    const results = await pool(runs, CONCURRENCY, ([f, variant]) => runAgainst(f, true, variant));
    for (const { row, cases } of results) {
      rows.push(row);
      expect(row.errors, `${row.fault}: suite errors`).toEqual([]);
      expect(cases.some((c) => c.outcome === 'failed'), `${row.fault}: no case failed`).toBe(true);
      const ofFamily = row.failing.filter((id) => requirements.get(id)?.family === row.family);
      expect(ofFamily, `${row.fault} (${row.family}) killed by ${row.failing.join(', ') || 'nothing'}`).not.toEqual([]);
    }
  });
});
