// JUnit XML that validates against the strict Ant schema
// (test/fixtures/junit/ant-junit.xsd); Dredd's broke Jenkins by not (dredd#1152).
//
// What that schema allows decides the shape:
// - Root <testsuites>, one <testsuite> per operation group (classname =
//   group; in a fleet, per panel and group: eu-1.resellers.create), so CI
//   UIs show a per-operation table. <testsuites> takes no
//   properties, and every <testsuite> must have a <properties> element: the
//   run properties go in the first suite only, the others hold their
//   warnings (or nothing).
// - A testcase is named `case-id: title`, so that a CI failure names the ID
//   that --filter, --operation and the reports use.
// - A testcase holds at most one of <skipped>, <error>, <failure>, and has no
//   system-out of its own. skipped and disabled cases both get <skipped>
//   (Jenkins, GitLab and GitHub reporters all count it as not run), told
//   apart by its message; the suite's `skipped` attribute counts both.
// - A warning (a failed finding whose level does not fail: see isFailure) must not turn a passed
//   testcase red and has no element of its own, so it becomes a
//   `warning.<n>` property of its suite and a WARN line in system-out.
// - Exchanges of every case go to the suite's system-out under a heading
//   with the case id; a failure or error body repeats those of its case,
//   with a curl command under each exchange that showed it.

import { hostname } from 'node:os';
import { failuresOf, isFailure, isWarning, warningsOf, type FailurePolicy, type Finding } from '../src/model/finding.ts';
import { groupBy } from '../src/model/group.ts';
import { countOutcomes } from '../src/model/outcome.ts';
import type { CertificationReport, ReportCase } from '../src/model/report.ts';
import { undoText } from '../src/model/undo.ts';
import { renderExchangeText } from './exchange-text.ts';
import { levelsLine } from './report-facts.ts';
import { oneLine } from './text.ts';
import { xmlAttr, xmlText } from './xml.ts';

const PACKAGE = 'wispanel-conformance';

export interface JUnitOptions {
  /** Leave disabled cases (turned off by the user) out (--junit-omit-disabled). */
  omitDisabled?: boolean;
}

export function renderJUnit(report: CertificationReport, opts: JUnitOptions = {}): string {
  return document(runSuites(report, opts, undefined, 0));
}

/** One file for a fleet: one testsuite per panel and operation group,
 *  named and classed `eu-1.resellers.create`; each panel's run properties
 *  in its first suite. */
export function renderFleetJUnit(panels: readonly { name: string; report: CertificationReport }[], opts: JUnitOptions = {}): string {
  const suites: string[] = [];
  for (const { name, report } of panels) suites.push(...runSuites(report, opts, name, suites.length));
  return document(suites);
}

function document(suites: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('')}</testsuites>\n`;
}

/** The testsuites of one run, numbered from `firstId`; a fleet's panel
 *  prefixes their names. */
function runSuites(report: CertificationReport, opts: JUnitOptions, panel: string | undefined, firstId: number): string[] {
  const header: SuiteHeader = {
    timestamp: junitTimestamp(report.date),
    hostname: hostname() || 'localhost',
  };
  const shown = opts.omitDisabled ? report.cases.filter((c) => c.outcome !== 'disabled') : report.cases;
  return [...groupBy(shown, (c) => c.group)].map(([group, cases], i) =>
    renderSuite(panel ? `${panel}.${group}` : group, firstId + i, cases, report, header, i === 0 ? runProperties(report) : []),
  );
}

/** What every suite of a run shares. */
interface SuiteHeader {
  timestamp: string;
  hostname: string;
}

function renderSuite(group: string, id: number, cases: ReportCase[], policy: FailurePolicy, header: SuiteHeader, runProps: string[]): string {
  const counts = countOutcomes(cases);
  const attributes = [
    ['name', group],
    ['package', PACKAGE],
    ['id', String(id)],
    ['timestamp', header.timestamp],
    ['hostname', header.hostname],
    ['tests', String(cases.length)],
    ['failures', String(counts.failed)],
    ['errors', String(counts.error)],
    ['skipped', String(counts.skipped + counts.disabled)],
    ['time', seconds3(cases.reduce((sum, c) => sum + c.durationMs, 0))],
  ]
    .map(([name, value]) => `${name}="${xmlAttr(value)}"`)
    .join(' ');
  const warnings = cases
    .flatMap((c) => warningsOf(c, policy).map((f) => `${f.requirement} ${c.id}: ${oneLine(f.message)}`))
    .map((text, index) => property(`warning.${index + 1}`, text));
  const properties = [...runProps, ...warnings];
  const systemOut = cases.map((c) => `=== ${c.id} [${c.outcome}] ${oneLine(c.title)} ===\n${caseDetail(c, policy)}`);
  return [
    `  <testsuite ${attributes}>\n`,
    `    <properties>\n${properties.map((p) => `      ${p}\n`).join('')}    </properties>\n`,
    cases.map((c) => renderTestcase(c, policy, group)).join(''),
    `    <system-out>${xmlText(systemOut.join('\n\n'))}</system-out>\n`,
    '    <system-err></system-err>\n',
    '  </testsuite>\n',
  ].join('');
}

function renderTestcase(c: ReportCase, policy: FailurePolicy, classname: string): string {
  const title = oneLine(c.title);
  const open = `    <testcase name="${xmlAttr(title ? `${c.id}: ${title}` : c.id)}" classname="${xmlAttr(classname)}" time="${seconds3(c.durationMs)}"`;
  const child = testcaseChild(c, policy);
  return child === undefined ? `${open}/>\n` : `${open}>\n      ${child}\n    </testcase>\n`;
}

function testcaseChild(c: ReportCase, policy: FailurePolicy): string | undefined {
  switch (c.outcome) {
    case 'passed':
      return undefined;
    case 'skipped':
    case 'disabled':
      return `<skipped message="${xmlAttr(`${c.outcome}: ${oneLine(c.reason ?? 'no reason given')}`)}"/>`;
    case 'error':
      return element('error', 'SuiteError', oneLine(c.reason ?? 'the suite failed without a reason'), caseDetail(c, policy));
    case 'failed': {
      const first = failuresOf(c, policy)[0];
      const message = first ? `${first.requirement}: ${oneLine(first.message)}` : oneLine(c.reason ?? 'failed without a finding');
      return element('failure', first?.requirement ?? 'failed', message, caseDetail(c, policy));
    }
  }
}

function element(name: 'failure' | 'error', type: string, message: string, body: string): string {
  return `<${name} message="${xmlAttr(message)}" type="${xmlAttr(type)}">${xmlText(body)}</${name}>`;
}

/** Reason, every finding, then every exchange (with the curl command of
 *  those that showed a failure): the evidence of one case. */
function caseDetail(c: ReportCase, policy: FailurePolicy): string {
  const parts: string[] = [];
  if (c.reason) parts.push(`reason: ${c.reason}`);
  parts.push(...c.findings.map((f) => findingLine(f, policy)));
  parts.push(...(c.notes ?? []).map((n) => `NOTE ${oneLine(n.message)}`));
  c.exchanges.forEach((exchange, index) => {
    parts.push(`--- exchange ${index + 1} of ${c.exchanges.length} ---\n${renderExchangeText(exchange)}`);
    if (exchange.curl !== undefined) parts.push(`reproduce: ${exchange.curl}`);
    if (exchange.curl !== undefined && exchange.undo) parts.push(undoText(exchange.undo));
  });
  return parts.join('\n');
}

function findingLine(f: Finding, policy: FailurePolicy): string {
  const tag = isFailure(f, policy) ? 'FAIL' : isWarning(f, policy) ? 'WARN' : 'ok  ';
  const where = f.exchange === undefined ? '' : ` [exchange ${f.exchange + 1}]`;
  return `${tag} ${f.requirement} (${f.level}): ${oneLine(f.message)}${where}`;
}

function runProperties(report: CertificationReport): string[] {
  const entries: [string, string][] = [
    ['suite.version', report.suiteVersion],
    ['spec.version', report.spec.version],
    ['spec.sha256', report.spec.sha256],
    ['target.baseUrl', report.target.baseUrl],
    ['target.embedded', String(report.target.embedded)],
    ['run.id', report.runId],
    ['seed', String(report.seed)],
    ['strict', String(report.strict)],
    ['lenient', String(report.lenient)],
    ['levels', levelsLine(report)],
    ['profile', report.profile],
    ['insecureTls', String(report.insecureTls)],
    ['requests.sent', String(report.requests.total)],
    ...Object.entries(report.requests.byCredential).map(([credential, n]): [string, string] => [`requests.${credential}`, String(n)]),
    ['rateLimited.429s', String(report.rateLimited429s)],
    ['retried.transient', String(report.transientRetries)],
    ['leftovers', report.leftovers.join(' ')],
    ...Object.entries(report.product)
      .filter(([, value]) => value !== null)
      .map(([key, value]): [string, string] => [`product.${key}`, String(value)]),
    ['config', JSON.stringify(report.config)],
  ];
  return entries.map(([name, value]) => property(name, value));
}

function property(name: string, value: string): string {
  return `<property name="${xmlAttr(name)}" value="${xmlAttr(value)}"/>`;
}

/** The schema's timestamp has no timezone: UTC, to the second. */
function junitTimestamp(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19);
}

function seconds3(ms: number): string {
  return (ms / 1000).toFixed(3);
}
