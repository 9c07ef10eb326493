// The engine on a run's context against a reference server: every case
// settles once, results come in plan order whatever finished first, a
// cancelled run settles every case, and a broken set-up is its suite's
// error alone.
import { expect, test } from 'vitest';
import type { CaseResult } from '../model/record.ts';
import { testRuns } from '../../test/helpers/run-context.ts';
import { startEngine } from './engine.ts';
import { RunCancelled } from './execute.ts';

const open = testRuns();

test('side by side: results in plan order, onResult once per case, each suite cleans up what it created', async () => {
  const t = await open({ plan: { profile: 'default' }, input: { concurrency: 4 } });
  const heard: CaseResult[] = [];
  const engine = startEngine(t.run, { onResult: (r) => heard.push(r) });
  const first = t.run.plan.cases[0];
  const results = await engine.done;
  expect(results.map((r) => r.id)).toEqual(t.run.plan.cases.map((c) => c.id));
  expect(heard).toHaveLength(results.length);
  expect(new Set(heard.map((r) => r.id)).size).toBe(results.length);
  expect(await engine.result(first.id)).toBe(results[0]);
  expect(() => engine.result('no.such.case')).toThrow('no planned case no.such.case');
  const byOutcome = (o: string) => results.filter((r) => r.outcome === o).length;
  expect(byOutcome('disabled')).toBe(t.run.plan.cases.filter((c) => c.disabled).length);
  expect(byOutcome('passed')).toBe(results.length - byOutcome('disabled'));
  expect(t.resellers()).toEqual(['partner1']);
  expect(t.run.ledger.pending()).toEqual([]);
});

test('one after another (concurrency 1): the cases settle in plan order', async () => {
  const t = await open({ plan: { profile: 'default', filter: '^(createReseller|getReseller|deleteReseller)\\.positive\\.' } });
  const heard: string[] = [];
  const results = await startEngine(t.run, { onResult: (r) => heard.push(r.id) }).done;
  // Suites run in order, the cases of each in plan order; a disabled case settles in its suite's turn.
  const ran = results.filter((r) => r.outcome !== 'disabled');
  expect(ran.map((r) => r.outcome)).toEqual(ran.map(() => 'passed'));
  expect(ran.map((r) => r.id)).toEqual(['createReseller.positive.ok', 'getReseller.positive.ok', 'deleteReseller.positive.ok']);
  const order = (id: string) => heard.indexOf(id);
  expect(order('createReseller.positive.ok')).toBeLessThan(order('getReseller.positive.ok'));
  expect(order('getReseller.positive.ok')).toBeLessThan(order('deleteReseller.positive.ok'));
});

test('a signal aborted before the start settles every case without a request: not run as its reason says, planned reasons kept', async () => {
  const stop = new AbortController();
  stop.abort(new RunCancelled('skipped', 'not run: stopped by the test'));
  const t = await open({ plan: { profile: 'default' }, signal: stop.signal });
  const heard: string[] = [];
  const results = await startEngine(t.run, { signal: stop.signal, onResult: (r) => heard.push(r.id) }).done;
  expect(heard).toHaveLength(t.run.plan.cases.length);
  for (const [i, r] of results.entries()) {
    const planned = t.run.plan.cases[i];
    if (planned.disabled) expect(r).toMatchObject({ outcome: 'disabled', reason: planned.disabled });
    else if (planned.skip) expect(r).toMatchObject({ outcome: 'skipped', reason: planned.skip });
    else expect(r).toMatchObject({ outcome: 'skipped', reason: 'not run: stopped by the test', exchanges: [] });
  }
  expect(t.server.requestLog).toEqual([]);
});

test('a signal aborted mid-run: every case still settles, those not yet run as the reason says', async () => {
  const stop = new AbortController();
  const t = await open({ plan: { profile: 'default' }, signal: stop.signal });
  let settled = 0;
  const results = await startEngine(t.run, {
    signal: stop.signal,
    onResult: () => {
      if (++settled === 3) stop.abort(new RunCancelled('error', 'not run: timed out in the test'));
    },
  }).done;
  expect(results).toHaveLength(t.run.plan.cases.length);
  expect(results.filter((r) => r.outcome === 'passed').length).toBeGreaterThanOrEqual(3);
  const stopped = results.filter((r) => r.reason === 'not run: timed out in the test');
  expect(stopped.length).toBeGreaterThan(50);
  for (const r of stopped) expect(r.outcome).toBe('error');
  expect(results.filter((r) => r.outcome === 'failed')).toEqual([]);
});

test('a set-up that breaks errors the cases of its suite only; the other suites run', async () => {
  // A reseller key the preflight never checked: the role suite cannot adopt it.
  const t = await open({
    plan: { profile: 'default', hasResellerToken: true },
    input: { resellerToken: 'wsp_0123456789abcdef0123456789abcdef0123456789abcdef' },
  });
  const results = await startEngine(t.run).done;
  const roles = results.filter((r) => r.kind === 'role');
  const runnable = roles.filter((r) => {
    const c = t.run.plan.cases.find((p) => p.id === r.id)!;
    return !c.disabled && !c.skip;
  });
  expect(runnable.length).toBeGreaterThan(0);
  for (const r of runnable) expect(r).toMatchObject({ outcome: 'error', reason: 'suite error: --reseller-token was not checked by the preflight' });
  const others = results.filter((r) => r.kind !== 'role' && r.outcome !== 'disabled');
  expect(others.length).toBeGreaterThan(50);
  expect(others.filter((r) => r.outcome !== 'passed').map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
  // The roles suite's fixture was deleted after it.
  expect(t.resellers()).toEqual(['partner1']);
});
