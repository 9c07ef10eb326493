// The contract every kind's plan keeps (kind.ts): what the registry, the
// suites' order and --shard rely on, held for each registered kind.
import { describe, expect, test } from 'vitest';
import type { CaseKindPlan } from './kind.ts';
import { KINDS, SUITES } from './index.ts';
import { options, spec } from './plan-fixture.ts';

const kinds: readonly CaseKindPlan[] = KINDS;

describe.each(kinds.map((k) => [k.name, k] as const))('kind %s', (_name, kind) => {
  const cases = kind.plan(spec, options());

  test('plans cases of its own kind, each ID once, pure: the same spec and options give the same cases', () => {
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.every((c) => c.kind === kind.name && c.id.includes(`.${kind.name}.`))).toBe(true);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(kind.plan(spec, options())).toEqual(cases);
  });

  test('its summary is one line for --help and --list', () => {
    expect(kind.summary).toMatch(/^[^\n]+$/);
  });

  test("standing alone (any shard may run it) means no case builds on another: no phase, no record of the run's life; a kind that does not stand alone is chained or runs last", () => {
    const chained = cases.filter((c) => c.phase !== undefined || c.target === 'lifecycle' || c.target === 'own').map((c) => c.id);
    if (kind.standsAlone) expect(chained).toEqual([]);
    else expect(chained.length > 0 || kind.runsLast === true).toBe(true);
  });

  test('only a kind whose suite creates a fixture plans cases on a fixture', () => {
    const suite = SUITES.find((s) => !s.deferred && s.kinds.includes(kind.name))!;
    expect(suite.name).toBe(kind.suite);
    // Those that run last come after every other suite, the deferred one too.
    if (kind.runsLast) expect(SUITES.indexOf(suite)).toBeGreaterThan(SUITES.findIndex((s) => s.deferred));
    if (!suite.fixture) expect(cases.some((c) => c.target === 'fixture')).toBe(false);
    if (kind.fixture) expect(cases.some((c) => c.target === 'fixture')).toBe(true);
  });
});
