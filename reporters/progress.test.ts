/* eslint-disable no-control-regex -- the progress line is redrawn with \r and ESC[2K, which its assertions match */
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from 'vitest';
import type { CaseResult } from '../src/model/record.ts';
import { Progress } from './progress.ts';

/** A stream that records what is written; a terminal or not. */
function stream(isTTY: boolean): NodeJS.WriteStream & { lines: string[] } {
  const lines: string[] = [];
  return { isTTY, lines, write: (s: string) => lines.push(s) > 0 } as unknown as NodeJS.WriteStream & { lines: string[] };
}
const result = (id: string) => ({ id, outcome: 'passed' }) as CaseResult;

/** Waits until `cond` holds (a loaded machine runs timers late), at most 10 s. */
async function until(cond: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 10_000; !cond() && Date.now() < deadline;) await sleep(10);
}

test('in CI: plain lines with an ETA, also while a budget wait holds the run, and the last case', async () => {
  const out = stream(false);
  const progress = new Progress(3, 10_000, { out, intervalMs: 90 });
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

test('on a TTY: the line keeps moving between cases and says what the run waits for, in one time format', async () => {
  const out = stream(true);
  let waiting: { key: 'admin'; until: number } | undefined;
  const progress = new Progress(2, 1000, { out, redrawMs: 40, waits: () => waiting });
  progress.tick(result('a.positive.ok'));
  await until(() => out.lines.length > 2);
  const redrawn = out.lines.length;
  expect(redrawn).toBeGreaterThan(2); // redrawn although no case finished
  expect(out.lines.at(-1)).toMatch(/^\r\x1b\[2K\[1\/2\] 50% elapsed \d+ ms, ETA \d+ ms - passed a\.positive\.ok$/);
  waiting = { key: 'admin', until: Date.now() + 42_000 };
  await until(() => /waiting/.test(out.lines.at(-1) ?? ''));
  // The wait's end bounds the ETA from below.
  expect(out.lines.at(-1)).toMatch(
    /^\r\x1b\[2K\[1\/2\] 50% elapsed \d+ ms, ETA 4[12]\.\d s - waiting for the rate window \(admin key\): resets in 4[12]\.\d s$/,
  );
  waiting = undefined;
  progress.tick(result('b.positive.ok'));
  progress.done();
  expect(out.lines.at(-1)).toBe('\n');
  const printed = out.lines.length;
  await sleep(150);
  expect(out.lines.length).toBe(printed);
});
