// The ledger stays true around every create: the intent before it leaves,
// then the name the server used, or nothing when the server refused it.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { exchange, noAnswer } from '../../test/helpers/check-context.ts';
import { openTestRun, type TestRun } from '../../test/helpers/run-context.ts';
import { recordCreated, recordDeleteAnswer, recordDeleteIntent, recordIntent, settleRefusals } from './creates.ts';

let t: TestRun;
beforeAll(async () => {
  t = await openTestRun();
});
afterAll(() => t.close());

let n = 0;
/** A create body of a fresh name, and the ledger as it stands. */
function fresh() {
  const body = t.run.data.resellerCreate(`creates-${n++}`);
  return { body, pending: () => t.run.ledger.pending().filter((e) => e.username === body.username) };
}

const create = () => t.run.spec.record.create;
const read = () => t.run.spec.record.get;

test('before a create leaves: its name and e-mail are in the ledger, under the suite that owns it', () => {
  const { body, pending } = fresh();
  recordIntent(t.run, create(), body, 'validation');
  expect(pending()).toEqual([{ username: body.username, email: body.email }]);
  expect(t.run.ledger.pending('validation').map((e) => e.username)).toContain(body.username);
  expect(t.run.ledger.pending('lifecycle').map((e) => e.username)).not.toContain(body.username);
});

test('no intent for what creates nothing: another operation, or a body without a name', () => {
  const before = t.run.ledger.pending().length;
  const { body } = fresh();
  recordIntent(t.run, read(), body, 'lifecycle');
  recordIntent(t.run, create(), { ...body, username: '' }, 'lifecycle');
  recordIntent(t.run, create(), { email: body.email }, 'lifecycle');
  recordIntent(t.run, create(), undefined, 'lifecycle');
  recordIntent(t.run, create(), 'a raw body', 'lifecycle');
  expect(t.run.ledger.pending()).toHaveLength(before);
});

test('a 2xx: the name the server answered with is created, with the e-mail sent', () => {
  const { body, pending } = fresh();
  recordIntent(t.run, create(), body, 'lifecycle');
  recordCreated(t.run, create(), body, exchange(201, { ...body, password: undefined }), 'lifecycle');
  expect(pending()).toEqual([{ username: body.username, email: body.email, created: true }]);
  // A server that renamed it (the run's prefix kept): the answer's name is what the clean-up deletes.
  const renamed = fresh();
  recordCreated(t.run, create(), renamed.body, exchange(201, { username: `${renamed.body.username}x` }), 'lifecycle');
  expect(t.run.ledger.pending().find((e) => e.username === `${renamed.body.username}x`)).toEqual({
    username: `${renamed.body.username}x`,
    email: renamed.body.email,
    created: true,
  });
  // An answer naming a record that is not the run's (a stale copy), or one
  // the run made before: the name sent, never the other record.
  for (const other of ['partner1', renamed.body.username + 'x']) {
    const stale = fresh();
    recordCreated(t.run, create(), stale.body, exchange(201, { username: other }), 'validation');
    expect(stale.pending()).toEqual([{ username: stale.body.username, email: stale.body.email, created: true }]);
  }
  expect(t.run.ledger.pending().filter((e) => e.username === 'partner1')).toEqual([]);
  expect(t.run.ledger.pending('validation').map((e) => e.username)).not.toContain(`${renamed.body.username}x`);
  // An answer without a name: the name sent.
  const unnamed = fresh();
  recordCreated(t.run, create(), unnamed.body, exchange(201, { ok: true }), 'lifecycle');
  expect(unnamed.pending()).toEqual([{ username: unnamed.body.username, email: unnamed.body.email, created: true }]);
});

test('a 4xx settles the intent; a 5xx or no answer leaves it for the clean-up to look for', () => {
  const refused = fresh();
  recordIntent(t.run, create(), refused.body, 'validation');
  recordCreated(t.run, create(), refused.body, exchange(400, { code: 'VALIDATION_ERROR' }), 'validation');
  expect(refused.pending()).toEqual([]);
  for (const answer of [exchange(500, { code: 'INTERNAL' }), noAnswer()]) {
    const unknown = fresh();
    recordIntent(t.run, create(), unknown.body, 'validation');
    recordCreated(t.run, create(), unknown.body, answer, 'validation');
    expect(unknown.pending()).toEqual([{ username: unknown.body.username, email: unknown.body.email }]);
  }
});

test('a 4xx after a transient retry settles nothing: the first attempt may have created it', () => {
  const { body, pending } = fresh();
  recordIntent(t.run, create(), body, 'validation');
  recordCreated(t.run, create(), body, { ...exchange(409, { code: 'CONFLICT' }), transientRetries: 1 }, 'validation');
  expect(pending()).toEqual([{ username: body.username, email: body.email }]);
  expect(t.run.ledger.refusals().filter((r) => r.username === body.username)).toEqual([]);
});

test('a refused duplicate never settles the record the run did create', () => {
  const { body, pending } = fresh();
  recordIntent(t.run, create(), body, 'lifecycle');
  recordCreated(t.run, create(), body, exchange(201, body), 'lifecycle');
  recordIntent(t.run, create(), body, 'lifecycle');
  recordCreated(t.run, create(), body, exchange(409, { code: 'CONFLICT' }), 'lifecycle');
  expect(pending()).toEqual([{ username: body.username, email: body.email, created: true }]);
});

test('what is not a create leaves the ledger alone, whatever its answer', () => {
  const before = t.run.ledger.pending().length;
  const { body } = fresh();
  recordCreated(t.run, read(), body, exchange(200, body), 'lifecycle');
  recordCreated(t.run, read(), body, exchange(404, { code: 'NOT_FOUND' }), 'lifecycle');
  expect(t.run.ledger.pending()).toHaveLength(before);
});

test("a delete the run means is no bystander from when it leaves; a probe (a reseller's key) only once the server did not refuse it", () => {
  const remove = t.run.spec.record.remove;
  const meant = fresh().body.username;
  recordDeleteIntent(t.run, remove, meant);
  expect(t.run.ledger.deleteMeant(meant)).toBe(true);
  recordDeleteAnswer(t.run, remove, meant, exchange(403, { code: 'FORBIDDEN' }));
  expect(t.run.ledger.deleteMeant(meant)).toBe(false);

  // Judged side by side while a probe is in flight, the record is still a bystander.
  const probed = fresh().body.username;
  recordDeleteIntent(t.run, remove, probed, true);
  expect(t.run.ledger.deleteMeant(probed)).toBe(false);
  recordDeleteAnswer(t.run, remove, probed, exchange(403, { code: 'FORBIDDEN' }), true);
  expect(t.run.ledger.deleteMeant(probed)).toBe(false);
  for (const answer of [exchange(200, { success: true }), noAnswer()]) {
    const accepted = fresh().body.username;
    recordDeleteIntent(t.run, remove, accepted, true);
    recordDeleteAnswer(t.run, remove, accepted, answer, true);
    expect(t.run.ledger.deleteMeant(accepted)).toBe(true);
  }
});

test('a list after a refused create settles it: not listed, absent; listed, a record to clean up, under its suite', () => {
  const refusedAt = (status: number) => {
    const f = fresh();
    recordIntent(t.run, create(), f.body, 'validation');
    recordCreated(t.run, create(), f.body, exchange(status, { code: 'X' }), 'validation');
    return f;
  };
  const open = (name: string) => t.run.ledger.refusals().filter((r) => r.username === name && !r.settled);
  const absent = refusedAt(400);
  const stored = refusedAt(401);
  const list = (names: string[], sentAt: number) => ({
    ...exchange(
      200,
      names.map((username) => ({ username })),
    ),
    startedAt: new Date(sentAt).toISOString(),
  });
  // A list sent before the refusals were answered settles nothing.
  settleRefusals(t.run.ledger, list([stored.body.username], Date.now() - 60_000));
  expect(open(absent.body.username)).toHaveLength(1);
  settleRefusals(t.run.ledger, list([stored.body.username.toUpperCase()], Date.now() + 1000));
  expect(open(absent.body.username)).toEqual([]);
  expect(absent.pending()).toEqual([]);
  expect(open(stored.body.username)).toEqual([]);
  expect(t.run.ledger.pending('validation')).toContainEqual({ username: stored.body.username, email: stored.body.email, created: true });
});
