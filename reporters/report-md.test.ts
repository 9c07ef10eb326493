import { expect, test } from 'vitest';
import { buildReport } from '../src/model/build-report.ts';
import { code, renderMarkdown, table, text } from './report-md.ts';
import { runWithout, sampleRun, SECRET_FRAGMENT } from '../test/fixtures/reporters/sample-run.ts';

test('Markdown report: header, requirement table, coverage, failed and errored cases, warnings, not run', () => {
  const md = renderMarkdown(buildReport(sampleRun()));
  expect(md).toMatch(/^# WisPanel API conformance report: NOT CONFORMANT\n/);
  for (const fact of [
    '| Product | WisPanel 2.4.1 |',
    '| Vendor | Wis Hosting \\<Ltd\\> & Co |',
    '| Target | https://panel.example.test:2083/api/v1 |',
    '| Seed | 424242 (replay with --seed 424242) |',
    '| Run ID | wc-20260101-7k3m |',
    '| Levels | documented: failures; standard: failures; inferred: warnings |',
    '| TLS verification | OFF (--insecure): the server certificate was not verified |',
    '| Duration | 12.5 s |',
  ]) {
    expect(md).toContain(fact);
  }
  expect(md).toContain('| Verdict | **NOT CONFORMANT (full profile; 4 requirements not checked, run --profile certify)** |');
  expect(md).toContain('| `RES-CREATE-201` | documented |');
  expect(md).toContain('| **failed** | `resellers.create/positive`: expected status 201, got 200 (`POST /resellers/ -> 200`) |');
  expect(md).toContain('| `createReseller` | `resellers.create` | 1 | 1 | 0 | 0 | 0 |');
  expect(md).toContain('## Failed cases (1)');
  expect(md).toContain('## Suite errors (1)');
  expect(md).toContain('! timeout: no response within 10000 ms');
  // Under the exchange that showed the failure, and the error's: its curl command.
  expect(md).toContain(
    '```\n\nReproduce:\n\n```sh\ncurl -sS -k -X POST \'https://panel.example.test:2083/api/v1/resellers/\' -H "authorization: Bearer $WISPANEL_TOKEN"',
  );
  expect(md).toContain("```sh\ncurl -sS -k -X GET 'https://panel.example.test:2083/api/v1/resellers/wcnone00'");
  // The create's: what it creates, and the DELETE that removes it.
  expect(md).toContain(
    "```\n\nCreates reseller wcrun01a once the panel accepts it; remove it with:\n\n```sh\ncurl -sS -k -X DELETE 'https://panel.example.test:2083/api/v1/resellers/wcrun01a' -H 'accept: application/json' -H \"authorization: Bearer $WISPANEL_TOKEN\"\n```",
  );
  expect(md.match(/```sh\n/g)).toHaveLength(3);
  expect(md).toContain('## Warnings (1)');
  expect(md).toContain('- skipped: the server refused to mint a reseller key (403 FORBIDDEN) (2 cases)');
  expect(md).not.toContain(SECRET_FRAGMENT);
});

test('Markdown leads with what failed: failed requirements linking to their cases, then the cases, then the rest', () => {
  const report = buildReport(sampleRun());
  const md = renderMarkdown(report);
  const order = (text: string, headings: string[]) => headings.map((heading) => text.indexOf(heading));
  const mdOrder = order(md, [
    '## Failed requirements (2)',
    '## Failed cases (1)',
    '## Suite errors (1)',
    '## Warnings',
    '## Requirements',
    '## Coverage per operation',
    '## Not run',
  ]);
  expect(
    mdOrder.every((at, i) => at > 0 && (i === 0 || at > mdOrder[i - 1])),
    String(mdOrder),
  ).toBe(true);
  // Right after the header: its facts and counts come before, nothing else.
  expect(md.slice(0, mdOrder[0])).not.toMatch(/^## /m);
  expect(md).toContain(
    '- **`RES-CREATE-201`** (documented): POST /resellers/ with username, email and password MUST answer 201. Failing: [`resellers.create/positive`](#case-resellers.create-positive)',
  );
  expect(md).toContain('<a id="case-resellers.create-positive"></a>\n\n### \\[POST\\]::/resellers/ - admin creates a reseller');

  // A run without failures has no such section.
  const clean = buildReport(runWithout(['failed', 'error']));
  expect(renderMarkdown(clean)).not.toContain('Failed requirements');
});

test('Markdown: server text cannot break out of its cell or fence', () => {
  const run = sampleRun();
  run.cases[2].findings[0].message = 'expected 201 | got <b>200</b>';
  run.cases[2].exchanges[0].response!.body = 'a ``` fence and ```` a longer one';
  const md = renderMarkdown(buildReport(run));
  expect(md).toContain('expected 201 \\| got \\<b\\>200\\</b\\>');
  expect(md).toContain('`````text\n');
});

test('table, text and code: the pieces every Markdown output is built of', () => {
  expect(
    table(
      ['ID', 'Result'],
      [
        ['`A`', 'pass'],
        ['`B`', 'FAIL'],
      ],
    ),
  ).toBe('| ID | Result |\n| --- | --- |\n| `A` | pass |\n| `B` | FAIL |');
  expect(text('a *b* _c_ `d` [e](f) <g> | h ~i~ \\ j\nk')).toBe('a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<g\\> \\| h \\~i\\~ \\\\ j k');
  expect(code('resellers.create/positive')).toBe('`resellers.create/positive`');
  // A backtick or a pipe cannot stand in inline code: escaped text instead.
  expect(code('a`b')).toBe('a\\`b');
  expect(code('a|b')).toBe('a\\|b');
  const key = `wsp_${'3f9a0c7e12b4'.repeat(4)}`;
  expect(text(`Bearer ${key}`)).toBe('Bearer \\[redacted\\]');
  expect(code(`Bearer ${key}`)).toBe('`Bearer [redacted]`');
});
