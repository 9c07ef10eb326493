import { buildReport } from '../src/model/build-report.ts';
import { expect, test } from 'vitest';
import { renderConsoleSummary } from './console.ts';
import { runWithout, sampleRun, SECRET_FRAGMENT, strictSampleRun } from '../test/fixtures/reporters/sample-run.ts';

// eslint-disable-next-line no-control-regex -- an ANSI escape starts with ESC
const ANSI = /\u001b\[/;
const POST_CURL = `curl -sS -k -X POST 'https://panel.example.test:2083/api/v1/resellers/' -H "authorization: Bearer $WISPANEL_TOKEN" -H 'accept: application/json' -H 'content-type: application/json' --data-raw '{"username":"wcrun01a","email":"wcrun01a@example.test","password":"Pw-1234567890"}'`;
const DELETE_CURL = `curl -sS -k -X DELETE 'https://panel.example.test:2083/api/v1/resellers/wcrun01a' -H 'accept: application/json' -H "authorization: Bearer $WISPANEL_TOKEN"`;
const GET_CURL = `curl -sS -k -X GET 'https://panel.example.test:2083/api/v1/resellers/wcnone00' -H "authorization: Bearer $WISPANEL_TOKEN" -H 'accept: application/json'`;

test('plain summary: per-operation table, failed requirements, errors, warnings, not run, totals, levels, verdict', () => {
  const text = renderConsoleSummary(buildReport(sampleRun()), { color: false });
  expect(text).not.toMatch(ANSI);
  const lines = text.split('\n');
  expect(lines[0]).toMatch(/^operation\s+passed\s+failed\s+error\s+skipped\s+disabled$/);
  expect(lines).toContain('resellers.create        1        1        0        0        0');
  // After the table, each failed requirement first, then its example case
  // showing it (that requirement's failure only), with its curl command.
  const digest = lines.indexOf('Failed requirements (2)');
  expect(lines[digest - 1]).toBe('');
  expect(lines.slice(digest + 1, digest + 7)).toEqual([
    '  ✗ RES-CREATE-201 (documented) in 1 case: POST /resellers/ with username, email and password MUST answer 201.',
    '    ✗ [POST]::/resellers/ - admin creates a reseller [resellers.create/positive]',
    '      RES-CREATE-201: expected status 201, got 200',
    '        POST /resellers/ -> 200',
    `      ${POST_CURL}`,
    // A reproduced create says what it creates and how to remove it.
    `      # creates reseller wcrun01a once the panel accepts it; remove it with: ${DELETE_CURL}`,
  ]);
  expect(lines[digest + 7]).toMatch(/^ {2}✗ RL-RESET \(documented\) in 1 case: /);
  expect(text).not.toContain('Failures (');
  // The curl command of the exchange that showed the failure (or the error), whole, to copy.
  expect(text).toContain(['    suite timeout: no response within 10000 ms (sent with Bearer [redacted])', `    ${GET_CURL}`].join('\n'));
  expect(text).toContain(
    [
      '  ⚠ HTTP-JSON-CONTENT-TYPE (inferred) in 1 case',
      '    - resellers.create/validation-missing-email: expected Content-Type application/json, got text/plain  POST /resellers/ -> 400',
    ].join('\n'),
  );
  expect(text).toContain('levels: documented: failures; standard: failures; inferred: warnings');
  expect(text).toContain('  - skipped: the server refused to mint a reseller key (403 FORBIDDEN) (2 cases)');
  expect(text).toContain('  - disabled: --read-only: the suite sends GET requests only (1 case)');
  expect(text).toContain('8 cases: 3 passed, 1 failed, 1 error, 2 skipped, 1 disabled; 1 warning');
  expect(text).toContain('7 requests sent (retries included), per key: admin 5, reseller 1, no key 1 (credential none 1); 1 answered 429');
  expect(text).toContain('wall time 12.5 s, run id wc-20260101-7k3m, seed 424242 (replay with --seed 424242)');
  // The verdict with its scope: the sample's profile is not certify.
  expect(text.trimEnd().split('\n').at(-1)).toBe('Verdict: NOT CONFORMANT (full profile; 4 requirements not checked, run --profile certify)');
  expect(text).not.toContain(SECRET_FRAGMENT);
});

test('sections without content are left out; the verdict follows the outcomes', () => {
  const clean = renderConsoleSummary(buildReport(runWithout(['failed', 'error'])), { color: false });
  expect(clean).not.toContain('Failures');
  expect(clean).not.toContain('Suite errors');
  expect(clean.trimEnd().split('\n').at(-1)).toMatch(/^Verdict: CONFORMANT \(full profile; \d+ requirements not checked, run --profile certify\)$/);
  expect(renderConsoleSummary(buildReport(runWithout(['failed'])), { color: false })).toContain('Verdict: INCOMPLETE');
  expect(renderConsoleSummary(buildReport(strictSampleRun()), { color: false })).not.toContain('Warnings');
});

test('--verbose: the requirements without examples, then every failed case in full, as before', () => {
  const text = renderConsoleSummary(buildReport(sampleRun()), { color: false, verbose: true });
  const lines = text.split('\n');
  const digest = lines.indexOf('Failed requirements (2)');
  expect(lines.slice(digest + 1, digest + 4)).toEqual([
    expect.stringMatching(/^ {2}✗ RES-CREATE-201 \(documented\) in 1 case: /),
    expect.stringMatching(/^ {2}✗ RL-RESET \(documented\) in 1 case: /),
    '',
  ]);
  expect(text).toContain(
    [
      'Failures (1)',
      '  ✗ [POST]::/resellers/ - admin creates a reseller [resellers.create/positive]',
      '    RES-CREATE-201: expected status 201, got 200',
      '      POST /resellers/ -> 200',
      '    RL-RESET: expected X-RateLimit-Reset in the future, got 0',
      '      POST /resellers/ -> 200',
      `    ${POST_CURL}`,
    ].join('\n'),
  );
});

test('color adds ANSI styling without changing the words', () => {
  const colored = renderConsoleSummary(buildReport(sampleRun()), { color: true });
  expect(colored).toMatch(ANSI);
  // eslint-disable-next-line no-control-regex -- strips ANSI colour escapes
  expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(renderConsoleSummary(buildReport(sampleRun()), { color: false }));
  expect(colored).not.toContain(SECRET_FRAGMENT);
});
