// A reseller key ("Admin only (reseller reads own)"): given, or minted for
// a reseller of the run's own. Its first own read tells whether it works;
// its writes to its own record are probes that change nothing the run does
// not own; once the admin deletes its reseller, it must stop working.
import { describeOutcome, succeeded, type Exchange } from '../../model/exchange.ts';
import type { Operation } from '../../spec/load.ts';
import type { RunContext } from '../context.ts';
import { SkipCase, type CaseRecorder } from '../recorder.ts';
import { buildRequest, usernameFor } from '../request.ts';
import { operationPath } from '../paths.ts';
import { recordCreated, withIntent } from '../creates.ts';
import { judgeExpected, sendAndJudge, sendCase, skipIfRateLimited } from '../steps.ts';
import { removePart } from '../cleanup.ts';
import { deleteOwnerThenTryKey, issueKey } from '../keys.ts';
import { pushBeyondLimit } from './rate-limit.ts';
import type { KindExecutor } from './kind.ts';

export const role: KindExecutor<'role'> = {
  name: 'role',
  async execute(run, rec, op, suite) {
    switch (rec.planned.variant.type) {
      case 'mint-key':
        return mintResellerKey(run, rec, op, suite);
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

/** The key's first own read. A given key refused it may lack a scope: the
 *  role cases cannot be judged with it (certify judges the panel with a key
 *  of its own, createApiKey.key.full). The run's own key of scope all
 *  refused it is the panel's failure: this case fails, the others cannot
 *  be judged. */
function confirmKey(run: RunContext, status: number | undefined): void {
  if (run.roles.confirmed) return;
  if (status === 403) {
    run.roles.client = undefined;
    if (run.roles.mintedSecret !== undefined) {
      run.roles.unusable = 'blocked: the run\'s own reseller key (scope "all") was refused its own record (see ROLE-RESELLER-READ-OWN)';
      return;
    }
    run.roles.unusable =
      'the --reseller-token key was refused even its own record (403): a key scoped narrower than the reseller\'s own reads ("API key is not scoped ..."); role cases not judged with it (certify judges the panel with a key of its own)';
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
    // A refusal proves nothing was added only once a read shows it.
    if (succeeded(ex) || !(await refusedAddLeftNothing(run, rec, op, username, value, ex))) await removePart((req) => rec.send('admin', req), run.ledger, part);
    else run.ledger.partRemoved(part);
    return judgeExpected(rec, op, ex);
  }
  const adder = yielded === undefined ? partAdder(run, op) : undefined;
  if (op.method === 'DELETE' && adder) {
    // The admin adds and removes a part of the given reseller's: on a panel
    // whose add lands elsewhere too, or whose removal takes more than it
    // names, that would reach records the run does not own.
    if (!(await run.lifecycle.contained.value))
      throw new SkipCase(
        "not sent with a given key: the lifecycle did not show that its writes land only on the record they name and a removal takes only what it names (LIFE-IP-REMOVED, SAFE-WRITE-CONTAINED), and the admin's add and removal of the probe would reach records the run does not own",
      );
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
  throw new SkipCase(
    'not sent with a given key: the write cannot be undone on a record the run does not own (a run without --reseller-token mints a key and tries it)',
  );
}

/** After the key's add was refused: the admin reads the parts, and the
 *  refused value must not show (SAFE-REFUSED-NOT-APPLIED). Whether the read
 *  shows it absent; false when it shows it, or cannot tell. */
async function refusedAddLeftNothing(run: RunContext, rec: CaseRecorder, op: Operation, username: string, value: string, refused: Exchange): Promise<boolean> {
  const reader = run.spec.byId.get(op.hints.readBack ?? '');
  if (!reader) return false;
  const read = await rec.send('admin', { method: 'GET', path: operationPath(reader, { username }), purpose: 'data-safety' });
  if (!succeeded(read)) return false;
  const [finding] = rec.judge('SAFE-REFUSED-NOT-APPLIED', read, { on: 'part', refused, value });
  return finding?.ok === true;
}

/** PUT back exactly what the key just read: an accepting server changes
 *  nothing. Where the body is documented, only its fields are sent. */
async function writeBack(run: RunContext, rec: CaseRecorder, op: Operation, username: string): Promise<void> {
  const reader = run.spec.byId.get(op.hints.readBack ?? '') ?? run.spec.operations.find((o) => o.method === 'GET' && o.path === op.path);
  if (!reader) throw new SkipCase('no read to write back from: not judged');
  const read = await rec.send('reseller', buildRequest(run, reader, { ...rec.planned, variant: { type: 'positive' } }, username), run.roles.client);
  if (!succeeded(read) || read.response!.json === undefined)
    throw new SkipCase(`the key could not read what it would write back (${describeOutcome(read)}): not judged`);
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

/** The admin deletes the minted key's reseller, and the key must stop working. */
async function keyOfDeletedReseller(run: RunContext, rec: CaseRecorder, op: Operation): Promise<void> {
  const { mintedSecret, ownUsername } = run.roles;
  if (mintedSecret === undefined || !ownUsername) throw new SkipCase(run.roles.unusable ?? 'no minted key: not judged');
  return deleteOwnerThenTryKey(run, rec, op, { secret: mintedSecret, username: ownUsername });
}

/** The role suite's first case: a reseller of the run's own, and a key for it. */
async function mintResellerKey(run: RunContext, rec: CaseRecorder, op: Operation, suite: string): Promise<void> {
  const create = run.spec.record.create;
  const body = run.data.resellerCreate('role-owner');
  const created = await rec.send('admin', withIntent(run, create, body, suite, { method: create.method, path: create.path, body: { json: body } }));
  recordCreated(run, create, body, created, suite);
  if (!succeeded(created)) {
    run.roles.unusable = `the server did not create the reseller to mint a key for (${describeOutcome(created)})`;
    throw new SkipCase(run.roles.unusable);
  }
  const { ex, secret } = await issueKey(rec, run, op, body.username, run.data.apiKeyRequest(rec.planned.id));
  if (secret === undefined) {
    run.roles.unusable = `the server did not issue a reseller key (${describeOutcome(ex)}): role cases not judged`;
    return;
  }
  const client = run.client.withReseller(secret);
  // The key the server issued must be the reseller's: a key that does not
  // work (or works as someone else) would leave every role case unjudged.
  const identity = run.spec.identity;
  const me = await rec.send('reseller', { method: identity.method, path: identity.path }, client);
  skipIfRateLimited(me);
  const [works] = rec.judge('AUTH-KEY-WORKS', me, { username: body.username });
  if (!works.ok) {
    run.roles.unusable = `the key the server issued does not authenticate as its reseller (${works.message}): role cases not judged`;
    return;
  }
  run.roles.client = client;
  run.roles.ownUsername = body.username;
  run.roles.mintedSecret = secret;
}
