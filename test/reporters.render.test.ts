import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, onTestFinished, test } from 'vitest';
import { renderHtml } from '../reporters/report-html.ts';
import { buildReport } from '../src/model/build-report.ts';
import { renderMarkdown } from '../reporters/report-md.ts';
import { reportSchemaError } from '../src/model/report-file.ts';
import { writeReportDir } from '../reporters/write-reports.ts';
import { runWithout, sampleRun, SECRET_FRAGMENT } from './fixtures/reporters/sample-run.ts';
import { requireProgram } from './helpers/system-tools.ts';

/** A fresh directory, removed after the test (Chromium profiles are large). */
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'reports-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('writeReportDir writes report.json, report.md and report.html into a new directory', async () => {
  const dir = path.join(tempDir(), 'out', 'run-1');
  const files = await writeReportDir(dir, buildReport(sampleRun()));
  expect(files).toEqual(['report.json', 'report.md', 'report.html'].map((name) => path.join(dir, name)));
  const json = JSON.parse(readFileSync(files[0]!, 'utf8'));
  expect(reportSchemaError(json)).toBeUndefined();
  for (const file of files) expect(readFileSync(file, 'utf8')).not.toContain(SECRET_FRAGMENT);
});

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
  expect(md).toContain("```\n\nReproduce:\n\n```sh\ncurl -sS -k -X POST 'https://panel.example.test:2083/api/v1/resellers/' -H \"authorization: Bearer $WISPANEL_TOKEN\"");
  expect(md).toContain("```sh\ncurl -sS -k -X GET 'https://panel.example.test:2083/api/v1/resellers/wcnone00'");
  expect(md.match(/```sh\n/g)).toHaveLength(2);
  expect(md).toContain('## Warnings (1)');
  expect(md).toContain('- skipped: the server refused to mint a reseller key (403 FORBIDDEN) (2 cases)');
  expect(md).not.toContain(SECRET_FRAGMENT);
});

test('Markdown and HTML lead with what failed: failed requirements linking to their cases, then the cases, then the rest', () => {
  const report = buildReport(sampleRun());
  const md = renderMarkdown(report);
  const order = (text: string, headings: string[]) => headings.map((heading) => text.indexOf(heading));
  const mdOrder = order(md, ['## Failed requirements (2)', '## Failed cases (1)', '## Suite errors (1)', '## Warnings', '## Requirements', '## Coverage per operation', '## Not run']);
  expect(mdOrder.every((at, i) => at > 0 && (i === 0 || at > mdOrder[i - 1]!)), String(mdOrder)).toBe(true);
  // Right after the header: its facts and counts come before, nothing else.
  expect(md.slice(0, mdOrder[0])).not.toMatch(/^## /m);
  expect(md).toContain(
    '- **`RES-CREATE-201`** (documented): POST /resellers/ with username, email and password MUST answer 201. Failing: [`resellers.create/positive`](#case-resellers.create-positive)',
  );
  expect(md).toContain('<a id="case-resellers.create-positive"></a>\n\n### \\[POST\\]::/resellers/ - admin creates a reseller');

  const html = renderHtml(report);
  const htmlOrder = order(html, ['<h2>Failed requirements (2)</h2>', '<h2>Failed cases (1)</h2>', '<h2>Suite errors (1)</h2>', '<h2>Warnings', '<h2>Requirements</h2>', '<h2>Coverage per operation</h2>', '<h2>Not run</h2>']);
  expect(htmlOrder.every((at, i) => at > 0 && (i === 0 || at > htmlOrder[i - 1]!)), String(htmlOrder)).toBe(true);
  expect(html).toContain('<p class="verdict not-conformant" id="verdict">NOT CONFORMANT</p>\n<p class="scope">(full profile; 4 requirements not checked, run --profile certify)</p>');
  expect(html).toContain('<a href="#case-resellers.create-positive"><code>resellers.create/positive</code></a>');
  expect(html).toContain('<section class="case failed" id="case-resellers.create-positive">');
  // Every link lands on a block of the page.
  for (const [, target] of html.matchAll(/href="#([^"]+)"/g)) expect(html).toContain(`id="${target}"`);
  // Nothing folded, on screen or on paper.
  expect(html).not.toMatch(/<details(?! open)/);
  expect(html).toMatch(/@media print \{[^}]*max-width: none/);

  // A run without failures has no such section.
  const clean = buildReport(runWithout(['failed', 'error']));
  expect(renderMarkdown(clean)).not.toContain('Failed requirements');
  expect(renderHtml(clean)).not.toContain('Failed requirements');
});

test('Markdown: server text cannot break out of its cell or fence', () => {
  const run = sampleRun();
  run.cases[2]!.findings[0]!.message = 'expected 201 | got <b>200</b>';
  run.cases[2]!.exchanges[0]!.response!.body = 'a ``` fence and ```` a longer one';
  const md = renderMarkdown(buildReport(run));
  expect(md).toContain('expected 201 \\| got \\<b\\>200\\</b\\>');
  expect(md).toContain('`````text\n');
});

test('HTML report: self-contained, everything escaped, each exchange in an open <details>', () => {
  const run = sampleRun();
  run.cases[2]!.exchanges[0]!.response!.body = '<script>alert(1)</script>';
  run.cases[2]!.findings[0]!.message = 'expected 201, got <b onmouseover="x()">200</b>';
  const html = renderHtml(buildReport(run));
  // Links stay inside the page (fragments only).
  expect(html).not.toMatch(/<script|<link|<img|<iframe|<b |\bsrc=|\bhref="(?!#)|@import|url\(/i);
  expect(html).toContain("default-src 'none'");
  expect(html).toContain('Wis Hosting &lt;Ltd&gt; &amp; Co');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).toContain('got &lt;b onmouseover=&quot;x()&quot;&gt;200&lt;/b&gt;');
  expect(html.match(/<details open>/g)).toHaveLength(2);
  expect(html).toContain('<summary><code>POST /resellers/ -&gt; 200</code></summary>');
  expect(html).toContain(
    '</details>\n<p class="reproduce">Reproduce:</p><pre class="curl">curl -sS -k -X POST &#39;https://panel.example.test:2083/api/v1/resellers/&#39; -H &quot;authorization: Bearer $WISPANEL_TOKEN&quot;',
  );
  expect(html.match(/<pre class="curl">/g)).toHaveLength(2);
  expect(html).not.toContain(SECRET_FRAGMENT);
});

test('HTML report renders in headless Chromium and shows the verdict', async (context) => {
  requireProgram(context, 'chromium', 'chromium');
  for (const [run, verdict] of [
    [sampleRun(), 'NOT CONFORMANT'],
    [runWithout(['failed', 'error']), 'CONFORMANT'],
  ] as const) {
    const dir = tempDir();
    const [, , htmlFile] = await writeReportDir(dir, buildReport(run));
    const result = spawnSync(
      'chromium',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${path.join(dir, 'chromium-profile')}`,
        '--dump-dom',
        pathToFileURL(htmlFile!).href,
      ],
      { encoding: 'utf8', timeout: 90_000 },
    );
    if (result.error) throw result.error;
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('<h2>Requirements</h2>');
    expect(result.stdout).toContain(`<p class="verdict ${verdict.toLowerCase().replace(' ', '-')}" id="verdict">${verdict}</p>`);
  }
});
