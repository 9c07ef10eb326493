import { expect, test } from 'vitest';
import { renderFleetMarkdown } from './fleet-md.ts';
import { sampleFleet, UNREACHABLE_REASON } from '../test/fixtures/reporters/sample-fleet.ts';

test('index.md: title, facts, the fleet line, then one row per panel and one column per requirement', () => {
  const md = renderFleetMarkdown(sampleFleet());
  expect(md).toMatch(
    /^# WisPanel API conformance of a fleet: NOT CONFORMANT\n\n\| Fleet \| {2}\|\n\| --- \| --- \|\n\| Verdict \| \*\*NOT CONFORMANT\*\* \|\n/,
  );
  expect(md).toContain('| Wall time | 1 min 05 s |');
  expect(md).toContain('\n\nFleet: NOT CONFORMANT: 1 of 3 panels conformant, 1 not conformant, 1 not tested\n\n## Panels\n\n');
  expect(md).toContain(
    '| Panel | Verdict | Failed requirements | Requests | 429s | Wall | `RES-LIST-200` | `RES-CREATE-201` | `ENV-SHAPE` | `HTTP-JSON-CONTENT-TYPE` |',
  );
  expect(md).toContain(
    '| [eu-1](eu-1/report.md) | **NOT CONFORMANT** | `RES-CREATE-201`, `RL-RESET` | 7 | 1 | 12.5 s | pass | FAIL | pass | warn | pass | - | skip | skip | - | FAIL |',
  );
  expect(md).toContain('| [eu-2](eu-2/report.md) | CONFORMANT | - | 7 | 1 | 12.5 s | pass | pass | pass | warn |');
  // A panel that was not tested has no results to show.
  expect(md).toContain('| [us-1](us-1/report.md) | **UNREACHABLE** | - | 0 | 0 | 30 ms |  |  |  |  |  |  |  |  |  |  |');
  expect(md.endsWith('\n')).toBe(true);
});

test('the panels not tested, with their reason, and the requirements with escaped statements', () => {
  const md = renderFleetMarkdown(sampleFleet());
  expect(md).toContain(`## Not tested\n\n- us-1 (https://us-1.example.test/api/v1): ${UNREACHABLE_REASON}\n\n## Requirements`);
  expect(md).toContain('| `ENV-SHAPE` | documented | Every 4xx and 5xx response MUST carry the flat envelope \\<success, code, error, message, status\\>. |');
  expect(md).toContain('| `RES-NOT-FOUND-404` | documented | GET /resellers/{username} for an unknown username MUST answer 404 NOT\\_FOUND. |');
  const tested = sampleFleet();
  tested.panels = tested.panels.filter((p) => p.reason === null);
  expect(renderFleetMarkdown(tested)).not.toContain('## Not tested');
});

test('a requirement a panel has no result for reads as not checked; text from a panel cannot break the table', () => {
  const fleet = sampleFleet();
  delete fleet.panels[1].results['RES-LIST-200'];
  fleet.panels[2].reason = 'TLS: <b>bad</b> | certificate\nexpired';
  const md = renderFleetMarkdown(fleet);
  expect(md).toContain('| [eu-2](eu-2/report.md) | CONFORMANT | - | 7 | 1 | 12.5 s | - | pass |');
  expect(md).toContain('- us-1 (https://us-1.example.test/api/v1): TLS: \\<b\\>bad\\</b\\> \\| certificate expired\n');
});
