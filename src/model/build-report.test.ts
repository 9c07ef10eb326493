import { expect, test } from 'vitest';
import { buildReport } from './build-report.ts';
import { reportSchemaError } from './report-file.ts';
import { runWithout, sampleRun, SECRET_FRAGMENT, strictSampleRun } from '../../test/fixtures/reporters/sample-run.ts';

test('report.json validates against report.schema.json (ajv, draft 2020-12)', () => {
  for (const run of [sampleRun(), strictSampleRun(), runWithout(['failed', 'error']), { ...sampleRun(), cases: [] }]) {
    expect(reportSchemaError(JSON.parse(JSON.stringify(buildReport(run))))).toBeUndefined();
  }
});

test('the schema refuses what is not a report, naming the first problem', () => {
  const report = JSON.parse(JSON.stringify(buildReport(sampleRun())));
  expect(reportSchemaError({ ...report, verdict: 'PASSED' })).toBe('/verdict must be equal to one of the allowed values');
  expect(reportSchemaError({ ...report, reportVersion: 2 })).toBe('/reportVersion must be equal to constant');
  expect(reportSchemaError({ ...report, config: { ...report.config, shard: 'second' } })).toBe('/config/shard must match pattern "^[0-9]+/[0-9]+$"');
  expect(reportSchemaError([])).toBe('/ must be object');
});

test('verdict: a failure is NOT CONFORMANT, errors without failures or nothing passed INCOMPLETE, else CONFORMANT', () => {
  expect(buildReport(sampleRun()).verdict).toBe('NOT CONFORMANT');
  expect(buildReport(runWithout(['failed'])).verdict).toBe('INCOMPLETE');
  expect(buildReport(runWithout(['failed', 'error'])).verdict).toBe('CONFORMANT');
  const nothingRan = sampleRun();
  for (const c of nothingRan.cases) c.outcome = c.outcome === 'disabled' ? 'disabled' : 'skipped';
  expect(buildReport(nothingRan).verdict).toBe('INCOMPLETE');
  const stopped = runWithout(['failed', 'error']);
  stopped.incomplete = true;
  expect(buildReport(stopped).verdict).toBe('INCOMPLETE');
});

test('a panel that stayed unavailable: INCOMPLETE whatever was judged before, never NOT CONFORMANT; the reason kept, and judged again the same from report.json', () => {
  const UNAVAILABLE = 'the panel stayed unavailable for 30.2 s, past its budget of 30.0 s (--unavailable-budget); last answer: 503 text/html';
  expect(buildReport(sampleRun()).unavailable).toBeNull();
  const report = buildReport({ ...sampleRun(), unavailable: UNAVAILABLE });
  expect(report.verdict).toBe('INCOMPLETE');
  expect(report.unavailable).toBe(UNAVAILABLE);
  expect(report.counts.failed).toBeGreaterThan(0);
  const stored = JSON.parse(JSON.stringify(report));
  expect(reportSchemaError(stored)).toBeUndefined();
  expect(buildReport(stored).verdict).toBe('INCOMPLETE');
  // A report of an earlier version, without the field, still loads.
  const { unavailable: _none, ...earlier } = JSON.parse(JSON.stringify(buildReport(sampleRun())));
  expect(reportSchemaError(earlier)).toBeUndefined();
});

test('the verdict states its scope: profile, strictness, requirements not checked', () => {
  expect(buildReport(sampleRun())).toMatchObject({
    verdict: 'NOT CONFORMANT',
    requirementsNotChecked: 4,
    verdictScope: 'full profile; 4 requirements not checked, run --profile certify',
  });
  const certify = strictSampleRun();
  certify.profile = 'certify';
  expect(buildReport(certify).verdictScope).toBe('certify profile, strict; 4 requirements not checked');
  const lenient = sampleRun();
  lenient.lenient = true;
  expect(buildReport(lenient).verdictScope).toMatch(/^full profile, lenient; /);
  expect(reportSchemaError(JSON.parse(JSON.stringify(buildReport(lenient))))).toBeUndefined();
  const all = runWithout(['failed', 'error']);
  all.profile = 'certify';
  all.requirements = all.requirements.filter((r) => buildReport(all).requirements.find((x) => x.id === r.id)!.result === 'passed');
  expect(buildReport(all)).toMatchObject({ verdict: 'CONFORMANT', requirementsNotChecked: 0, verdictScope: 'certify profile; every requirement checked' });
  // When flags chose the cases, the profile is not what left requirements unchecked.
  const chosen = sampleRun();
  chosen.config = { ...chosen.config, operation: ['createReseller'], exclude: [] };
  expect(buildReport(chosen).verdictScope).toBe('full profile; 4 requirements not checked (cases chosen with --operation)');
  // A report of an earlier version, without the scope, is still a report (a baseline).
  const old = JSON.parse(JSON.stringify(buildReport(sampleRun())));
  delete old.verdictScope;
  delete old.requirementsNotChecked;
  expect(reportSchemaError(old)).toBeUndefined();
  expect(reportSchemaError({ ...old, verdictScope: 'CONFORMANT' })).toBe('/verdictScope must match pattern "^\\S+ profile(, strict)?(, lenient)?; "');
});

test('run facts, counts and requests', () => {
  const report = buildReport(sampleRun());
  expect(report).toMatchObject({
    reportVersion: 1,
    runId: 'wc-20260101-7k3m',
    seed: 424242,
    date: '2026-01-01T00:00:00.000Z',
    durationMs: 12480,
    suiteVersion: '0.1.0',
    spec: { version: '1.0.0' },
    target: { baseUrl: 'https://panel.example.test:2083/api/v1', embedded: false },
    product: { name: 'WisPanel', version: '2.4.1', vendor: 'Wis Hosting <Ltd> & Co' },
    strict: false,
    insecureTls: true,
    counts: { total: 8, passed: 3, failed: 1, error: 1, skipped: 2, disabled: 1, warnings: 1 },
    requests: { total: 7, byCredential: { admin: 5, reseller: 1, none: 1 } },
    rateLimited429s: 1,
    config: { token: '[redacted]' },
  });
  const noProduct = sampleRun();
  noProduct.product = { name: null, version: null, vendor: null };
  expect(buildReport(noProduct).product).toEqual({ name: null, version: null, vendor: null });
});

test('requirement results: failed, warning, passed, skipped, not-checked, with evidence', () => {
  const results = Object.fromEntries(buildReport(sampleRun()).requirements.map((r) => [r.id, r]));
  expect(results['RES-CREATE-201']).toMatchObject({
    result: 'failed',
    evidence: [{ caseId: 'resellers.create/positive', message: 'expected status 201, got 200', exchange: 'POST /resellers/ -> 200' }],
  });
  expect(results['HTTP-JSON-CONTENT-TYPE'].result).toBe('warning');
  expect(results['ENV-SHAPE'].result).toBe('passed');
  expect(results['ENV-SHAPE'].evidence).toHaveLength(2);
  expect(results['ROLE-RESELLER-READ-OWN']).toMatchObject({
    result: 'skipped',
    evidence: [{ message: 'skipped: the server refused to mint a reseller key (403 FORBIDDEN)', exchange: null }, {}],
  });
  expect(results['RES-DELETE-200'].result).toBe('skipped');
  expect(results['RES-NOT-FOUND-404']).toMatchObject({ result: 'not-checked', evidence: [{ caseId: 'resellers.get/not-found' }] });
  expect(results['RL-HEADERS']).toMatchObject({ result: 'not-checked', evidence: [] });
  // A finding outside the catalogue still shows, so it cannot slip past the gate.
  expect(results['RL-RESET']).toMatchObject({ result: 'failed', level: 'documented', family: 'unknown' });

  const strict = Object.fromEntries(buildReport(strictSampleRun()).requirements.map((r) => [r.id, r.result]));
  expect(strict['HTTP-JSON-CONTENT-TYPE']).toBe('failed');
});

test('evidence is capped at three cases', () => {
  const run = sampleRun();
  const passed = run.cases[0];
  run.cases.push(...[1, 2, 3, 4].map((n) => ({ ...passed, id: `${passed.id}-${n}` })));
  expect(buildReport(run).requirements.find((r) => r.id === 'RES-LIST-200')!.evidence).toHaveLength(3);
});

test('coverage per operation and warnings', () => {
  const report = buildReport(sampleRun());
  expect(report.coverage).toEqual([
    { operationId: 'listResellers', group: 'resellers.list', cases: { passed: 2, failed: 0, error: 0, skipped: 0, disabled: 0 } },
    { operationId: 'createReseller', group: 'resellers.create', cases: { passed: 1, failed: 1, error: 0, skipped: 0, disabled: 0 } },
    { operationId: 'getReseller', group: 'resellers.get', cases: { passed: 0, failed: 0, error: 1, skipped: 1, disabled: 0 } },
    { operationId: 'getResellerUsage', group: 'resellers.usage', cases: { passed: 0, failed: 0, error: 0, skipped: 1, disabled: 0 } },
    { operationId: 'deleteReseller', group: 'resellers.delete', cases: { passed: 0, failed: 0, error: 0, skipped: 0, disabled: 1 } },
  ]);
  expect(report.warnings).toEqual([
    {
      requirement: 'HTTP-JSON-CONTENT-TYPE',
      caseId: 'resellers.create/validation-missing-email',
      message: 'expected Content-Type application/json, got text/plain',
      exchange: 'POST /resellers/ -> 400',
    },
  ]);
  expect(buildReport(strictSampleRun()).warnings).toEqual([]);
});

test('cases keep exchanges without the parsed json, and the run is left untouched', () => {
  const run = sampleRun();
  const report = buildReport(run);
  expect(report.cases).toHaveLength(8);
  expect(report.cases[0].exchanges[0].response).not.toHaveProperty('json');
  expect(report.cases[0].exchanges[0].response!.body).toContain('wcab12cd');
  expect(run.cases[0].exchanges[0].response).toHaveProperty('json');
  expect(report.cases.find((c) => c.outcome === 'error')!.reason).toBe('suite timeout: no response within 10000 ms (sent with Bearer [redacted])');
});

test('curl: on the exchange that showed a failure or a suite error, nowhere else', () => {
  const report = buildReport(sampleRun());
  const withCurl = report.cases.flatMap((c) => c.exchanges.filter((e) => e.curl !== undefined).map((e) => [c.id, e.curl]));
  expect(withCurl).toEqual([
    [
      'resellers.create/positive',
      expect.stringMatching(/^curl -sS -k -X POST 'https:\/\/panel\.example\.test:2083\/api\/v1\/resellers\/' -H "authorization: Bearer \$WISPANEL_TOKEN"/),
    ],
    ['resellers.get/not-found', expect.stringMatching(/^curl -sS -k -X GET /)],
  ]);
  const secure = sampleRun();
  secure.insecureTls = false;
  expect(buildReport(secure).cases[2].exchanges[0].curl).toMatch(/^curl -sS -X POST /);
  const report2 = JSON.parse(JSON.stringify(report));
  report2.cases[2].exchanges[0].curl = 'rm -rf /';
  expect(reportSchemaError(report2)).toBe('/cases/2/exchanges/0/curl must match pattern "^curl "');
});

test('the known token appears nowhere in report.json', () => {
  expect(JSON.stringify(buildReport(sampleRun()))).not.toContain(SECRET_FRAGMENT);
});
