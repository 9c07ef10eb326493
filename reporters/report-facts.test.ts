import { expect, test } from 'vitest';
import { buildReport } from '../src/model/build-report.ts';
import { caseAnchor, countsLine, failedRequirements, levelsLine, requestsLine, runFacts, verdictLine } from './report-facts.ts';
import { runWithout, sampleReport, sampleRun, strictSampleRun } from '../test/fixtures/reporters/sample-run.ts';

test('verdictLine: the verdict with its scope', () => {
  expect(verdictLine({ verdict: 'CONFORMANT', verdictScope: 'default profile; every requirement checked' })).toBe(
    'CONFORMANT (default profile; every requirement checked)',
  );
  expect(verdictLine(sampleReport())).toBe('NOT CONFORMANT (full profile; 4 requirements not checked, run --profile certify)');
});

test('failedRequirements: each failed requirement in catalogue order, with every failed case that shows it', () => {
  const failed = failedRequirements(sampleReport());
  expect(failed.map(({ requirement, cases }) => [requirement.id, cases.map((c) => c.id)])).toEqual([
    ['RES-CREATE-201', ['resellers.create/positive']],
    ['RL-RESET', ['resellers.create/positive']],
  ]);
  // Under --strict the convention fails too, shown by the case that broke it.
  const strict = failedRequirements(buildReport(strictSampleRun()));
  expect(strict.find((f) => f.requirement.id === 'HTTP-JSON-CONTENT-TYPE')!.cases.map((c) => c.id)).toEqual(['resellers.create/validation-missing-email']);
  expect(failedRequirements(buildReport(runWithout(['failed', 'error'])))).toEqual([]);
});

test('failedRequirements lists every case, not only the three the requirement table keeps', () => {
  const run = sampleRun();
  const failing = run.cases.find((c) => c.outcome === 'failed')!;
  run.cases.push(...[1, 2, 3, 4].map((n) => ({ ...failing, id: `${failing.id}-${n}` })));
  const report = buildReport(run);
  expect(report.requirements.find((r) => r.id === 'RES-CREATE-201')!.evidence).toHaveLength(3);
  expect(failedRequirements(report)[0].cases).toHaveLength(5);
});

test('caseAnchor: a fragment of safe characters only', () => {
  expect(caseAnchor('resellers.create/positive')).toBe('case-resellers.create-positive');
  expect(caseAnchor('a b#c"d_e-f.1')).toBe('case-a-b-c-d_e-f.1');
});

test('runFacts: the header rows, in order, with what was not stated said so', () => {
  const facts = runFacts(sampleReport());
  expect(facts.map(([label]) => label)).toEqual([
    'Verdict',
    'Product',
    'Vendor',
    'Target',
    'Suite version',
    'Spec version',
    'Spec SHA-256',
    'Date',
    'Duration',
    'Seed',
    'Run ID',
    'Profile',
    'Levels',
    'TLS verification',
  ]);
  expect(Object.fromEntries(facts)).toMatchObject({
    Product: 'WisPanel 2.4.1',
    Vendor: 'Wis Hosting <Ltd> & Co',
    Target: 'https://panel.example.test:2083/api/v1',
    Duration: '12.5 s',
    Seed: '424242 (replay with --seed 424242)',
    'TLS verification': 'OFF (--insecure): the server certificate was not verified',
  });

  const run = sampleRun();
  run.product = { name: null, version: null, vendor: null };
  run.target.embedded = true;
  run.insecureTls = false;
  run.leftovers = ['wcrun01a', 'wcrun01b'];
  const other = Object.fromEntries(runFacts(buildReport(run)));
  expect(other).toMatchObject({
    Product: 'not stated',
    Vendor: 'not stated',
    Target: 'https://panel.example.test:2083/api/v1 (embedded reference server)',
    'TLS verification': 'on',
    'Left on the server': 'wcrun01a, wcrun01b (could not be deleted: remove with --cleanup-only wc-20260101-7k3m)',
  });
  run.product = { name: 'WisPanel', version: null, vendor: null };
  expect(Object.fromEntries(runFacts(buildReport(run))).Product).toBe('WisPanel');
});

test('countsLine and requestsLine', () => {
  const report = sampleReport();
  expect(countsLine(report)).toBe('8 cases: 3 passed, 1 failed, 1 error, 2 skipped, 1 disabled; 1 warning');
  // The keys as the plan line names them; the no-key count split by credential.
  expect(requestsLine(report)).toBe('7 requests sent (retries included), per key: admin 5, reseller 1, no key 1 (credential none 1); 1 answered 429');
  const run = sampleRun();
  run.requests.byCredential = {};
  run.transientRetries = 2;
  expect(requestsLine(buildReport(run))).toBe('0 requests sent; 1 answered 429; 2 sent again after a 502/503/504 or a reset');
  run.requests = { byCredential: { admin: 58, none: 23, invalid: 23, reseller: 33 }, dataSafety: { admin: 22 } };
  expect(requestsLine(buildReport(run))).toBe(
    '137 requests sent (retries included), per key: admin 58, reseller 33, no key 46 (credential none 23, invalid 23); for data safety: admin 22; 1 answered 429; 2 sent again after a 502/503/504 or a reset',
  );
  run.requests = { byCredential: { admin: 1 } };
  expect(requestsLine(buildReport(run))).toMatch(/^1 request sent \(retries included\), per key: admin 1, reseller 0, no key 0; /);
  expect(countsLine(buildReport(strictSampleRun()))).toBe('8 cases: 2 passed, 2 failed, 1 error, 2 skipped, 1 disabled; 0 warnings');
});

test('levelsLine: how each level counted under --strict and --lenient', () => {
  expect(levelsLine({ strict: false, lenient: false })).toBe('documented: failures; standard: failures; inferred: warnings');
  expect(levelsLine({ strict: true, lenient: false })).toBe('documented: failures; standard: failures; inferred: failures (--strict)');
  expect(levelsLine({ strict: false, lenient: true })).toBe('documented: failures; standard: warnings (--lenient); inferred: warnings');
  expect(levelsLine({ strict: true, lenient: true })).toBe('documented: failures; standard: warnings (--lenient); inferred: failures (--strict)');
});
