import { redactedConfig, type Config } from '../config.ts';
import type { CaseResult, RunResult } from '../model.ts';
import type { RunServices } from '../run/services.ts';
import { httpLogFile } from '../run/services.ts';
import type { Panel } from './panel.ts';
import { summarizeHttpLog } from './http-log.ts';
import { suiteVersion } from './version.ts';

/** The run's result as every report renders it (report.json is its copy). */
export function assembleRun(services: RunServices, panel: Panel, config: Config, cases: CaseResult[], started: Date, incomplete: boolean, leftovers: string[]): RunResult {
  const { input, spec, budgets } = services;
  // The worker's exchanges are in its log; this process's own (the
  // preflights, the final clean-up) went through these budgets.
  const own = { admin: budgets.admin.sent, ...(budgets.reseller.sent ? { reseller: budgets.reseller.sent } : {}) };
  const http = summarizeHttpLog(httpLogFile(input.runDir), own);
  return {
    summary: {
      runId: input.runId,
      seed: input.seed,
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      durationMs: Date.now() - started.getTime(),
      suiteVersion: suiteVersion(),
      specVersion: spec.version,
      specSha256: spec.sha256,
      baseUrl: panel.baseUrl,
      embedded: panel.embedded,
      strict: config.strict,
      lenient: config.lenient,
      insecureTls: config.insecure,
      profile: config.profile,
      requests: http.requests,
      rateLimited429s: http.rateLimited + budgets.admin.rateLimited + budgets.reseller.rateLimited,
      transientRetries: http.transient,
      leftovers,
      incomplete,
      config: redactedConfig(config),
      product: config.product || config.productVersion || config.vendor ? { name: config.product, version: config.productVersion, vendor: config.vendor } : undefined,
    },
    requirements: [...services.requirements.values()],
    cases: inPlanOrder(cases, services.plan.cases),
  };
}

/** vitest reports results as they arrive, which depends on timing: reports
 *  and JUnit list the cases in plan order, the same at any concurrency.
 *  Results the plan does not know (a suite error) go last. */
function inPlanOrder(cases: readonly CaseResult[], planned: readonly { id: string }[]): CaseResult[] {
  const at = new Map(planned.map((c, i) => [c.id, i]));
  return [...cases].sort((a, b) => (at.get(a.id) ?? planned.length) - (at.get(b.id) ?? planned.length));
}
