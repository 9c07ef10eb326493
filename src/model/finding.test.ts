import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { exchangeOf, failuresOf, isFailure, isWarning, LEVELS, warningsOf, type Finding, type Level } from './finding.ts';

const finding = (level: Level, ok: boolean, requirement = `${level}-${ok}`, exchange?: number): Finding => ({
  requirement,
  level,
  ok,
  message: ok ? 'as expected' : 'expected one thing, got another',
  ...(exchange === undefined ? {} : { exchange }),
});

const DEFAULT = { strict: false };
const STRICT = { strict: true };
const LENIENT = { strict: false, lenient: true };
const BOTH = { strict: true, lenient: true };

test('a finding that held is never a failure nor a warning, whatever the policy', () => {
  for (const level of LEVELS) {
    for (const policy of [DEFAULT, STRICT, LENIENT, BOTH]) {
      expect(isFailure(finding(level, true), policy)).toBe(false);
      expect(isWarning(finding(level, true), policy)).toBe(false);
    }
  }
});

test('documented always fails; standard fails unless lenient; inferred fails only under strict', () => {
  const failing = (level: Level) => [DEFAULT, STRICT, LENIENT, BOTH].map((policy) => isFailure(finding(level, false), policy));
  expect(failing('documented')).toEqual([true, true, true, true]);
  expect(failing('standard')).toEqual([true, true, false, false]);
  expect(failing('inferred')).toEqual([false, true, false, true]);
});

test('a failed finding that does not fail is a warning', () => {
  const warning = (level: Level) => [DEFAULT, STRICT, LENIENT, BOTH].map((policy) => isWarning(finding(level, false), policy));
  expect(warning('documented')).toEqual([false, false, false, false]);
  expect(warning('standard')).toEqual([false, false, true, true]);
  expect(warning('inferred')).toEqual([true, false, true, false]);
});

test('failuresOf and warningsOf split a case by the policy, in finding order', () => {
  const c = {
    findings: [
      finding('inferred', false, 'I1'),
      finding('documented', false, 'D1'),
      finding('documented', true, 'D2'),
      finding('standard', false, 'S1'),
      finding('inferred', false, 'I2'),
    ],
  };
  const ids = (findings: Finding[]) => findings.map((f) => f.requirement);
  expect(ids(failuresOf(c, DEFAULT))).toEqual(['D1', 'S1']);
  expect(ids(warningsOf(c, DEFAULT))).toEqual(['I1', 'I2']);
  expect(ids(failuresOf(c, STRICT))).toEqual(['I1', 'D1', 'S1', 'I2']);
  expect(ids(warningsOf(c, STRICT))).toEqual([]);
  expect(ids(failuresOf(c, LENIENT))).toEqual(['D1']);
  expect(ids(warningsOf(c, LENIENT))).toEqual(['I1', 'S1', 'I2']);
});

test('exchangeOf: the exchange a finding points at, none when it points at none', () => {
  const c = { exchanges: ['first', 'second'] };
  expect(exchangeOf(c, finding('documented', false, 'R', 1))).toBe('second');
  expect(exchangeOf(c, finding('documented', false, 'R', 0))).toBe('first');
  expect(exchangeOf(c, finding('documented', false, 'R'))).toBeUndefined();
  expect(exchangeOf(c, finding('documented', false, 'R', 2))).toBeUndefined();
});

test('LEVELS are the levels report.json allows', () => {
  const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'));
  expect([...LEVELS].sort()).toEqual([...schema.$defs.level.enum].sort());
});
