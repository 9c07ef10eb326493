// Runs the whole plan in this process, suite by suite, exactly as the vitest
// suites do (same set-up, cases and clean-up) but without starting vitest:
// fast enough to run the suite against every fault of the catalogue.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseResult } from '../../src/model.ts';
import { RunContext } from '../../src/run/context.ts';
import { executeCase } from '../../src/run/execute.ts';
import { casesOf, cleanupSuite, setUpSuite } from '../../src/run/fixtures.ts';
import { SUITES } from '../../src/run/suites.ts';
import type { RunInput } from '../../src/run/input.ts';
import type { PlanOptions } from '../../src/cases/generate.ts';
import { newRunId } from '../../fixtures/data.ts';

export interface EngineRunOptions {
  baseUrl: string;
  adminToken: string;
  resellerToken?: string;
  rate?: number;
  windowMs?: number;
  strict?: boolean;
  plan?: Partial<PlanOptions>;
  seed?: number;
}

export async function runEngine(opts: EngineRunOptions): Promise<{ cases: CaseResult[]; run: RunContext }> {
  const runDir = mkdtempSync(join(tmpdir(), 'wispanel-engine-'));
  const input: RunInput = {
    baseUrl: opts.baseUrl,
    adminToken: opts.adminToken,
    resellerToken: opts.resellerToken,
    runId: newRunId(),
    seed: opts.seed ?? 1,
    runDir,
    rate: opts.rate ?? 60,
    windowMs: opts.windowMs ?? 1000,
    timeoutMs: 10_000,
    strict: opts.strict ?? true,
    tls: {},
    planOptions: { profile: 'certify', include: [], exclude: [], readOnly: false, hasResellerToken: opts.resellerToken !== undefined, ...opts.plan },
  };
  const run = new RunContext(input);
  const cases: CaseResult[] = [];
  try {
    for (const def of Object.values(SUITES)) {
      await setUpSuite(run, def);
      try {
        for (const c of casesOf(run, def)) cases.push(await executeCase(run, c, def.name));
      } finally {
        await cleanupSuite(run, def.name);
      }
    }
  } finally {
    await Promise.all(Object.values(run.budgets).map((b) => b.stop()));
    rmSync(runDir, { recursive: true, force: true });
  }
  return { cases, run };
}
