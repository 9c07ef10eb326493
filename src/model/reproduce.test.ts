import { expect, test } from 'vitest';
import { curlFor } from './curl.ts';
import type { Exchange } from './exchange.ts';
import type { Finding } from './finding.ts';
import type { Outcome } from './outcome.ts';
import { reproductions } from './reproduce.ts';

const BASE = 'https://panel.example.test:2083/api/v1';
const TARGET = { baseUrl: BASE, insecureTls: false };

const get = (path: string): Pick<Exchange, 'credential' | 'request'> => ({
  credential: 'admin',
  request: { method: 'GET', path, headers: { accept: 'application/json' } },
});
const failing = (level: Finding['level'], exchange?: number): Finding => ({
  requirement: `R-${level}`,
  level,
  ok: false,
  message: 'x',
  ...(exchange === undefined ? {} : { exchange }),
});
const reproducible = (outcome: Outcome, findings: Finding[]) => ({ outcome, findings, exchanges: [get('/a'), get('/b'), get('/c')] });

test('each exchange shown once, in exchange order, with the command curlFor writes for it', () => {
  const c = reproducible('failed', [failing('documented', 2), failing('documented', 0), failing('standard', 2)]);
  const commands = reproductions(c, { strict: false }, TARGET);
  expect([...commands.keys()]).toEqual([0, 2]);
  expect(commands.get(0)).toBe(curlFor(c.exchanges[0], BASE));
  expect(commands.get(2)).toBe(`curl -sS -X GET '${BASE}/c' -H 'accept: application/json'`);
});

test('--insecure runs give commands with -k', () => {
  const commands = reproductions(reproducible('failed', [failing('documented', 1)]), { strict: false }, { baseUrl: BASE, insecureTls: true });
  expect(commands.get(1)).toBe(`curl -sS -k -X GET '${BASE}/b' -H 'accept: application/json'`);
});

test('the policy decides which findings showed the failure: under --lenient a standard one does not, and the last exchange stands in', () => {
  const c = reproducible('failed', [failing('standard', 0)]);
  expect([...reproductions(c, { strict: false }, TARGET).keys()]).toEqual([0]);
  expect([...reproductions(c, { strict: false, lenient: true }, TARGET).keys()]).toEqual([2]);
});

test('a suite error adds the last exchange to those a failing finding points at', () => {
  expect([...reproductions(reproducible('error', [failing('documented', 0)]), { strict: false }, TARGET).keys()]).toEqual([0, 2]);
  expect([...reproductions(reproducible('error', []), { strict: false }, TARGET).keys()]).toEqual([2]);
});

test('no command for cases that neither failed nor errored, nor for a case without exchanges', () => {
  for (const outcome of ['passed', 'skipped', 'disabled'] as const) {
    expect(reproductions(reproducible(outcome, [failing('documented', 0)]), { strict: false }, TARGET).size, outcome).toBe(0);
  }
  expect(reproductions({ outcome: 'error', findings: [], exchanges: [] }, { strict: false }, TARGET).size).toBe(0);
});
