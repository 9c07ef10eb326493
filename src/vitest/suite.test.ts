// Plain vitest's side of a run: defineCaseSuite makes each planned case of
// a suite one vitest test, titled by the case, run by the engine against
// the panel the set-up opened (here, as the global set-up does, the
// embedded reference server opened and checked at collection). The cases
// it defines run as this file's first tests; the last test reads what
// vitest collected and how each ended.
import { afterAll, expect, test } from 'vitest';
import { SUITES } from '../cases/kinds/index.ts';
import { parseConfig } from '../config/config.ts';
import { checkPanels, closePanels, finalCleanup, openPanels } from '../run/conform.ts';
import { getRun } from '../run/context.ts';
import { casesOf } from '../run/fixtures.ts';
import { FLAG_HINTS } from '../run/preflight.ts';
import { defineCaseSuite } from './suite.ts';

// The not-found cases (the writes, in the default profile) but one, which
// the plan disables; the other kinds are off.
const panels = await openPanels([
  {
    config: parseConfig(
      ['--rate-window-ms', '1000', '--exclude', 'positive,lifecycle,auth,role,validation', '--filter', '^(?!removeResellerIp\\.not-found)\\w+\\.'],
      {},
      process.cwd(),
    ),
  },
]);
const [checked] = await checkPanels(panels, { hints: () => FLAG_HINTS }, true);
const panel = panels[0];
afterAll(async () => {
  await finalCleanup(panel);
  await closePanels(panels);
});

const def = SUITES.find((s) => s.name === 'not-found')!;
defineCaseSuite(def, panel.input);

/** How vitest shows a case's title as a test's name ('$title'): quoted,
 *  and under this config (unlike the suites') cut to 40 characters. */
const shownAs = (name: string, title: string) => name === `'${title}'` || (name.endsWith("…'") && `'${title}'`.startsWith(name.slice(0, -2)));

test('one test per case of the suite, in plan order, named by the case: the runnable ones passed, the others skipped with their reason', (ctx) => {
  expect(checked.refused).toBeUndefined();
  const planned = casesOf(getRun(panel.input), def);
  const suite = ctx.task.file.tasks.find((t) => t.type === 'suite' && t.name === def.name);
  const tests = suite?.type === 'suite' ? suite.tasks : [];
  expect(tests).toHaveLength(planned.length);
  const runnable = planned.filter((c) => !c.disabled && !c.skip);
  // Disabled by the filter, or (a guessed body) by the default profile.
  expect(planned.filter((c) => !runnable.includes(c)).map((c) => `${c.id}: ${c.disabled}`)).toEqual([
    'updateResellerBranding.not-found.missing: not in the default profile (--profile certify or --include not-found)',
    'removeResellerIp.not-found.missing: does not match --filter ^(?!removeResellerIp\\.not-found)\\w+\\.',
    'updateResellerNameservers.not-found.missing: not in the default profile (--profile certify or --include not-found)',
    'updateResellerOverselling.not-found.missing: not in the default profile (--profile certify or --include not-found)',
  ]);
  expect(runnable.map((c) => c.id)).toEqual([
    'deleteReseller.not-found.missing',
    'updateResellerLimits.not-found.missing',
    'deleteResellerBranding.not-found.missing',
    'addResellerIp.not-found.missing',
  ]);
  planned.forEach((c, i) => {
    const t = tests[i];
    expect(shownAs(t.name, c.title), `${t.name} for ${c.title}`).toBe(true);
    expect(t.result?.state, c.id).toBe(runnable.includes(c) ? 'pass' : 'skip');
    if (!runnable.includes(c)) expect((t.result as { note?: string } | undefined)?.note, c.id).toBe(c.disabled ?? c.skip);
  });
});
