// The README says what --help says: the same exit codes with the same
// meanings, the same levels, every option; and its CI examples are YAML that
// parses into the jobs they claim to be.
import { readFileSync } from 'node:fs';
import { expect, test, vi } from 'vitest';
import { parse } from 'yaml';
import { EXIT_MEANINGS } from '../src/cli/exit.ts';
import { main } from '../src/cli/main.ts';
import { OPTIONS } from '../src/config/options.ts';
import { captureConsole } from './helpers/console.ts';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The section under a heading, to the next heading of its level or above. */
function section(heading: string): string {
  const start = README.indexOf(`${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const level = heading.indexOf(' ');
  const rest = README.slice(start + heading.length + 1);
  const next = rest.search(new RegExp(`^#{1,${level}} `, 'm'));
  return next < 0 ? rest : rest.slice(0, next);
}

test('the exit codes: the codes --help lists, with its meanings of 0 and 1 word for word', () => {
  const rows = new Map([...section('## Exit codes').matchAll(/^\| (\d+) \| (.+) \|$/gm)].map((m) => [Number(m[1]), m[2].replace(/`/g, '')]));
  expect([...rows.keys()]).toEqual(EXIT_MEANINGS.map((e) => e.code));
  for (const { code, meaning } of EXIT_MEANINGS.filter((e) => e.code <= 1))
    expect(rows.get(code), `exit ${code}`).toMatch(new RegExp(`^${meaning.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
});

test('the levels: documented fails, standard fails unless --lenient, inferred warns unless --strict', () => {
  const levels = section('## What is checked');
  expect(levels).toMatch(/- \*\*documented\*\*: [^]*?a failure fails conformance/);
  expect(levels).toMatch(/- \*\*standard\*\*: [^]*?A failure fails the run[^]*?`--lenient`\s+makes it a warning/);
  expect(levels).toMatch(/- \*\*inferred\*\*: [^]*?A warning unless `--strict`/);
});

test('every option of the option table is in the README', () => {
  const missing = Object.values(OPTIONS)
    .filter((o) => !README.includes(`\`--${o.flag}`))
    .map((o) => o.flag);
  expect(missing).toEqual([]);
});

test('the CI examples: a GitHub workflow that runs, keeps the report folder whatever the outcome; a GitLab job with its JUnit report', () => {
  const yaml = [...section('### CI: GitHub Actions and GitLab CI').matchAll(/```yaml\n([^]*?)```/g)].map((m) => parse(m[1]) as Record<string, unknown>);
  expect(yaml).toHaveLength(2);
  const [github, gitlab] = yaml as [
    {
      on: unknown;
      jobs: Record<
        string,
        { 'runs-on': string; steps: { uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown> }[] }
      >;
    },
    Record<string, { image: string; script: string[]; artifacts: { when: string; paths: string[]; reports: { junit: string } } }>,
  ];
  const steps = Object.values(github.jobs)[0].steps;
  const run = steps.find((s) => s.run?.startsWith('npx wispanel-conformance'))!;
  expect(run.run).toContain('--report out/report');
  // The key only from a secret, never on the command line.
  expect(run.env?.WISPANEL_TOKEN).toBe('${{ secrets.WISPANEL_TOKEN }}');
  expect(run.run).not.toContain('--token');
  const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
  expect(upload).toMatchObject({ if: 'always()', with: { path: 'out/' } });
  const job = Object.values(gitlab)[0];
  expect(job.script.at(-1)).toBe('npx wispanel-conformance --junit out/junit.xml --report out/report');
  expect(job.artifacts).toEqual({ when: 'always', paths: ['out/'], reports: { junit: 'out/junit.xml' } });
});

test('the cases per kind, in all and in the default profile: what --list --json plans', async () => {
  const listing = async (env: NodeJS.ProcessEnv) => {
    const printed = captureConsole();
    try {
      expect(await main(['--list', '--json'], env)).toBe(0);
      return JSON.parse(printed.stdout) as { cases: { kind: string }[]; estimate: { cases: { runnable: number } } };
    } finally {
      vi.restoreAllMocks();
    }
  };
  const [certify, standard] = [await listing({ WISPANEL_PROFILE: 'certify' }), await listing({})];
  const kinds = new Map<string, number>();
  for (const c of certify.cases) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
  const said = /^Cases per kind \(certify profile\): ([^(]+) \((\d+) in all; the default profile\s+runs (\d+) of them/m.exec(
    README.replace(/\n/g, ' ').replace(/ {2,}/g, ' ').replace(/\. /g, '.\n'),
  );
  expect(said, 'the "Cases per kind" sentence').not.toBeNull();
  const perKind = new Map(
    said![1]
      .split(',')
      .map((part) => /^\s*(\S+) (\d+)\s*$/.exec(part)!)
      .map((m) => [m[1], Number(m[2])]),
  );
  expect(perKind).toEqual(kinds);
  expect(Number(said![2])).toBe(certify.cases.length);
  expect(Number(said![3])).toBe(standard.estimate.cases.runnable);
});
