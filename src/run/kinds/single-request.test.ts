// The kinds whose case is one request judged by its expected answer (auth,
// validation, not-found): sent as planned, a create in the ledger first,
// judged unless the answer cannot say anything about the case.
import { expect, test } from 'vitest';
import { testRuns, type TestRun } from '../../../test/helpers/run-context.ts';
import type { CaseKind } from '../../model/kinds.ts';
import type { CaseRecorder } from '../recorder.ts';
import { singleRequest } from './single-request.ts';

const open = testRuns();

async function run(t: TestRun, kind: CaseKind, id: string): Promise<CaseRecorder> {
  const rec = t.recorder(id);
  expect(rec.planned.kind).toBe(kind);
  await singleRequest(kind).execute(t.run, rec, t.op(id), t.suite(id));
  return rec;
}

const expected = (rec: CaseRecorder) => rec.findings.filter((f) => f.requirement === rec.planned.expect.requirement).map((f) => f.ok);

test('named after its kind', () => {
  for (const kind of ['auth', 'validation', 'not-found'] as const) expect(singleRequest(kind).name).toBe(kind);
});

test('auth: the request without a key is refused; a server that serves it fails the case', async () => {
  const id = 'getCurrentUser.auth.missing';
  const refused = await run(await open(), 'auth', id);
  expect(refused.exchanges.map((ex) => [ex.credential, ex.request.headers.authorization, ex.response?.status])).toEqual([['none', undefined, 401]]);
  expect(expected(refused)).toEqual([true]);
  expect(refused.outcome()).toBe('passed');
  const served = await run(await open({ server: { fault: 'auth-missing-accepted' } }), 'auth', id);
  expect(served.exchanges[0].response?.status).toBe(200);
  expect(expected(served)).toEqual([false]);
  expect(served.outcome()).toBe('failed');
});

test('validation: a create missing a field is refused and leaves nothing; one a server accepts is in the ledger for the clean-up', async () => {
  const id = 'createReseller.validation.missing-email';
  const clean = await open();
  const refused = await run(clean, 'validation', id);
  expect(refused.exchanges[0].response?.status).toBe(400);
  expect(refused.outcome()).toBe('passed');
  expect(clean.run.ledger.pending()).toEqual([]);

  const lax = await open({ server: { fault: 'create-missing-field-accepted' } });
  const accepted = await run(lax, 'validation', id);
  expect(accepted.exchanges[0].response?.status).toBe(201);
  expect(accepted.outcome()).toBe('failed');
  const sent = JSON.parse(accepted.exchanges[0].request.body!) as { username: string; email?: string };
  expect(sent.email).toBeUndefined();
  expect(lax.run.ledger.pending('validation')).toEqual([expect.objectContaining({ username: sent.username, created: true })]);
  expect(lax.resellers()).toContain(sent.username);
});

test("not-found: a write to a reseller of the run's that does not exist is 404; a 200 to it fails", async () => {
  const id = 'updateResellerLimits.not-found.missing';
  const clean = await open();
  const missing = await run(clean, 'not-found', id);
  expect(missing.exchanges.map((ex) => `${ex.request.method} ${ex.request.path} ${ex.response?.status}`)).toEqual([
    `PUT /resellers/${clean.run.data.username('missing')}/limits 404`,
  ]);
  expect(expected(missing)).toEqual([true]);
  expect(missing.outcome()).toBe('passed');
  expect(clean.resellers()).toEqual(['partner1']);
  const served = await run(await open({ server: { fault: 'subresource-unknown-200' } }), 'not-found', id);
  expect(served.exchanges[0].response?.status).toBe(200);
  expect(expected(served)).toEqual([false]);
  expect(served.outcome()).toBe('failed');
});

test('not-found under --read-only: the read of a reseller that does not exist is 404; an empty 200 fails', async () => {
  const id = 'getReseller.not-found.missing';
  const clean = await open({ plan: { readOnly: true } });
  const missing = await run(clean, 'not-found', id);
  expect(missing.exchanges[0].request.path).toBe(`/resellers/${clean.run.data.username('missing')}`);
  expect(missing.exchanges[0].response?.status).toBe(404);
  expect(expected(missing)).toEqual([true]);
  const empty = await run(await open({ plan: { readOnly: true }, server: { fault: 'get-unknown-200-empty' } }), 'not-found', id);
  expect(expected(empty)).toEqual([false]);
  expect(empty.outcome()).toBe('failed');
});

test('an answer that cannot judge the case throws it out unjudged', async () => {
  const t = await open({ input: { token: 'wsp_000000000000000000000000000000000000000000000000' } });
  const rec = t.recorder('updateResellerLimits.not-found.missing');
  await expect(singleRequest('not-found').execute(t.run, rec, t.op(rec.planned.id), 'not-found')).rejects.toThrow(
    'the server answered 401 to a valid key: not judged',
  );
  expect(rec.findings.filter((f) => f.requirement === 'RES-NOT-FOUND-404')).toEqual([]);
});
