import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from 'vitest';
import type { CaseResult } from '../src/model.ts';
import { Progress } from '../reporters/progress.ts';

/** A stream that is not a terminal, as in CI. */
function ciStream(): NodeJS.WriteStream & { lines: string[] } {
  const lines: string[] = [];
  return { isTTY: false, lines, write: (s: string) => lines.push(s) > 0 } as unknown as NodeJS.WriteStream & { lines: string[] };
}
const result = (id: string) => ({ id, outcome: 'passed' }) as CaseResult;

test('in CI: plain lines with an ETA, also while a budget wait holds the run, and the last case', async () => {
  const out = ciStream();
  const progress = new Progress(3, 10_000, out, 90);
  progress.tick(result('a.positive.ok'));
  await sleep(250); // no case finishes: the heartbeat still reports
  expect(out.lines.length).toBeGreaterThanOrEqual(1);
  expect(out.lines[0]).toMatch(/^\[1\/3\] 33% elapsed .*, ETA .* - passed a\.positive\.ok\n$/);
  progress.tick(result('b.positive.ok'));
  progress.tick(result('c.positive.ok'));
  expect(out.lines.at(-1)).toMatch(/^\[3\/3\] 100% .*ETA 0 ms - passed c\.positive\.ok\n$/);
  progress.done();
  const printed = out.lines.length;
  await sleep(250);
  expect(out.lines.length).toBe(printed);
});
