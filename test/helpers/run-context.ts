// A run's context against an embedded reference server, in this process:
// the real spec, plan and services (createRunServices, createRunContext),
// for the tests of src/run/ that run one case, one suite or one engine at a
// time. Every case of the plan is enabled (certify) unless `plan` says
// otherwise; nothing is sent until a test sends it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceServer, type ReferenceOptions, type ReferenceServer } from '../../reference/server.ts';
import { newRunId } from '../../fixtures/data.ts';
import { suiteOf } from '../../src/cases/kinds/index.ts';
import { options as planOptions } from '../../src/cases/kinds/plan-fixture.ts';
import type { PlannedCase, PlanOptions } from '../../src/model/case.ts';
import type { Operation } from '../../src/spec/load.ts';
import { createRunContext, type RunContext } from '../../src/run/context.ts';
import type { RunInput } from '../../src/run/input.ts';
import { CaseRecorder } from '../../src/run/recorder.ts';
import { createRunServices, stopBudgets } from '../../src/run/services.ts';

export interface TestRunOptions {
  /** The reference server's options; default 60 requests per 1 s window. */
  server?: ReferenceOptions;
  /** Overrides of the run's input (the token, the rate, ...). */
  input?: Partial<RunInput>;
  /** Overrides of the plan options (default: certify, no reseller key). */
  plan?: Partial<PlanOptions>;
  /** The engine's signal, carried by the context's client. */
  signal?: AbortSignal;
}

export interface TestRun {
  server: ReferenceServer;
  run: RunContext;
  /** A planned case of the run's plan, by ID (throws for an unknown one). */
  planned(id: string): PlannedCase;
  /** The operation a planned case calls. */
  op(id: string): Operation;
  /** The suite a planned case runs in, by name. */
  suite(id: string): string;
  /** A fresh recorder for a planned case. */
  recorder(id: string): CaseRecorder;
  /** The server's resellers, by username. */
  resellers(): string[];
  /** Stops the budgets and the server, removes the scratch folder. */
  close(): Promise<void>;
}

/** The input of a run against `server`, as openPanel would build it. */
export function testInput(server: Pick<ReferenceServer, 'baseUrl' | 'adminToken'>, over: Partial<RunInput> = {}): RunInput {
  const runId = over.runId ?? newRunId();
  return {
    baseUrl: server.baseUrl,
    token: server.adminToken,
    runId,
    seed: 7,
    runDir: mkdtempSync(join(tmpdir(), `wispanel-test-${runId}-`)),
    rate: 60,
    windowMs: 1000,
    timeoutMs: 10_000,
    unavailableBudgetMs: 30_000,
    concurrency: 1,
    strict: false,
    lenient: false,
    tls: {},
    planOptions: planOptions(),
    ...over,
  };
}

export async function openTestRun(opts: TestRunOptions = {}): Promise<TestRun> {
  const server = await startReferenceServer({ rateLimit: 60, windowMs: 1000, ...opts.server });
  const input = testInput(server, { ...opts.input, planOptions: planOptions(opts.plan) });
  const services = createRunServices(input);
  const run = createRunContext(services, opts.signal);
  const planned = (id: string) => {
    const c = run.plan.cases.find((p) => p.id === id);
    if (!c) throw new Error(`no planned case ${id}`);
    return c;
  };
  return {
    server,
    run,
    planned,
    op: (id) => run.spec.byId.get(planned(id).operationId)!,
    suite: (id) => suiteOf(planned(id)).name,
    recorder: (id) => new CaseRecorder(planned(id), run),
    resellers: () => ((server.snapshot() as { resellers: Array<{ username: string }> }).resellers ?? []).map((r) => r.username),
    close: async () => {
      await stopBudgets(services);
      await server.close();
      if (existsSync(input.runDir)) rmSync(input.runDir, { recursive: true, force: true });
    },
  };
}

/** The `open` of one test file: every run it opens is closed after the test
 *  that opened it; `defaults` shapes the options of each. */
export function testRuns(defaults: (opts: TestRunOptions) => TestRunOptions = (opts) => opts): (opts?: TestRunOptions) => Promise<TestRun> {
  const opened: TestRun[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((t) => t.close()));
  });
  return async (opts = {}) => {
    const t = await openTestRun(defaults(opts));
    opened.push(t);
    return t;
  };
}
