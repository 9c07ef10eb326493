// The certification report as data (report.json). The Markdown and HTML
// reports are rendered from it, never from the RunResult, so all three agree.

import type { CaseResult, Exchange, RunResult, RunSummary } from '../src/model.ts';
import { warningsOf, type FailurePolicy } from '../src/findings.ts';
import { groupBy } from './group.ts';
import { countOutcomes, verdictOf, verdictScope } from './outcomes.ts';
import { redactConfig, redactJson } from '../src/http/redact.ts';
import { evidenceOf, requirementResults } from './requirement-results.ts';
import { reproductions } from './reproduce.ts';
import type {
  CertificationReport,
  ReportCase,
  ReportCoverage,
  ReportExchange,
  ReportWarning,
} from './report-types.ts';
import { totalRequests } from './text.ts';

export type {
  CertificationReport,
  ReportCase,
  ReportCoverage,
  ReportEvidence,
  ReportExchange,
  ReportRequirement,
  ReportWarning,
  RequirementOutcome,
} from './report-types.ts';

export function buildReport(run: RunResult): CertificationReport {
  const { summary } = run;
  const warnings = run.cases.flatMap((c) => caseWarnings(c, summary));
  const verdict = verdictOf(run.cases, run.summary.incomplete);
  const requirements = requirementResults(run);
  const requirementsNotChecked = requirements.filter((r) => r.result === 'skipped' || r.result === 'not-checked').length;
  const report: CertificationReport = {
    reportVersion: 1,
    verdict,
    verdictScope: verdictScope({ profile: summary.profile, strict: summary.strict, lenient: summary.lenient, requirementsNotChecked, chosenBy: chosenBy(summary.config) }),
    requirementsNotChecked,
    runId: summary.runId,
    seed: summary.seed,
    date: new Date(summary.startedAt).toISOString(),
    durationMs: summary.durationMs,
    suiteVersion: summary.suiteVersion,
    spec: { version: summary.specVersion, sha256: summary.specSha256 },
    target: { baseUrl: summary.baseUrl, embedded: summary.embedded },
    product: {
      name: summary.product?.name ?? null,
      version: summary.product?.version ?? null,
      vendor: summary.product?.vendor ?? null,
    },
    strict: summary.strict,
    lenient: summary.lenient,
    profile: summary.profile,
    insecureTls: summary.insecureTls,
    config: redactConfig(summary.config),
    counts: { total: run.cases.length, ...countOutcomes(run.cases), warnings: warnings.length },
    requests: { total: totalRequests(summary.requests), byCredential: summary.requests },
    rateLimited429s: summary.rateLimited429s,
    transientRetries: summary.transientRetries ?? 0,
    leftovers: summary.leftovers ?? [],
    requirements,
    coverage: coverage(run.cases),
    warnings,
    cases: run.cases.map((c) => reportCase(c, summary)),
  };
  // A deep copy as well: the report shares nothing with the run.
  return redactJson(report);
}

/** Options that turn cases off, by their key in the configuration. */
const CHOOSING = { filter: '--filter', operation: '--operation', requirement: '--requirement', exclude: '--exclude', shard: '--shard' } as const;

/** The flags of the run's configuration that turned cases off. */
function chosenBy(config: Record<string, unknown>): string[] {
  return Object.entries(CHOOSING)
    .filter(([key]) => config[key] !== undefined && !(Array.isArray(config[key]) && config[key].length === 0))
    .map(([, flag]) => flag);
}

function caseWarnings(c: CaseResult, policy: FailurePolicy): ReportWarning[] {
  return warningsOf(c, policy).map((finding) => ({ requirement: finding.requirement, ...evidenceOf(c, finding) }));
}

function coverage(cases: CaseResult[]): ReportCoverage[] {
  return [...groupBy(cases, (c) => `${c.operationId}\u0000${c.group}`).values()].map((group) => ({
    operationId: group[0]!.operationId,
    group: group[0]!.group,
    cases: countOutcomes(group),
  }));
}

function reportCase(c: CaseResult, summary: RunSummary): ReportCase {
  const { reason, ...rest } = c;
  const curls = reproductions(c, summary, summary);
  const exchanges = c.exchanges.map((exchange, index) => {
    const curl = curls.get(index);
    return curl === undefined ? reportExchange(exchange) : { ...reportExchange(exchange), curl };
  });
  return { ...rest, ...(reason === undefined ? {} : { reason }), exchanges };
}

/** Drops the parsed `json`: the body text is the evidence, and the parsed
 *  copy would double the size of the report. */
function reportExchange(exchange: Exchange): ReportExchange {
  if (!exchange.response) return exchange;
  const { json: _json, ...response } = exchange.response;
  return { ...exchange, response };
}
