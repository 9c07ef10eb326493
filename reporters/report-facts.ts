// What the Markdown and HTML reports say about a run before the details, in
// the same words, as plain (unescaped) text.

import { failuresOf } from '../src/model/finding.ts';
import type { CertificationReport, ReportCase, ReportRequirement, ReportWarning } from '../src/model/report.ts';
import { perKeySent } from '../src/model/per-key.ts';
import { formatDuration, plural } from '../src/model/text.ts';

export const REPORT_TITLE = 'WisPanel API conformance report';

export const FAILED_REQUIREMENTS_INTRO =
  'The server did not meet these requirements. Each links to the cases that show it, with their exchanges and a curl command to reproduce them.';
export const FAILED_INTRO = 'Each case shows what was expected, what came back, and its exchanges.';
export const NOTES_INTRO =
  'Changes the run saw to records it does not own and cannot prove it caused (another client on a shared panel, as far as it can tell): evidence, not failures.';

/** Every note of the run's cases, with its case. */
export function notesOf(report: CertificationReport): { caseId: string; message: string }[] {
  return report.cases.flatMap((c) => (c.notes ?? []).map((n) => ({ caseId: c.id, message: n.message })));
}

export const ERROR_INTRO =
  "These cases broke on the suite's side (a bug, a timeout of its own): they say nothing about the server, and the run is incomplete until they pass.";

/** `CONFORMANT (default profile; 10 requirements not checked, run --profile certify)` */
export function verdictLine(report: Pick<CertificationReport, 'verdict' | 'verdictScope'>): string {
  return `${report.verdict} (${report.verdictScope})`;
}

/** Each failed requirement, in catalogue order, with every failed case that
 *  shows it (the requirement table keeps only three as evidence). */
export function failedRequirements(report: CertificationReport): { requirement: ReportRequirement; cases: ReportCase[] }[] {
  const failed = report.cases.filter((c) => c.outcome === 'failed');
  return report.requirements
    .filter((r) => r.result === 'failed')
    .map((requirement) => ({
      requirement,
      cases: failed.filter((c) => failuresOf(c, report).some((f) => f.requirement === requirement.id)),
    }));
}

/** Each warned requirement, in catalogue order, with every warning of it. */
export function warnedRequirements(report: CertificationReport): { requirement: ReportRequirement; warnings: ReportWarning[] }[] {
  return report.requirements
    .filter((r) => r.result === 'warning')
    .map((requirement) => ({ requirement, warnings: report.warnings.filter((w) => w.requirement === requirement.id) }));
}

/** The fragment a case's block is found by, from the failed requirements. */
export function caseAnchor(caseId: string): string {
  return `case-${caseId.replace(/[^A-Za-z0-9_.-]/g, '-')}`;
}

/** [label, value] rows of the report header. */
export function runFacts(report: CertificationReport): [string, string][] {
  const { product } = report;
  const productName = [product.name, product.version].filter((part) => part !== null).join(' ');
  return [
    ['Verdict', verdictLine(report)],
    ['Product', productName === '' ? 'not stated' : productName],
    ['Vendor', product.vendor ?? 'not stated'],
    ['Target', report.target.embedded ? `${report.target.baseUrl} (embedded reference server)` : report.target.baseUrl],
    ['Suite version', report.suiteVersion],
    ['Spec version', report.spec.version],
    ['Spec SHA-256', report.spec.sha256],
    ['Date', report.date],
    ['Duration', formatDuration(report.durationMs)],
    ['Seed', `${report.seed} (replay with --seed ${report.seed})`],
    ['Run ID', report.runId],
    ['Profile', report.profile],
    ['Levels', levelsLine(report)],
    ['TLS verification', report.insecureTls ? 'OFF (--insecure): the server certificate was not verified' : 'on'],
    ...(report.leftovers.length
      ? [['Left on the server', `${report.leftovers.join(', ')} (could not be deleted: remove with --cleanup-only ${report.runId})`] as [string, string]]
      : []),
  ];
}

/** `12 cases: 8 passed, 1 failed, 1 error, 1 skipped, 1 disabled; 1 warning` */
export function countsLine(report: CertificationReport): string {
  const { counts } = report;
  return (
    `${counts.total} cases: ${counts.passed} passed, ${counts.failed} failed, ${counts.error} error, ` +
    `${counts.skipped} skipped, ${counts.disabled} disabled; ${plural(counts.warnings, 'warning')}`
  );
}

/** `137 requests sent (retries included), per key: admin 58, reseller 33,
 *  no key 46 (credential none 23, invalid 23); for data safety: admin 22;
 *  0 answered 429`: the keys named and ordered as in the plan line, whose
 *  estimate counts set-up and clean-up but no retry. */
export function requestsLine(report: CertificationReport): string {
  const { total, byCredential, dataSafety } = report.requests;
  const safety = Object.entries(dataSafety ?? {})
    .filter(([, n]) => n)
    .map(([credential, n]) => `${credential} ${n}`)
    .join(', ');
  const sent =
    total === 0
      ? '0 requests sent'
      : `${plural(total, 'request')} sent (retries included), per key: ${perKeySent(byCredential)}${safety ? `; for data safety: ${safety}` : ''}`;
  const retried = report.transientRetries ? `; ${report.transientRetries} sent again after a 502/503/504 or a reset` : '';
  return `${sent}; ${report.rateLimited429s} answered 429${retried}`;
}

/** How the three levels counted in this run: documented requirements always
 *  fail; standard ones (HTTP and data safety) unless --lenient; inferred
 *  conventions only under --strict. */
export function levelsLine(report: Pick<CertificationReport, 'strict' | 'lenient'>): string {
  return [
    'documented: failures',
    `standard: ${report.lenient ? 'warnings (--lenient)' : 'failures'}`,
    `inferred: ${report.strict ? 'failures (--strict)' : 'warnings'}`,
  ].join('; ');
}
