import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, onTestFinished, test } from 'vitest';
import { factsTable, h, pageHead, renderHtml, table, verdictClass } from './report-html.ts';
import { buildReport } from '../src/model/build-report.ts';
import { writeReportDir } from './write-reports.ts';
import { runWithout, sampleRun, SECRET_FRAGMENT } from '../test/fixtures/reporters/sample-run.ts';
import { requireProgram } from '../test/helpers/system-tools.ts';

/** A fresh directory, removed after the test (Chromium profiles are large). */
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'reports-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('HTML leads with what failed: failed requirements linking to their cases, then the cases, then the rest', () => {
  const report = buildReport(sampleRun());
  const order = (text: string, headings: string[]) => headings.map((heading) => text.indexOf(heading));
  const html = renderHtml(report);
  const htmlOrder = order(html, [
    '<h2>Failed requirements (2)</h2>',
    '<h2>Failed cases (1)</h2>',
    '<h2>Suite errors (1)</h2>',
    '<h2>Warnings',
    '<h2>Requirements</h2>',
    '<h2>Coverage per operation</h2>',
    '<h2>Not run</h2>',
  ]);
  expect(
    htmlOrder.every((at, i) => at > 0 && (i === 0 || at > htmlOrder[i - 1])),
    String(htmlOrder),
  ).toBe(true);
  expect(html).toContain(
    '<p class="verdict not-conformant" id="verdict">NOT CONFORMANT</p>\n<p class="scope">(full profile; 4 requirements not checked, run --profile certify)</p>',
  );
  expect(html).toContain('<a href="#case-resellers.create-positive"><code>resellers.create/positive</code></a>');
  expect(html).toContain('<section class="case failed" id="case-resellers.create-positive">');
  // Every link lands on a block of the page.
  for (const [, target] of html.matchAll(/href="#([^"]+)"/g)) expect(html).toContain(`id="${target}"`);
  // Nothing folded, on screen or on paper.
  expect(html).not.toMatch(/<details(?! open)/);
  expect(html).toMatch(/@media print \{[^}]*max-width: none/);

  // A run without failures has no such section.
  const clean = buildReport(runWithout(['failed', 'error']));
  expect(renderHtml(clean)).not.toContain('Failed requirements');
});

test('HTML report: self-contained, everything escaped, each exchange in an open <details>', () => {
  const run = sampleRun();
  run.cases[2].exchanges[0].response!.body = '<script>alert(1)</script>';
  run.cases[2].findings[0].message = 'expected 201, got <b onmouseover="x()">200</b>';
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
  expect(html).toContain(
    '<p class="undo">Creates reseller wcrun01a once the panel accepts it; remove it with:</p><pre class="curl">curl -sS -k -X DELETE &#39;https://panel.example.test:2083/api/v1/resellers/wcrun01a&#39;',
  );
  expect(html.match(/<pre class="curl">/g)).toHaveLength(3);
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
        pathToFileURL(htmlFile).href,
      ],
      { encoding: 'utf8', timeout: 90_000 },
    );
    if (result.error) throw result.error;
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('<h2>Requirements</h2>');
    expect(result.stdout).toContain(`<p class="verdict ${verdict.toLowerCase().replace(' ', '-')}" id="verdict">${verdict}</p>`);
  }
});

test('h, table, factsTable, verdictClass and pageHead: the pieces every HTML output is built of', () => {
  const key = `wsp_${'3f9a0c7e12b4'.repeat(4)}`;
  expect(h(`<a href="x">it's & ${key}</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;it&#39;s &amp; [redacted]&lt;/a&gt;');
  // Head cells are escaped; body cells are HTML already.
  expect(table(['<ID>'], [['<code>A</code>']])).toBe(
    '<table>\n<thead><tr><th>&lt;ID&gt;</th></tr></thead>\n<tbody>\n<tr><td><code>A</code></td></tr>\n</tbody>\n</table>',
  );
  expect(factsTable([['Vendor', 'A & B']])).toBe('<table class="facts">\n<tr><th>Vendor</th><td>A &amp; B</td></tr>\n</table>');
  expect(['CONFORMANT', 'NOT CONFORMANT', 'INCOMPLETE', 'UNREACHABLE', 'NOT RUN'].map(verdictClass)).toEqual([
    'conformant',
    'not-conformant',
    'incomplete',
    'unreachable',
    'not-run',
  ]);
  const head = pageHead('A <title>', 'NOT RUN', 'p { color: red; }');
  expect(head).toContain('<title>A &lt;title&gt;: NOT RUN</title>');
  expect(head).toContain('<style>p { color: red; }</style>');
  expect(head.endsWith('<h1>A &lt;title&gt;</h1>\n<p class="verdict not-run" id="verdict">NOT RUN</p>')).toBe(true);
});
