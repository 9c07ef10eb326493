// A run's record judged: the report (report.ts) every output is rendered
// from. A stored report is a record too, so merge and the gate judge it
// again with the same function.

import type { Exchange } from './exchange.ts';
import { totalRequests } from './exchange.ts';
import { warningsOf, type FailurePolicy } from './finding.ts';
import { groupBy } from './group.ts';
import { countOutcomes, verdictOf, verdictScope } from './outcome.ts';
import { caseResult, type CaseResult, type RunRecord } from './record.ts';
import type { CertificationReport, ReportCase, ReportCoverage, ReportExchange, ReportWarning } from './report.ts';
import { evidenceOf, requirementResults } from './requirement-results.ts';
import { reproductions } from './reproduce.ts';
import { reportJsonText } from './report-file.ts';
import { holdsKey, redactConfig, redactStrings } from './secrets.ts';
import { undoFor } from './undo.ts';

export function buildReport(record: RunRecord): CertificationReport {
  const warnings = record.cases.flatMap((c) => caseWarnings(c, record));
  // A panel that stayed unavailable ended the run before its end: what was
  // judged stays in the report, but no verdict speaks against the panel.
  const verdict = record.unavailable ? 'INCOMPLETE' : verdictOf(record.cases, record.incomplete ?? wasStopped(record));
  const requirements = requirementResults(record);
  const requirementsNotChecked = requirements.filter((r) => r.result === 'skipped' || r.result === 'not-checked').length;
  const report: CertificationReport = {
    reportVersion: 1,
    verdict,
    verdictScope: verdictScope({
      profile: record.profile,
      strict: record.strict,
      lenient: record.lenient,
      requirementsNotChecked,
      chosenBy: chosenBy(record.config),
    }),
    requirementsNotChecked,
    runId: record.runId,
    seed: record.seed,
    date: new Date(record.date).toISOString(),
    durationMs: record.durationMs,
    suiteVersion: record.suiteVersion,
    spec: { version: record.spec.version, sha256: record.spec.sha256 },
    target: { baseUrl: record.target.baseUrl, embedded: record.target.embedded },
    product: { name: record.product.name, version: record.product.version, vendor: record.product.vendor },
    strict: record.strict,
    lenient: record.lenient,
    profile: record.profile,
    insecureTls: record.insecureTls,
    config: redactConfig(record.config),
    counts: { total: record.cases.length, ...countOutcomes(record.cases), warnings: warnings.length },
    requests: { total: totalRequests(record.requests.byCredential), ...record.requests },
    rateLimited429s: record.rateLimited429s,
    transientRetries: record.transientRetries,
    leftovers: record.leftovers,
    unavailable: record.unavailable ?? null,
    requirements,
    coverage: coverage(record.cases),
    warnings,
    cases: record.cases.map((c) => reportCase(c, record)),
  };
  // No key leaves the run, whatever a server or a stored report held: the
  // text report.json will hold is scanned once, and kept for writing it.
  return holdsKey(reportJsonText(report)) ? redactStrings(report) : report;
}

/** A stored report whose run was stopped before its end: its verdict says
 *  INCOMPLETE where its cases alone would not. A record fresh from a run
 *  says so itself (`incomplete`). */
export function wasStopped(record: RunRecord): boolean {
  const verdict = (record as Partial<CertificationReport>).verdict;
  return verdict === 'INCOMPLETE' && verdictOf(record.cases) !== 'INCOMPLETE';
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
    operationId: group[0].operationId,
    group: group[0].group,
    cases: countOutcomes(group),
  }));
}

function reportCase(c: CaseResult, record: RunRecord): ReportCase {
  const curls = reproductions(c, record, { baseUrl: record.target.baseUrl, insecureTls: record.insecureTls });
  const exchanges = c.exchanges.map((exchange, index) => {
    const shown = reportExchange(exchange);
    const curl = curls.get(index);
    if (curl === undefined) return shown;
    shown.curl = curl;
    const undo = undoFor(exchange, record.target.baseUrl, { insecure: record.insecureTls });
    if (undo) shown.undo = undo;
    return shown;
  });
  return caseResult(c, { outcome: c.outcome, findings: c.findings, notes: c.notes, exchanges, durationMs: c.durationMs, reason: c.reason });
}

/** Drops the parsed `json` (the body text is the evidence, and the parsed
 *  copy would double the size of the report) and a stored curl command
 *  and its undo (rendered again). */
function reportExchange(exchange: Exchange | ReportExchange): ReportExchange {
  const { curl: _curl, undo: _undo, ...rest } = exchange as ReportExchange;
  if (!rest.response) return rest;
  const { json: _json, ...response } = rest.response as Exchange['response'] & object;
  return { ...rest, response };
}
