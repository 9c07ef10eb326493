// Shards joined in process: one panel's cases, each from the shard that ran
// it, or a fleet's panels back in the file's order; only every shard of one
// test, each once.
import { describe, expect, test } from 'vitest';
import { buildReport } from '../model/build-report.ts';
import type { FleetPanel, FleetReport } from '../model/fleet.ts';
import type { Outcome } from '../model/outcome.ts';
import type { CaseResult, RunRecord } from '../model/record.ts';
import type { CertificationReport } from '../model/report.ts';
import { checkSameTest, mergeShardFleets, mergeShardRuns, type ShardRun } from './shards.ts';

const WHOLE = 'merge shards 1/N to N/N of one run, each once, or one unsharded result alone';

const kase = (id: string, kind: CaseResult['kind'], outcome: Outcome, reason?: string): CaseResult => ({
  id,
  operationId: id.split('.')[0],
  group: 'auth.me',
  kind,
  title: id,
  credential: 'admin',
  requirements: ['R-1'],
  outcome,
  ...(reason === undefined ? {} : { reason }),
  findings: outcome === 'failed' ? [{ requirement: 'R-1', level: 'documented', ok: false, message: 'expected 401, got 200' }] : [],
  exchanges: [],
  durationMs: 5,
});

/** A shard's report: `shard` is its --shard, undefined for an unsharded run. */
function report(runId: string, shard: string | undefined, cases: CaseResult[], over: Partial<RunRecord> = {}): CertificationReport {
  return buildReport({
    runId,
    seed: 4242,
    date: '2025-01-01T10:00:00.000Z',
    durationMs: 1000,
    suiteVersion: '0.1.0',
    spec: { version: '1.0.0', sha256: 'a'.repeat(64) },
    target: { baseUrl: 'https://panel.example/api/v1', embedded: false },
    product: { name: null, version: null, vendor: null },
    strict: false,
    lenient: false,
    profile: 'default',
    insecureTls: false,
    config: { seed: 4242, ...(shard === undefined ? {} : { shard }) },
    requests: { byCredential: { admin: 3 } },
    rateLimited429s: 0,
    transientRetries: 0,
    leftovers: [],
    requirements: [{ id: 'R-1', level: 'documented', family: 'auth', statement: 'refuses a missing key', source: 'spec' }],
    cases,
    ...over,
  });
}

/** Shard 1 ran the chain and one independent case, shard 2 the other. */
const first = () =>
  report(
    'aaa111',
    '1/2',
    [kase('a.auth.missing', 'auth', 'passed'), kase('b.auth.missing', 'auth', 'disabled', 'in shard 2/2'), kase('c.positive.ok', 'positive', 'passed')],
    {
      date: '2025-01-01T10:00:05.000Z',
      durationMs: 3000,
      requests: { byCredential: { admin: 5, none: 1 } },
      rateLimited429s: 1,
    },
  );
const second = () =>
  report(
    'bbb222',
    '2/2',
    [
      kase('a.auth.missing', 'auth', 'disabled', 'in shard 1/2'),
      kase('b.auth.missing', 'auth', 'failed'),
      kase('c.positive.ok', 'positive', 'disabled', 'in shard 1/2'),
    ],
    {
      durationMs: 1000,
      requests: { byCredential: { none: 2, reseller: 1 } },
      transientRetries: 2,
      leftovers: ['wcbbb222x'],
    },
  );

const runs = (...reports: Array<[string, CertificationReport]>): ShardRun[] => reports.map(([file, r]) => ({ file, report: r }));
const refusal = (act: () => unknown) => {
  try {
    act();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('mergeShardRuns', () => {
  test("each case from the shard that ran it, in the first shard's order; requests and 429s summed, the longest wall time, the earliest start", () => {
    const merged = mergeShardRuns(runs(['s2.json', second()], ['s1.json', first()]));
    expect(merged.cases.map((c) => [c.id, c.outcome])).toEqual([
      ['a.auth.missing', 'passed'],
      ['b.auth.missing', 'failed'],
      ['c.positive.ok', 'passed'],
    ]);
    expect(merged).toMatchObject({
      runId: 'bbb222+aaa111',
      date: '2025-01-01T10:00:00.000Z',
      durationMs: 3000,
      requests: { byCredential: { admin: 5, none: 3, reseller: 1 } },
      rateLimited429s: 1,
      transientRetries: 2,
      leftovers: ['wcbbb222x'],
      incomplete: false,
    });
    // The joined run is not a shard: its configuration says so.
    expect(merged.config).toEqual({ seed: 4242 });
    expect(buildReport(merged).verdict).toBe('NOT CONFORMANT');
  });

  test('a shard stopped before its end makes the joined run incomplete', () => {
    const stopped = report('aaa111', '1/2', first().cases, { incomplete: true });
    expect(stopped.verdict).toBe('INCOMPLETE');
    expect(mergeShardRuns(runs(['s1.json', stopped], ['s2.json', second()])).incomplete).toBe(true);
  });

  test('a shard whose panel stayed unavailable makes the joined run INCOMPLETE, with its reason', () => {
    const why = 'the panel stayed unavailable for 30.2 s, past its budget of 30.0 s (--unavailable-budget); last answer: 503 text/html';
    expect(mergeShardRuns(runs(['s1.json', first()], ['s2.json', second()])).unavailable).toBeNull();
    const merged = mergeShardRuns(runs(['s1.json', first()], ['s2.json', report('bbb222', '2/2', second().cases, { unavailable: why })]));
    expect(merged.unavailable).toBe(why);
    expect(buildReport(merged).verdict).toBe('INCOMPLETE');
  });

  test('one unsharded report alone is judged again as it is', () => {
    const whole = report('ccc333', undefined, [kase('a.auth.missing', 'auth', 'passed')]);
    const merged = mergeShardRuns(runs(['whole.json', whole]));
    expect(merged.runId).toBe('ccc333');
    expect(buildReport(merged).verdict).toBe('CONFORMANT');
  });

  test('refuses results of another test: suite version, spec or seed', () => {
    expect(refusal(() => mergeShardRuns(runs(['s1.json', first()], ['s2.json', report('bbb222', '2/2', [], { seed: 7 })])))).toBe(
      'merge: s2.json has seed 7, s1.json 4242: only shards of one test (suite, spec and --seed) can be merged',
    );
    expect(refusal(() => mergeShardRuns(runs(['s1.json', first()], ['s2.json', report('bbb222', '2/2', [], { suiteVersion: '9.9.9' })])))).toBe(
      'merge: s2.json has suite version 9.9.9, s1.json 0.1.0: only shards of one test (suite, spec and --seed) can be merged',
    );
    expect(
      refusal(() =>
        mergeShardRuns(runs(['s1.json', first()], ['s2.json', report('bbb222', '2/2', [], { spec: { version: '1.0.0', sha256: 'b'.repeat(64) } })])),
      ),
    ).toMatch(/^merge: s2\.json has spec sha256 b{64}, s1\.json a{64}: /);
  });

  test('refuses sets that are not every shard of one run once', () => {
    const merge = (...reports: Array<[string, CertificationReport]>) => refusal(() => mergeShardRuns(runs(...reports)));
    expect(merge(['s1.json', first()])).toBe(`merge: no file is shard 2/2 (given: s1.json 1/2): ${WHOLE}`);
    expect(merge(['s1.json', first()], ['./s1.json', first()])).toBe(`merge: ./s1.json is given twice: ${WHOLE}`);
    expect(merge(['s1.json', first()], ['other.json', first()])).toBe(`merge: s1.json is shard 1/2, other.json shard 1/2: ${WHOLE}`);
    expect(merge(['s1.json', first()], ['whole.json', report('ccc333', undefined, [])])).toBe(`merge: whole.json is unsharded, s1.json shard 1/2: ${WHOLE}`);
    expect(merge(['s1.json', first()], ['thirds.json', report('ddd444', '2/3', [])])).toBe(`merge: s1.json is shard 1/2, thirds.json shard 2/3: ${WHOLE}`);
    expect(merge(['odd.json', report('eee555', 'two', [])], ['s2.json', second()])).toBe('merge: odd.json has shard two, not I/N (1 <= I <= N <= 64)');
  });
});

describe('checkSameTest', () => {
  test('passes results of one test, whatever else differs', () => {
    expect(() =>
      checkSameTest([
        { file: 'a', suiteVersion: '1', specSha256: 'x', seed: 1 },
        { file: 'b', suiteVersion: '1', specSha256: 'x', seed: 1 },
      ]),
    ).not.toThrow();
  });
});

describe('mergeShardFleets', () => {
  const panel = (name: string, verdictCase: Outcome): FleetPanel => ({
    name,
    report: report(`run${name}01`.slice(0, 6), undefined, [kase('a.auth.missing', 'auth', verdictCase)]),
    code: verdictCase === 'failed' ? 1 : 0,
  });
  const fleet = (shard: string | null, over: Partial<FleetReport> = {}): FleetReport => ({
    fleetVersion: 1,
    verdict: 'CONFORMANT',
    suiteVersion: '0.1.0',
    spec: { version: '1.0.0', sha256: 'a'.repeat(64) },
    seed: 4242,
    date: '2025-01-01T10:00:00.000Z',
    durationMs: 1000,
    shard,
    requirements: [],
    panels: [],
    ...over,
  });

  test("every panel once, back in the targets file's order: shard k of N held panels k-1, k-1+N, ...", () => {
    const first = { file: 'shard-1/fleet.json', fleet: fleet('1/2'), panels: [panel('a', 'passed'), panel('c', 'passed'), panel('e', 'passed')] };
    const second = { file: 'shard-2/fleet.json', fleet: fleet('2/2'), panels: [panel('b', 'failed'), panel('d', 'passed')] };
    for (const shards of [
      [first, second],
      [second, first],
    ]) {
      expect(mergeShardFleets(shards).map((p) => [p.name, p.code])).toEqual([
        ['a', 0],
        ['b', 1],
        ['c', 0],
        ['d', 0],
        ['e', 0],
      ]);
    }
  });

  test('refuses a panel in two shards, shards of another test, and sets that are not every shard once', () => {
    expect(
      refusal(() =>
        mergeShardFleets([
          { file: 'one.json', fleet: fleet('1/2'), panels: [panel('a', 'passed')] },
          { file: 'two.json', fleet: fleet('2/2'), panels: [panel('a', 'passed')] },
        ]),
      ),
    ).toBe("merge: panel a is in one.json and in two.json: give each shard's fleet.json once");
    expect(
      refusal(() =>
        mergeShardFleets([
          { file: 'one.json', fleet: fleet('1/2'), panels: [] },
          { file: 'two.json', fleet: fleet('2/2', { seed: 1 }), panels: [] },
        ]),
      ),
    ).toBe('merge: two.json has seed 1, one.json 4242: only shards of one test (suite, spec and --seed) can be merged');
    expect(refusal(() => mergeShardFleets([{ file: 'one.json', fleet: fleet('1/3'), panels: [] }]))).toBe(
      `merge: no file is shard 2/3, 3/3 (given: one.json 1/3): ${WHOLE}`,
    );
    expect(
      refusal(() =>
        mergeShardFleets([
          { file: 'one.json', fleet: fleet(null), panels: [] },
          { file: 'two.json', fleet: fleet('2/2'), panels: [] },
        ]),
      ),
    ).toBe(`merge: one.json is unsharded, two.json shard 2/2: ${WHOLE}`);
  });

  test('one unsharded fleet alone keeps its order', () => {
    expect(mergeShardFleets([{ file: 'f.json', fleet: fleet(null), panels: [panel('z', 'passed'), panel('y', 'failed')] }]).map((p) => p.name)).toEqual([
      'z',
      'y',
    ]);
  });
});
