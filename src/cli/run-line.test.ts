// The run's first line: what replays it or cleans up after it.
import { expect, test } from 'vitest';
import type { RunInput } from '../run/input.ts';
import type { Target } from '../run/target.ts';
import { suiteVersion } from '../run/version.ts';
import { runLine } from './run-line.ts';

const input = { runId: 'abc123', seed: 4242 } as RunInput;
const target = (embedded: boolean): Target => ({ baseUrl: 'https://panel.example.com:2083/api/v1', token: 'wsp_secret', embedded, close: async () => {} });

test('names the suite version, the run ID, the seed and the target; never the key', () => {
  const line = runLine({ input, target: target(false) });
  expect(line).toBe(`wispanel-conformance ${suiteVersion()}: run abc123, seed 4242, target https://panel.example.com:2083/api/v1`);
  expect(line).not.toContain('wsp_secret');
});

test('says when the target is the embedded reference server', () => {
  expect(runLine({ input, target: target(true) })).toMatch(/, target https:\/\/panel\.example\.com:2083\/api\/v1 \(embedded reference server\)$/);
});
