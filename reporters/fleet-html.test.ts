import { expect, test } from 'vitest';
import { renderFleetHtml } from './fleet-html.ts';
import { sampleFleet, UNREACHABLE_REASON } from '../test/fixtures/reporters/sample-fleet.ts';

const KEY = `wsp_${'3f9a0c7e12b4'.repeat(4)}`;

test('index.html: a self-contained page with the fleet verdict, its facts and the fleet line', () => {
  const html = renderFleetHtml(sampleFleet());
  expect(html).toMatch(/^<!DOCTYPE html>\n/);
  expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
  expect(html).toContain('<title>WisPanel API conformance of a fleet: NOT CONFORMANT</title>');
  expect(html).toContain('<p class="verdict not-conformant" id="verdict">NOT CONFORMANT</p>');
  expect(html).toContain('<tr><th>Wall time</th><td>1 min 05 s</td></tr>');
  expect(html).toContain('<p>Fleet: NOT CONFORMANT: 1 of 3 panels conformant, 1 not conformant, 1 not tested</p>');
  expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|@import|url\(/i);
  expect(html.trimEnd().endsWith('</body>\n</html>')).toBe(true);
});

test('one row per panel linking to its report, one cell per requirement result', () => {
  const html = renderFleetHtml(sampleFleet());
  expect(html).toContain('<th>Panel</th><th>Verdict</th><th>Failed requirements</th><th>Requests</th><th>429s</th><th>Wall</th><th>RES-LIST-200</th>');
  expect(html).toContain(
    '<tr><td><a href="eu-1/report.html">eu-1</a></td><td><span class="result not-conformant">NOT CONFORMANT</span></td>' +
      '<td><code>RES-CREATE-201</code>, <code>RL-RESET</code></td><td>7</td><td>1</td><td>12.5 s</td>' +
      '<td><span class="result passed" title="RES-LIST-200: passed">pass</span></td><td><span class="result failed" title="RES-CREATE-201: failed">FAIL</span></td>',
  );
  expect(html).toContain('<td><a href="eu-2/report.html">eu-2</a></td><td><span class="result conformant">CONFORMANT</span></td><td>-</td>');
  // Each link goes to a panel's folder beside the index.
  expect([...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual(['eu-1/report.html', 'eu-2/report.html', 'us-1/report.html']);
});

test('a panel not tested: its verdict, empty result cells, and its reason under Not tested', () => {
  const html = renderFleetHtml(sampleFleet());
  const row = html.split('\n').find((line) => line.startsWith('<tr><td><a href="us-1/'))!;
  expect(row).toContain('<span class="result unreachable">UNREACHABLE</span>');
  expect(row.endsWith(`<td>30 ms</td>${'<td></td>'.repeat(10)}</tr>`)).toBe(true);
  expect(html).toContain(`<h2>Not tested</h2>\n<ul><li>us-1 (https://us-1.example.test/api/v1): ${UNREACHABLE_REASON}</li></ul>`);
  const tested = sampleFleet();
  tested.panels = tested.panels.filter((p) => p.reason === null);
  expect(renderFleetHtml(tested)).not.toContain('Not tested');
});

test('everything from a panel or the catalogue is escaped, and keys redacted', () => {
  const fleet = sampleFleet();
  fleet.panels[2].reason = `TLS: <script>alert("x")</script> with ${KEY}`;
  fleet.requirements[0].statement = 'A & B <i>must</i> hold';
  delete fleet.panels[1].results['RES-LIST-200'];
  const html = renderFleetHtml(fleet);
  expect(html).toContain('TLS: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; with [redacted]</li>');
  expect(html).toContain('<td>A &amp; B &lt;i&gt;must&lt;/i&gt; hold</td>');
  expect(html).not.toContain('<script');
  expect(html).not.toContain(KEY);
  // A requirement without a result in a tested panel reads as not checked.
  expect(html).toContain(
    '<td><span class="result not-checked" title="RES-LIST-200: not-checked">-</span></td><td><span class="result passed" title="RES-CREATE-201: passed">pass</span></td>',
  );
});
