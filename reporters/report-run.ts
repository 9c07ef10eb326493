// A report.json read back as the run it was rendered from, so that stored
// results (a shard's) are rendered and judged again by the same reporters.
import type { CaseResult, RunResult } from '../src/model.ts';
import { verdictOf } from './outcomes.ts';
import type { CertificationReport } from './report-types.ts';

export function runOfReport(report: CertificationReport): RunResult {
  const { product } = report;
  const named = product.name !== null || product.version !== null || product.vendor !== null;
  return {
    summary: {
      runId: report.runId,
      seed: report.seed,
      startedAt: report.date,
      finishedAt: new Date(Date.parse(report.date) + report.durationMs).toISOString(),
      durationMs: report.durationMs,
      suiteVersion: report.suiteVersion,
      specVersion: report.spec.version,
      specSha256: report.spec.sha256,
      baseUrl: report.target.baseUrl,
      embedded: report.target.embedded,
      strict: report.strict,
      lenient: report.lenient,
      insecureTls: report.insecureTls,
      profile: report.profile,
      requests: report.requests.byCredential,
      rateLimited429s: report.rateLimited429s,
      transientRetries: report.transientRetries,
      leftovers: report.leftovers,
      incomplete: stopped(report),
      config: report.config,
      product: named ? { name: product.name ?? undefined, version: product.version ?? undefined, vendor: product.vendor ?? undefined } : undefined,
    },
    requirements: report.requirements.map(({ id, level, family, statement, source }) => ({ id, level, family, statement, source })),
    // The curl commands are rendered again from the exchanges.
    cases: report.cases.map((c): CaseResult => ({ ...c, exchanges: c.exchanges.map(({ curl: _curl, ...exchange }) => exchange) })),
  };
}

/** The run was stopped before its end: a verdict its cases alone do not give. */
function stopped(report: CertificationReport): boolean {
  return report.verdict === 'INCOMPLETE' && verdictOf(report.cases) !== 'INCOMPLETE';
}
