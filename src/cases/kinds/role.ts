// "Admin only (reseller reads own)", with a reseller key: given, or minted
// for a reseller of the run's own.
import type { CaseKindModule } from './kind.ts';
import type { Operation } from '../../spec/load.ts';
import type { PlannedCase, Profile, Target, Variant } from '../../model/case.ts';
import { documentedCode, isRecordPath, makeCase } from '../make.ts';
import { describeOutcome, expectKeyCopy, expectKeyWorks, expectResponse, expectSchema, succeeded } from '../../checks/expect.ts';
import type { RunContext } from '../../run/context.ts';
import { SkipCase, type CaseRecorder } from '../../run/recorder.ts';
import { buildRequest, usernameFor } from '../../run/request.ts';
import { operationPath } from '../../run/paths.ts';
import { recordCreated, recordIntent } from '../../run/creates.ts';
import { judgeExpected, sendAndJudge, sendCase, skipIfRateLimited } from '../../run/steps.ts';
import { REPLICA_LAG_MS, removePart, sendUntil } from '../../run/cleanup.ts';
import { exceedCase, pushBeyondLimit } from './rate-limit.ts';

export const role: CaseKindModule<'role'> = {
  name: 'role',
  suite: 'roles',
  summary: 'a reseller key: reads its own record, is refused everything else (403)',
  fixture: true,
  plan(spec, opts) {
    const forbiddenCode = documentedCode(spec.errorCodes, 403);
    const own: PlannedCase[] = [];
    const refused: PlannedCase[] = [];
    const ownWrites: PlannedCase[] = [];
    const ownMint: PlannedCase[] = [];
    const forbidden = (op: Operation, suffix: string, what: string, target: Target, profile: Profile, variant: Variant = { type: 'positive' }) =>
      makeCase(op, 'role', suffix, `reseller key, ${what}`, {
        credential: 'reseller', target, variant, expect: { status: 403, code: forbiddenCode, requirement: 'ROLE-RESELLER-FORBIDDEN' }, profile,
      });
    // "Reseller reads own" has a who (whose record) and a what (read or
    // write): every operation is tried on the key's own record and on
    // another's, and only reading its own is allowed.
    for (const op of spec.operations) {
      if (op.hints.identity) continue;
      if (op.hints.resellerAccess === 'own-read' && op.hints.target === 'reseller') {
        own.push(makeCase(op, 'role', 'own', 'reseller key, its own record', {
          credential: 'reseller', target: 'own', variant: { type: 'own-read' }, expect: { status: '2xx', requirement: 'ROLE-RESELLER-READ-OWN' }, profile: 'default',
        }));
        refused.push(forbidden(op, 'other', "another reseller's record", 'fixture', isRecordPath(op) ? 'default' : 'certify'));
      } else if (op.hints.resellerAccess === 'denied' && op.hints.target === 'reseller') {
        refused.push(forbidden(op, 'denied', "a write to another reseller's record", 'fixture', 'default'));
        const probe = forbidden(op, 'own-write', 'a write to its own record', 'own', 'default', { type: 'own-write' });
        if (opts.hasResellerToken) probe.cost = givenKeyProbeCost(op);
        // Deleting the key's own reseller ends the role cases: last.
        if (op === spec.record.remove) {
          if (opts.hasResellerToken) probe.skip = 'never sent: it would delete the given key\'s own reseller, which the run did not create';
          ownWrites.push(probe);
        } else ownWrites.unshift(probe);
      } else if (op.hints.resellerAccess === 'denied') {
        refused.push(forbidden(op, 'denied', op.method === 'GET' ? 'admin-only read' : 'write', op.hints.target === 'user' ? 'fixture' : 'none', 'default'));
      }
      // "A reseller [may issue a key] only for itself": the who varies here too.
      if (op.hints.mintsKey) {
        const ownKey = makeCase(op, 'role', 'own-mint', 'reseller key, a key for itself', {
          credential: 'reseller', target: 'own', variant: { type: 'positive' }, expect: { status: op.successStatus, requirement: 'ROLE-RESELLER-MINT-OWN' }, profile: 'default',
        });
        if (opts.hasResellerToken) ownKey.skip = 'never sent: keys cannot be revoked, and the given key\'s reseller is not the run\'s';
        ownMint.push(ownKey);
      }
    }
    // Minting comes first; then own reads: the first tells whether the key works at all.
    const mintOp = spec.operations.find((o) => o.hints.mintsKey);
    const mint = mintOp
      ? [makeCase(mintOp, 'role', 'mint', 'admin issues a key for a new reseller', {
          credential: 'admin', target: 'none', variant: { type: 'mint-key' }, expect: { status: mintOp.successStatus, requirement: mintOp.hints.requirement }, extraRequirements: ['AUTH-KEY-WORKS'], profile: 'default',
          cost: { admin: 2, reseller: 1 }, // the reseller and its key; the key's first use (GET /auth/me)
        })]
      : [];
    // Steps: the key is minted; one own read tells whether it works; then
    // everything else side by side; then the key beyond its limit ("per API
    // token": the reseller's too), early in the run so that its wait for the
    // reset overlaps the admin key's windows; the deletes of whole resellers
    // last, so that one wrongly served takes nothing from the others.
    const rest = [...own.slice(1), ...ownMint, ...refused, ...ownWrites];
    const deletes = rest.filter((c) => c.operationId === spec.record.remove.operationId);
    // After them, the key of a reseller the admin deleted must no longer work.
    const deletedKey = makeCase(spec.identity, 'role', 'deleted-key', 'reseller key after the admin deleted its reseller', {
      // Once its reseller is gone, the key is one the server does not know.
      credential: 'invalid', target: 'none', variant: { type: 'deleted-key' }, profile: 'certify',
      expect: { status: 401, code: documentedCode(spec.errorCodes, 401), requirement: 'AUTH-DELETED-KEY-401', neverServed: 'SAFE-DELETED-KEY-REFUSED' },
      cost: { admin: 1, anonymous: 1 }, // the admin's delete, the key's try
    });
    if (opts.hasResellerToken) deletedKey.skip = 'never sent: it would delete the given key\'s own reseller, which the run did not create';
    const steps: PlannedCase[][] = [mint, own.slice(0, 1), rest.filter((c) => !deletes.includes(c)), [exceedCase(spec, 'role', 'reseller')], deletes, [deletedKey]];
    return steps.flatMap((cases, phase) => cases.map((c) => ({ ...c, phase })));
  },
  async execute(run, rec, op, suite) {
    switch (rec.planned.variant.type) {
      case 'mint-key':
        return mintResellerKey(run, rec, op);
      case 'own-read': {
        const ex = await sendCase(run, rec, op, suite);
        confirmKey(run, ex.response?.status);
        return judgeExpected(rec, op, ex);
      }
      case 'own-write':
        return ownWrite(run, rec, op, suite);
      case 'exceed-limit':
        return pushBeyondLimit(run, rec, op, 'reseller', run.roles.client);
      case 'deleted-key':
        return keyOfDeletedReseller(run, rec, op);
      default:
        return sendAndJudge(run, rec, op, suite);
    }
  },
  afterSuite(run) {
    run.roles.client = undefined;
    run.roles.ownUsername = undefined;
  },
};

/** A key refused its own record lacks a scope, not the role: the role
 *  cases cannot be judged with it. */
function confirmKey(run: RunContext, status: number | undefined): void {
  if (run.roles.confirmed) return;
  if (status === 403) {
    run.roles.unusable = run.roles.mintedSecret !== undefined
      ? 'the minted reseller key (scope "all") was refused even its own record (403): role cases not judged; pass --reseller-token'
      : 'the --reseller-token key was refused even its own record (403): a key scoped narrower than the reseller\'s own reads ("API key is not scoped ..."); role cases not judged';
    run.roles.client = undefined;
    throw new SkipCase(run.roles.unusable);
  }
  run.roles.confirmed = status !== undefined && status >= 200 && status < 300;
}

/**
 * A reseller key writing its own record, which it may only read. A minted
 * key's record is the run's: the write is sent as planned. A given key's is
 * not, so the probe changes nothing even on a server that wrongly accepts
 * it: a PUT writes back what the key just read; a part is added by the
 * admin and removed at once (ledger first), or added by the probe and
 * removed by the admin at once. What cannot be undone is not sent.
 */
async function ownWrite(run: RunContext, rec: CaseRecorder, op: Operation, suite: string): Promise<void> {
  if (!run.roles.client) throw new SkipCase(run.roles.unusable ?? 'blocked: no reseller key');
  if (run.roles.mintedSecret !== undefined) return sendAndJudge(run, rec, op, suite);
  const username = usernameFor(run, 'own', suite)!;
  const yielded = op.hints.yields;
  if (op.method === 'PUT') return writeBack(run, rec, op, username);
  if (op.method === 'POST' && yielded) {
    const value = run.data.ip(`${rec.planned.id}:probe`);
    const part = { path: partPath(run, op, username, yielded, value), owner: suite };
    run.ledger.intendPart(part);
    const ex = await rec.send('reseller', { ...buildRequest(run, op, rec.planned, username), body: { json: { [yielded]: value } } }, run.roles.client);
    // The admin removes it at once; its answer is the case's evidence too.
    if (succeeded(ex)) await removePart((req) => rec.send('admin', req), run.ledger, part);
    else run.ledger.partRemoved(part);
    return judgeExpected(rec, op, ex);
  }
  const adder = yielded === undefined ? partAdder(run, op) : undefined;
  if (op.method === 'DELETE' && adder) {
    const param = adder.hints.yields!;
    const value = run.data.ip(`${rec.planned.id}:probe`);
    const part = { path: operationPath(op, { username, [param]: value }), owner: suite };
    run.ledger.intendPart(part);
    const added = await rec.send('admin', { ...buildRequest(run, adder, rec.planned, username), body: { json: { [param]: value } } });
    if (!succeeded(added)) {
      run.ledger.partRemoved(part);
      throw new SkipCase(`the admin could not add the ${param} to delete (${describeOutcome(added)}): not judged`);
    }
    const ex = await rec.send('reseller', { method: op.method, path: part.path }, run.roles.client);
    await removePart((req) => rec.send('admin', req), run.ledger, part);
    return judgeExpected(rec, op, ex);
  }
  throw new SkipCase('not sent with a given key: the write cannot be undone on a record the run does not own (a run without --reseller-token mints a key and tries it)');
}

/** What the probe of a given key's own record sends (see ownWrite). */
function givenKeyProbeCost(op: Operation): PlannedCase['cost'] {
  if (op.method === 'PUT') return { reseller: 2 };
  if (op.method === 'DELETE' && !isRecordPath(op) && op.path.endsWith('}')) return { reseller: 1, admin: 2 };
  return { reseller: 1 };
}

/** PUT back exactly what the key just read: an accepting server changes
 *  nothing. Where the body is documented, only its fields are sent. */
async function writeBack(run: RunContext, rec: CaseRecorder, op: Operation, username: string): Promise<void> {
  const reader = run.spec.byId.get(op.hints.readBack ?? '') ?? run.spec.operations.find((o) => o.method === 'GET' && o.path === op.path);
  if (!reader) throw new SkipCase('no read to write back from: not judged');
  const read = await rec.send('reseller', buildRequest(run, reader, { ...rec.planned, variant: { type: 'positive' } }, username), run.roles.client);
  if (!succeeded(read) || read.response!.json === undefined) throw new SkipCase(`the key could not read what it would write back (${describeOutcome(read)}): not judged`);
  const current = read.response!.json as Record<string, unknown>;
  const fields = op.hints.body === 'documented' ? Object.keys((op.requestSchema as { properties?: object } | undefined)?.properties ?? {}) : undefined;
  const body = fields ? Object.fromEntries(fields.filter((k) => k in current).map((k) => [k, current[k]])) : current;
  const ex = await rec.send('reseller', { ...buildRequest(run, op, rec.planned, username), body: { json: body } }, run.roles.client);
  judgeExpected(rec, op, ex);
}

/** The operation that adds the part a DELETE removes (POST ips for DELETE ips/{ip}). */
function partAdder(run: RunContext, op: Operation): Operation | undefined {
  return run.spec.operations.find((o) => o.method === 'POST' && o.hints.yields && op.path === `${o.path}/{${o.hints.yields}}`);
}

function partPath(run: RunContext, adder: Operation, username: string, param: string, value: string): string {
  const remover = run.spec.operations.find((o) => o.method === 'DELETE' && o.path === `${adder.path}/{${param}}`);
  if (!remover) throw new Error(`spec: no DELETE removes what ${adder.operationId} adds`);
  return operationPath(remover, { username, [param]: value });
}


/** The admin deletes the minted key's reseller (the run's own), and the key
 *  must stop working. From then on it is a key the server does not know: it
 *  is sent, and counted, as one ('invalid': the server limits it with the
 *  requests that carry no valid key, not with the reseller's). A replica may
 *  lag: a 2xx is asked again until the lag has passed. */
async function keyOfDeletedReseller(run: RunContext, rec: CaseRecorder, op: Operation): Promise<void> {
  const { mintedSecret, ownUsername } = run.roles;
  if (mintedSecret === undefined || !ownUsername) throw new SkipCase(run.roles.unusable ?? 'no minted key: not judged');
  const remove = run.spec.record.remove;
  const removed = await rec.send('admin', { method: remove.method, path: operationPath(remove, { username: ownUsername }) });
  if (!succeeded(removed)) throw new SkipCase(`the admin could not delete the key's reseller (${describeOutcome(removed)}): not judged`);
  const identity = { method: op.method, path: op.path, authorization: `Bearer ${mintedSecret}` };
  const ex = await sendUntil(REPLICA_LAG_MS, () => rec.send('invalid', identity), (answer) => !succeeded(answer));
  judgeExpected(rec, op, ex);
}

/** The role suite's first case: a reseller of the run's own, and a key for it. */
async function mintResellerKey(run: RunContext, rec: CaseRecorder, op: Operation): Promise<void> {
  const create = run.spec.record.create;
  const body = run.data.resellerCreate('role-owner');
  recordIntent(run, create, body, role.suite);
  const created = await rec.send('admin', { method: create.method, path: create.path, body: { json: body } });
  recordCreated(run, create, body, created, role.suite);
  if (!succeeded(created)) {
    run.roles.unusable = `the server did not create the reseller to mint a key for (${describeOutcome(created)})`;
    throw new SkipCase(run.roles.unusable);
  }
  const ex = await rec.send('admin', buildRequest(run, op, rec.planned, body.username));
  // The client registered the secret with the redactor before recording it.
  const secret = (ex.response?.json as { secret_key?: unknown } | undefined)?.secret_key;
  if (!succeeded(ex) || typeof secret !== 'string') {
    run.roles.unusable = `the server refused to mint a reseller key (${describeOutcome(ex)}); pass --reseller-token to run the role cases`;
    throw new SkipCase(run.roles.unusable);
  }
  rec.judge(expectResponse(ex, rec.planned.expect));
  rec.judge(expectSchema(run.validators, op.operationId, ex, rec.planned.expect.requirement));
  rec.judge(expectKeyCopy(ex));
  const client = run.client.withReseller(secret);
  // The key the server issued must be the reseller's: a key that does not
  // work (or works as someone else) would leave every role case unjudged.
  const identity = run.spec.identity;
  const me = await rec.send('reseller', { method: identity.method, path: identity.path }, client);
  skipIfRateLimited(me);
  const works = expectKeyWorks(me, body.username);
  rec.judge(works);
  if (!works.ok) {
    run.roles.unusable = `the key the server issued does not authenticate as its reseller (${works.message}): role cases not judged`;
    return;
  }
  run.roles.client = client;
  run.roles.ownUsername = body.username;
  run.roles.mintedSecret = secret;
}
