// KindExecutor is the contract every kind's executor meets: named as its
// kind, execute() settles its case (resolves once judged, rejects with
// SkipCase when the case cannot be judged), and afterSuite() drops what the
// kind kept across its suite's cases, nothing else.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CASE_KINDS } from '../../model/kinds.ts';
import { openTestRun, type TestRun } from '../../../test/helpers/run-context.ts';
import { SkipCase } from '../recorder.ts';
import { executorOf } from './index.ts';
import type { KindExecutor } from './kind.ts';

let t: TestRun;
beforeAll(async () => {
  t = await openTestRun();
});
afterAll(() => t.close());

const executors: KindExecutor[] = CASE_KINDS.map((kind) => executorOf(kind));

test('every executor is named as its kind; one whose case lacks a prerequisite settles it with a SkipCase, sending nothing', async () => {
  expect(executors.map((e) => e.name)).toEqual([...CASE_KINDS]);
  // Cases whose prerequisite (the lifecycle's reseller, a reseller key) this fresh run lacks.
  for (const id of ['getReseller.positive.ok', 'createReseller.lifecycle.duplicate', 'getReseller.role.own', 'getCurrentUser.role.exceed']) {
    const executor = executorOf(t.planned(id).kind);
    const settled = executor.execute(t.run, t.recorder(id), t.op(id), t.suite(id));
    expect(settled).toBeInstanceOf(Promise);
    await expect(settled, id).rejects.toBeInstanceOf(SkipCase);
  }
  expect(t.server.requestLog).toEqual([]);
});

test('only the lifecycle, role and key kinds act after their suites: the lifecycle settles what it did not show, the others drop the keys and their owners, nothing of the lifecycle', async () => {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- looked at, not called
  expect(executors.filter((e) => e.afterSuite).map((e) => e.name)).toEqual(['positive', 'role', 'key']);
  executorOf('positive').afterSuite!(t.run);
  expect(await t.run.lifecycle.contained.value).toBe(false);
  t.run.keys.full = { secret: 'wsp_x', username: 'partner1' };
  executorOf('key').afterSuite!(t.run);
  expect(t.run.keys.full).toBeUndefined();
  t.run.roles.client = t.run.client;
  t.run.roles.ownUsername = 'partner1';
  t.run.lifecycle.username = `${t.run.prefix}life01`;
  executorOf('role').afterSuite!(t.run);
  expect(t.run.roles.client).toBeUndefined();
  expect(t.run.roles.ownUsername).toBeUndefined();
  expect(t.run.lifecycle.username).toBe(`${t.run.prefix}life01`);
});
