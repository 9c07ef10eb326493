import { expect, test } from 'vitest';
import type { Exchange } from './exchange.ts';
import type { Finding, Level, Requirement } from './finding.ts';
import type { Outcome } from './outcome.ts';
import type { CaseResult, RunRecord } from './record.ts';
import { evidenceOf, requirementResults } from './requirement-results.ts';

const requirement = (id: string, level: Level = 'documented'): Requirement => ({ id, level, family: 'f', statement: `${id} MUST hold.`, source: 'the vendor' });

const exchange = (status: number): Exchange => ({
  credential: 'admin',
  request: { method: 'GET', path: `/resellers/${status}`, headers: {} },
  response: { status, headers: {}, body: '' },
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
  rateLimitedRetries: 0,
});

const finding = (id: string, ok: boolean, level: Level = 'documented', index = 0): Finding => ({
  requirement: id,
  level,
  ok,
  message: `${id} ${ok ? 'held' : 'broke'}`,
  exchange: index,
});

function caseResult(id: string, outcome: Outcome, findings: Finding[], extra: Partial<CaseResult> = {}): CaseResult {
  return {
    id,
    operationId: 'listResellers',
    group: 'resellers.list',
    kind: 'positive',
    title: id,
    credential: 'admin',
    requirements: [...new Set(findings.map((f) => f.requirement))],
    outcome,
    findings,
    exchanges: [exchange(200), exchange(404)],
    durationMs: 1,
    ...extra,
  };
}

function run(requirements: Requirement[], cases: CaseResult[], policy: { strict?: boolean; lenient?: boolean } = {}): RunRecord {
  return {
    runId: 'r1',
    seed: 1,
    date: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    suiteVersion: '0.1.0',
    spec: { version: '1.0.0', sha256: '0'.repeat(64) },
    target: { baseUrl: 'https://panel.example.test/api/v1', embedded: false },
    product: { name: null, version: null, vendor: null },
    strict: policy.strict ?? false,
    lenient: policy.lenient ?? false,
    profile: 'default',
    insecureTls: false,
    config: {},
    requests: { byCredential: {} },
    rateLimited429s: 0,
    transientRetries: 0,
    leftovers: [],
    requirements,
    cases,
  };
}

const resultsOf = (record: RunRecord) => Object.fromEntries(requirementResults(record).map((r) => [r.id, r]));

test('one result per requirement in catalogue order, the requirement as catalogued', () => {
  const results = requirementResults(run([requirement('B'), requirement('A', 'inferred')], []));
  expect(results.map((r) => r.id)).toEqual(['B', 'A']);
  expect(results[1]).toEqual({ ...requirement('A', 'inferred'), result: 'not-checked', evidence: [] });
});

test('failed beats warning beats passed, and the evidence is the findings behind the result', () => {
  const record = run(
    [requirement('DOC'), requirement('CONV', 'inferred'), requirement('OK')],
    [
      caseResult('c1', 'passed', [finding('DOC', true), finding('CONV', false, 'inferred', 1), finding('OK', true)]),
      caseResult('c2', 'failed', [finding('DOC', false, 'documented', 1), finding('CONV', true, 'inferred')]),
    ],
  );
  const results = resultsOf(record);
  expect(results.DOC).toMatchObject({ result: 'failed', evidence: [{ caseId: 'c2', message: 'DOC broke', exchange: 'GET /resellers/404 -> 404' }] });
  expect(results.CONV).toMatchObject({ result: 'warning', evidence: [{ caseId: 'c1', message: 'CONV broke', exchange: 'GET /resellers/404 -> 404' }] });
  expect(results.OK).toMatchObject({ result: 'passed', evidence: [{ caseId: 'c1', message: 'OK held', exchange: 'GET /resellers/200 -> 200' }] });
});

test('the policy of the run decides between failed and warning', () => {
  const cases = [caseResult('c1', 'failed', [finding('CONV', false, 'inferred'), finding('STD', false, 'standard')])];
  const catalogue = [requirement('CONV', 'inferred'), requirement('STD', 'standard')];
  const results = (policy: { strict?: boolean; lenient?: boolean }) => requirementResults(run(catalogue, cases, policy)).map((r) => r.result);
  expect(results({})).toEqual(['warning', 'failed']);
  expect(results({ strict: true })).toEqual(['failed', 'failed']);
  expect(results({ lenient: true })).toEqual(['warning', 'warning']);
});

test('skipped: no finding, and a case planned for it was skipped or disabled; the reasons are the evidence', () => {
  const results = resultsOf(
    run(
      [requirement('ROLE'), requirement('DEL')],
      [
        caseResult('s1', 'skipped', [], { requirements: ['ROLE'], reason: 'no reseller key' }),
        caseResult('e1', 'error', [], { requirements: ['ROLE'], reason: 'timeout' }),
        caseResult('d1', 'disabled', [], { requirements: ['DEL'] }),
      ],
    ),
  );
  expect(results.ROLE).toMatchObject({
    result: 'skipped',
    evidence: [
      { caseId: 's1', message: 'skipped: no reseller key', exchange: null },
      { caseId: 'e1', message: 'error: timeout', exchange: null },
    ],
  });
  expect(results.DEL).toMatchObject({ result: 'skipped', evidence: [{ caseId: 'd1', message: 'disabled: no reason given', exchange: null }] });
});

test('not-checked: its cases errored (their findings do not count), or none was planned for it', () => {
  const results = resultsOf(
    run([requirement('GET'), requirement('RL')], [caseResult('e1', 'error', [finding('GET', true), finding('GET', false)], { reason: 'suite timeout' })]),
  );
  expect(results.GET).toMatchObject({ result: 'not-checked', evidence: [{ caseId: 'e1', message: 'error: suite timeout', exchange: null }] });
  expect(results.RL).toMatchObject({ result: 'not-checked', evidence: [] });
});

test('findings of skipped and disabled cases do not count either', () => {
  const results = resultsOf(run([requirement('R')], [caseResult('s1', 'skipped', [finding('R', false)], { reason: 'why' })]));
  expect(results.R.result).toBe('skipped');
});

test('evidence is capped at three, the first cases first', () => {
  const cases = ['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => caseResult(id, 'failed', [finding('R', false)]));
  const [result] = requirementResults(run([requirement('R')], cases));
  expect(result.evidence.map((e) => e.caseId)).toEqual(['c1', 'c2', 'c3']);
  const unrun = ['s1', 's2', 's3', 's4'].map((id) => caseResult(id, 'skipped', [], { requirements: ['R'], reason: 'r' }));
  expect(requirementResults(run([requirement('R')], unrun))[0].evidence).toHaveLength(3);
});

test('a finding outside the catalogue is kept after it, with its own level, so a failure cannot drop out', () => {
  const results = requirementResults(
    run(
      [requirement('KNOWN')],
      [
        caseResult('c1', 'failed', [finding('KNOWN', true), finding('NEW-B', false, 'standard'), finding('NEW-A', true, 'inferred')]),
        caseResult('c2', 'failed', [finding('NEW-B', false, 'standard')]),
      ],
    ),
  );
  expect(results.map((r) => r.id)).toEqual(['KNOWN', 'NEW-B', 'NEW-A']);
  expect(results[1]).toMatchObject({
    id: 'NEW-B',
    level: 'standard',
    family: 'unknown',
    statement: 'Not in the requirement catalogue of this run.',
    source: 'unknown',
    result: 'failed',
  });
  expect(results[1].evidence.map((e) => e.caseId)).toEqual(['c1', 'c2']);
  expect(results[2]).toMatchObject({ level: 'inferred', result: 'passed' });
});

test('evidenceOf: the case, the message and the exchange the finding points at, or null', () => {
  const c = caseResult('c1', 'failed', []);
  expect(evidenceOf(c, finding('R', false, 'documented', 1))).toEqual({ caseId: 'c1', message: 'R broke', exchange: 'GET /resellers/404 -> 404' });
  expect(evidenceOf(c, { requirement: 'R', level: 'documented', ok: false, message: 'over the sequence' })).toEqual({
    caseId: 'c1',
    message: 'over the sequence',
    exchange: null,
  });
});
