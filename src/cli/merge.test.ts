// `merge` in process: shards' reports written by in-process runs joined into
// one report and one JUnit file, the verdict judged again; sets that are not
// every shard of one test once are refused with one line, exit 2, nothing
// written.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../reference/server.ts';
import { captureConsole } from '../../test/helpers/console.ts';
import type { FleetReport } from '../model/fleet.ts';
import type { CertificationReport } from '../model/report.ts';
import { main } from './main.ts';
import { mergeCommand } from './merge.ts';

const root = mkdtempSync(join(tmpdir(), 'wispanel-merge-'));
const WHOLE = 'merge shards 1/N to N/N of one run, each once, or one unsharded result alone';
const FAULTY = ['--rate-window-ms', '1000', '--seed', '4242', '--reference-fault', 'create-200'];

afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
});

/** Commands in process; their exit code(s) and what they printed. */
async function quietly<T extends number | number[]>(act: () => Promise<T>) {
  const printed = captureConsole();
  try {
    const code = await act();
    return { code, stdout: printed.stdout, stderr: printed.stderr, all: printed.all };
  } finally {
    vi.restoreAllMocks();
  }
}

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;
const outcomes = (r: CertificationReport) => Object.fromEntries(r.cases.map((c) => [c.id, c.outcome]));

/** Where each in-process run wrote its report. */
const at = (name: string) => join(root, name);

beforeAll(async () => {
  // One faulty panel: the whole run, and the same test in two shards.
  const runs = await quietly(() =>
    Promise.all([
      main([...FAULTY, '--report', at('whole')], {}),
      main([...FAULTY, '--shard', '1/2', '--report', at('shard-1')], {}),
      main([...FAULTY, '--shard', '2/2', '--report', at('shard-2')], {}),
    ]),
  );
  // The create's failure is a case of the chain: shard 1's.
  expect(runs.code, runs.all).toEqual([1, 1, 0]);
});

describe("one panel's shards", () => {
  test('merged: every case from the shard that ran it, the verdict and exit code of the whole run, one JUnit file', async () => {
    const out = at('merged');
    const r = await quietly(() =>
      mergeCommand(['--junit', join(out, 'junit.xml'), '--report', out, join(at('shard-2'), 'report.json'), join(at('shard-1'), 'report.json')]),
    );
    expect(r.code, r.all).toBe(1);
    const merged = readJson<CertificationReport>(join(out, 'report.json'));
    const whole = readJson<CertificationReport>(join(at('whole'), 'report.json'));
    const shards = [1, 2].map((k) => readJson<CertificationReport>(join(at(`shard-${k}`), 'report.json')));
    expect(merged.verdict).toBe('NOT CONFORMANT');
    expect(outcomes(merged)).toEqual(outcomes(whole));
    expect(merged.runId).toBe(`${shards[1].runId}+${shards[0].runId}`);
    expect(merged.requests.total).toBe(shards[0].requests.total + shards[1].requests.total);
    expect(r.stdout).toContain('Verdict: NOT CONFORMANT');
    expect(r.stdout).toContain(`merged 2 shards (runs ${merged.runId})`);
    expect(r.stdout.split('\n').slice(-2)).toEqual([
      `written: JUnit ${join(out, 'junit.xml')}`,
      `written: report ${out} (report.json, report.md, report.html)`,
    ]);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8').match(/<testcase /g)).toHaveLength(212);
  });

  test('one unsharded report alone is rendered again, with its own exit code', async () => {
    const r = await quietly(() => mergeCommand(['--report', at('again'), join(at('whole'), 'report.json')]));
    expect(r.code, r.all).toBe(1);
    expect(outcomes(readJson(join(at('again'), 'report.json')))).toEqual(outcomes(readJson(join(at('whole'), 'report.json'))));
  });

  test('a shard stopped before its end: the joined run is partial, exit 4 where it would be 0', async () => {
    // Shard 2 alone is conformant; as the only shard of an unsharded test it stands for a whole run.
    const shard2 = readJson<CertificationReport>(join(at('shard-2'), 'report.json'));
    const { shard: _shard, ...config } = shard2.config;
    const stopped = join(root, 'stopped.json');
    writeFileSync(stopped, JSON.stringify({ ...shard2, config, verdict: 'INCOMPLETE' }));
    const r = await quietly(() => mergeCommand(['--report', at('stopped'), stopped]));
    expect(r.code, r.all).toBe(4);
  });

  test('refused: one line, exit 2, nothing written', async () => {
    const one = join(at('shard-1'), 'report.json');
    const two = join(at('shard-2'), 'report.json');
    const copy = (name: string, change: (r: CertificationReport) => void) => {
      const r = readJson<CertificationReport>(two);
      change(r);
      writeFileSync(join(root, name), JSON.stringify(r));
      return join(root, name);
    };
    const seed = copy('seed.json', (r) => (r.seed = 7));
    const broken = join(root, 'broken.json');
    writeFileSync(broken, '{ "reportVersion": 1,');
    const invalid = copy('invalid.json', (r) => ((r as { verdict: string }).verdict = 'MAYBE'));
    const fleet = join(root, 'fleet.json');
    writeFileSync(fleet, JSON.stringify({ fleetVersion: 1, panels: [] }));
    const out = at('refused');
    const cases: Array<[string[], string | RegExp]> = [
      [['--report', out, one], `merge: no file is shard 2/2 (given: ${one} 1/2): ${WHOLE}`],
      [['--report', out, one, one], `merge: ${one} is given twice: ${WHOLE}`],
      [['--report', out, one, seed], `merge: ${seed} has seed 7, ${one} 4242: only shards of one test (suite, spec and --seed) can be merged`],
      [['--report', out, one, fleet], `merge: ${fleet} is a fleet.json, ${one} a report.json: merge the shards of one panel or of one fleet`],
      [['--report', out, one, broken], new RegExp(`^merge: ${broken} is not JSON: `)],
      [['--report', out, one, invalid], new RegExp(`^merge: shard ${invalid} is not a valid report\\.json: /verdict `)],
      [['--report', out, one, join(root, 'missing.json')], `merge: cannot read ${join(root, 'missing.json')} (ENOENT)`],
      [[one, two], 'merge: give --junit FILE, --report DIR or both: where the joined results go'],
      [
        ['--report', out],
        "merge: name the shards' report.json or fleet.json files (usage: wispanel-conformance merge [--junit FILE] [--report DIR] [--junit-omit-disabled] [--format NAME] [--verbose] FILE...)",
      ],
      [['--report'], 'merge: --report needs a value: DIR'],
      [
        ['--html', 'x', one],
        'merge: unknown flag --html (usage: wispanel-conformance merge [--junit FILE] [--report DIR] [--junit-omit-disabled] [--format NAME] [--verbose] FILE...)',
      ],
    ];
    for (const [argv, line] of cases) {
      const r = await quietly(() => mergeCommand(argv));
      expect([r.code, r.stdout], argv.join(' ')).toEqual([2, '']);
      expect(r.stderr.split('\n'), argv.join(' ')).toHaveLength(1);
      const said = r.stderr.replace(/^wispanel-conformance: /, '');
      if (typeof line === 'string') expect(said).toBe(line);
      else expect(said).toMatch(line);
    }
    expect(existsSync(out)).toBe(false);
  });
});

describe("a fleet's shards", () => {
  let servers: ReferenceServer[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  test("merged: every panel once, in the targets file's order; the fleet's exit code", async () => {
    servers = await Promise.all([
      startReferenceServer({ windowMs: 1000 }),
      startReferenceServer({ windowMs: 1000, fault: 'create-200' }),
      startReferenceServer({ windowMs: 1000 }),
    ]);
    const names = ['a', 'b', 'c'];
    const file = join(root, 'panels.yaml');
    const env: NodeJS.ProcessEnv = {};
    const lines = ['defaults:', '  rate-window-ms: 1000', '  operation: [createReseller]', 'targets:'];
    servers.forEach((s, i) => {
      env[`${names[i].toUpperCase()}_TOKEN`] = s.adminToken;
      lines.push(`  - name: ${names[i]}`, `    base-url: ${s.baseUrl}`, `    token: \${${names[i].toUpperCase()}_TOKEN}`);
    });
    writeFileSync(file, `${lines.join('\n')}\n`);
    const shards = await quietly(() =>
      Promise.all([1, 2].map((k) => main(['--targets', file, '--seed', '4242', '--shard', `${k}/2`, '--report', at(`fleet-${k}`)], env))),
    );
    // Shard 1 holds a and c (conformant), shard 2 holds b (faulty).
    expect(shards.code, shards.all).toEqual([0, 1]);

    const out = at('fleet-merged');
    const r = await quietly(() => mergeCommand(['--report', out, join(at('fleet-2'), 'fleet.json'), join(at('fleet-1'), 'fleet.json')]));
    expect(r.code, r.all).toBe(1);
    const fleet = readJson<FleetReport>(join(out, 'fleet.json'));
    expect(fleet.panels.map((p) => [p.name, p.verdict])).toEqual([
      ['a', 'CONFORMANT'],
      ['b', 'NOT CONFORMANT'],
      ['c', 'CONFORMANT'],
    ]);
    expect(r.stdout).toContain('Fleet: NOT CONFORMANT: 2 of 3 panels conformant, 1 not conformant; merged 2 shards');
    expect(readJson<CertificationReport>(join(out, 'b', 'report.json')).verdict).toBe('NOT CONFORMANT');

    const alone = await quietly(() => mergeCommand(['--report', at('fleet-refused'), join(at('fleet-1'), 'fleet.json')]));
    expect([alone.code, alone.stderr]).toEqual([
      2,
      `wispanel-conformance: merge: no file is shard 2/2 (given: ${join(at('fleet-1'), 'fleet.json')} 1/2): ${WHOLE}`,
    ]);
  });
});
