// RunInput is a type: what a panel's run is built from, as plain JSON (it
// crosses to a vitest worker). A run's services are built from one alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createRunServices, stopBudgets } from './services.ts';
import type { GivenResellerKey, RunInput } from './input.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function input(over: Partial<RunInput> = {}): RunInput {
  const runDir = mkdtempSync(join(tmpdir(), 'wispanel-input-'));
  dirs.push(runDir);
  return {
    // Never contacted: building services sends nothing.
    baseUrl: 'http://127.0.0.1/api/v1',
    token: 'wsp_0123456789abcdef0123456789abcdef0123456789abcdef',
    runId: 'k3m9p2',
    seed: 11,
    runDir,
    rate: 60,
    windowMs: 60_000,
    timeoutMs: 30_000,
    unavailableBudgetMs: 30_000,
    strict: false,
    lenient: false,
    tls: {},
    planOptions: { profile: 'default', include: [], exclude: [], readOnly: false, hasResellerToken: false },
    ...over,
  };
}

test('a RunInput survives JSON, and the services built from the copy are the same run', async () => {
  const given: GivenResellerKey = { username: 'partner1', rate: { limit: 60, remaining: 59, reset: 1_800_000_000 } };
  const original = input({
    resellerToken: 'wsp_fedcba9876543210fedcba9876543210fedcba9876543210',
    resellerKey: given,
    preflightRate: { limit: 60, remaining: 58 },
    concurrency: 4,
  });
  const copy = JSON.parse(JSON.stringify(original)) as RunInput;
  expect(copy).toEqual(original);
  const [a, b] = [createRunServices(original), createRunServices(copy)];
  try {
    expect(b.prefix).toBe(a.prefix);
    expect(b.plan).toEqual(a.plan);
    expect(b.data.resellerCreate('x')).toEqual(a.data.resellerCreate('x'));
    expect(b.ledger.file).toBe(a.ledger.file);
    // Both keys are secrets the redactor knows.
    expect(b.redact(`${copy.token} ${copy.resellerToken}`)).toBe('[redacted] [redacted]');
  } finally {
    await Promise.all([stopBudgets(a), stopBudgets(b)]);
  }
});

test('the plan options of the input decide the plan: with a reseller key, no key is minted', async () => {
  const minted = createRunServices(input());
  const given = createRunServices(
    input({
      resellerToken: 'wsp_fedcba9876543210fedcba9876543210fedcba9876543210',
      resellerKey: { unusable: 'could not tell whose it is' },
      planOptions: { profile: 'default', include: [], exclude: [], readOnly: false, hasResellerToken: true },
    }),
  );
  try {
    const mints = (s: typeof minted) => s.plan.cases.filter((c) => c.variant.type === 'mint-key' && !c.disabled && !c.skip).length;
    expect(mints(minted)).toBeGreaterThan(0);
    expect(mints(given)).toBe(0);
  } finally {
    await Promise.all([stopBudgets(minted), stopBudgets(given)]);
  }
});
