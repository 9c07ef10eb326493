import { expect, test } from 'vitest';
import { buildReport } from '../src/model/build-report.ts';
import type { CertificationReport } from '../src/model/report.ts';
import { KNOWN_TOKEN, runWithout, sampleReport, SECRET_FRAGMENT } from '../test/fixtures/reporters/sample-run.ts';
import { sampleFleet, samplePanels, UNREACHABLE_REASON } from '../test/fixtures/reporters/sample-fleet.ts';
import {
  annotationCommands,
  escapeData,
  escapeProperty,
  fleetAnnotations,
  fleetJobSummary,
  jobSummary,
  requirementAnnotations,
  workflowCommand,
  type Annotation,
} from './github.ts';

test('escaping as the workflow-command syntax wants it: % CR LF in the message, and : , too in a property', () => {
  expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
  expect(escapeProperty('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext%3A a%2C b');
  // % first, so that an escape is never escaped again.
  expect(escapeData('%0A')).toBe('%250A');
  expect(workflowCommand({ level: 'error', title: 'eu-1: RES-CREATE-201 (documented, known)', message: 'expected 201,\ngot 200: 50%' })).toBe(
    '::error title=eu-1%3A RES-CREATE-201 (documented%2C known)::expected 201,%0Agot 200: 50%25',
  );
  expect(workflowCommand({ level: 'warning', title: `key ${KNOWN_TOKEN}`, message: `Bearer ${KNOWN_TOKEN}` })).not.toContain(SECRET_FRAGMENT);
});

test('one ::error per failed requirement (its ID and level; what was expected, what came back, the first case), one ::warning per warned one', () => {
  const report = sampleReport();
  expect(requirementAnnotations(report)).toEqual([
    {
      level: 'error',
      title: 'RES-CREATE-201 (documented)',
      message: 'expected status 201, got 200 (POST /resellers/ -> 200); case resellers.create/positive: [POST]::/resellers/ - admin creates a reseller',
    },
    {
      level: 'error',
      title: 'RL-RESET (documented)',
      message:
        'expected X-RateLimit-Reset in the future, got 0 (POST /resellers/ -> 200); case resellers.create/positive: [POST]::/resellers/ - admin creates a reseller',
    },
    {
      level: 'warning',
      title: 'HTTP-JSON-CONTENT-TYPE (inferred)',
      message: 'expected Content-Type application/json, got text/plain (POST /resellers/ -> 400); case resellers.create/validation-missing-email',
    },
  ]);
  // A fleet's panel is named; a failure the regression gate knows is a warning.
  const [created] = requirementAnnotations(report, { panel: 'eu-1', known: new Set(['RES-CREATE-201']) });
  expect(created).toEqual({
    level: 'warning',
    title: 'eu-1: RES-CREATE-201 (documented, known)',
    message: expect.stringMatching(/^known failure \(regression gate\): expected status 201, got 200 /),
  });
  expect(annotationCommands(requirementAnnotations(report)).join('\n')).not.toContain(SECRET_FRAGMENT);
});

test('at most 20 annotations of each level, then one line that says how many more', () => {
  const many = (level: Annotation['level'], n: number) =>
    Array.from({ length: n }, (_, i): Annotation => ({ level, title: `REQ-${i} (documented)`, message: 'expected x, got y' }));
  const commands = annotationCommands([...many('error', 23), ...many('warning', 2)]);
  expect(commands).toHaveLength(20 + 1 + 2);
  expect(commands[19]).toBe('::error title=REQ-19 (documented)::expected x, got y');
  expect(commands[20]).toBe('::error title=3 more failed requirements::3 failed requirements not annotated here: see the job summary and report.md');
  expect(commands.slice(21).every((c) => c.startsWith('::warning '))).toBe(true);
  expect(annotationCommands(many('error', 20))).toHaveLength(20);
});

test('the job summary: verdict, panel, seed, where the reports are, each failed requirement with its cases', () => {
  const summary = jobSummary(sampleReport(), {
    written: ['JUnit out/junit.xml', 'report out/report (report.json, report.md, report.html)'],
    gate: ['regressions (fail the run): RL-RESET'],
  });
  expect(summary).toMatch(/^## WisPanel API conformance report: NOT CONFORMANT\n\n\*\*NOT CONFORMANT \(full profile; /);
  expect(summary).toContain('| Target | https://panel.example.test:2083/api/v1 |');
  expect(summary).toContain('| Seed | 424242 (replay with --seed 424242) |');
  expect(summary).toContain('| Reports | JUnit out/junit.xml; report out/report (report.json, report.md, report.html) |');
  expect(summary).toContain(
    [
      '### Failed requirements (2)',
      '',
      '| Requirement | Level | Cases | First case |',
      '| --- | --- | --- | --- |',
      '| `RES-CREATE-201` | documented | 1 | `resellers.create/positive` |',
    ].join('\n'),
  );
  expect(summary).toContain('| `HTTP-JSON-CONTENT-TYPE` | inferred | 1 | `resellers.create/validation-missing-email` |');
  expect(summary).toContain('### Regression gate\n\n- regressions (fail the run): RL-RESET');
  expect(summary).not.toContain(SECRET_FRAGMENT);
});

test('a passing run: a summary that says so, and no ::error', () => {
  const clean: CertificationReport = buildReport(runWithout(['failed', 'error']));
  expect(annotationCommands(requirementAnnotations(clean)).filter((c) => c.startsWith('::error'))).toEqual([]);
  const summary = jobSummary(clean, { written: [] });
  expect(summary).toMatch(/^## WisPanel API conformance report: CONFORMANT\n/);
  expect(summary).toContain('| Reports | none written (--junit FILE, --report DIR) |');
  expect(summary).not.toContain('### Failed requirements');
});

test('a fleet: every annotation names its panel, a panel not tested is one error with the reason; the summary has a row per panel', () => {
  const annotations = fleetAnnotations(samplePanels());
  expect(annotations.map((a) => a.title)).toEqual([
    'eu-1: RES-CREATE-201 (documented)',
    'eu-1: RL-RESET (documented)',
    'eu-1: HTTP-JSON-CONTENT-TYPE (inferred)',
    'eu-2: HTTP-JSON-CONTENT-TYPE (inferred)',
    'us-1: not tested',
  ]);
  expect(annotations.at(-1)).toEqual({ level: 'error', title: 'us-1: not tested', message: UNREACHABLE_REASON });
  const summary = fleetJobSummary(sampleFleet(), samplePanels(), { written: ['report out/report (fleet.json, index.md, index.html)'] });
  expect(summary).toMatch(/^## WisPanel API conformance of a fleet: NOT CONFORMANT\n/);
  expect(summary).toContain('| eu-1 | `https://panel.example.test:2083/api/v1` | **NOT CONFORMANT** | `RES-CREATE-201` (1), `RL-RESET` (1) |');
  expect(summary).toContain('| eu-2 | `https://eu-2.example.test/api/v1` | CONFORMANT | - |');
  expect(summary).toContain(`| us-1 | \`https://us-1.example.test/api/v1\` | **UNREACHABLE** | ${UNREACHABLE_REASON} |`);
  expect(summary).toContain('| Reports | report out/report (fleet.json, index.md, index.html) |');
});
