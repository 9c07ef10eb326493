// Runs one planned case against the server and judges it. The case says what
// to send and expect; this module knows how each kind of case unfolds.
import type { CaseResult, Exchange } from '../model.ts';
import type { PlannedCase } from '../cases/types.ts';
import { followUps } from '../cases/generate.ts';
import type { Operation } from '../spec/load.ts';
import { describeOutcome, expectAbsent, expectReadBack, expectResponse, expectSchema, statusMatches, succeeded } from '../checks/expect.ts';
import { positiveBodies } from '../../fixtures/bodies.ts';
import type { RunContext } from './context.ts';
import { CaseRecorder, SkipCase } from './recorder.ts';
import { buildRequest, dataLabel, resolveTarget } from './request.ts';
import { recordCreated, recordIntent } from './creates.ts';
import { exceedLimit } from './exceed-limit.ts';

export async function executeCase(run: RunContext, c: PlannedCase, suite: string): Promise<CaseResult> {
  const rec = new CaseRecorder(c, run);
  if (c.disabled) return rec.result('disabled', c.disabled);
  if (c.skip) return rec.result('skipped', c.skip);
  const op = run.spec.byId.get(c.operationId)!;
  try {
    switch (c.variant.type) {
      case 'mint-key': await mintResellerKey(run, rec, op); break;
      case 'duplicate': await duplicateCreate(run, rec, op); break;
      case 'exceed-limit': await exceedLimit(run, rec, op); break;
      default:
        if (c.kind === 'positive') await positive(run, rec, op);
        else await negative(run, rec, op, suite);
    }
    return rec.result();
  } catch (err) {
    if (err instanceof SkipCase) {
      // Whatever was already judged stands; otherwise the case is not judged.
      const outcome = rec.outcome();
      return rec.result(outcome === 'failed' ? 'failed' : 'skipped', err.message);
    }
    return rec.result('error', `suite error: ${(err as Error).message}`);
  }
}

/** Answers that say nothing about what the case tests: never a pass, never a failure. */
function guardJudgeable(c: PlannedCase, op: Operation, ex: Exchange): void {
  const status = ex.response?.status;
  if (status === 429) throw new SkipCase('rate limited (429) even after waiting for the reset: not judged');
  if (status === 401 && c.expect.status !== 401 && (c.credential === 'admin' || c.credential === 'reseller')) {
    throw new SkipCase('the server answered 401 to a valid key: not judged');
  }
  if (op.hints.body === 'undocumented' && (status === 400 || status === 422) && !statusMatches(status, c.expect.status)) {
    throw new SkipCase(`the server refused our guess of the undocumented request body (${status}): not judged`);
  }
}

async function positive(run: RunContext, rec: CaseRecorder, op: Operation): Promise<void> {
  const c = rec.planned;
  const username = resolveTarget(run, c.target, 'lifecycle');
  const req = buildRequest(run, op, c, username);
  const written = req.body && 'json' in req.body ? req.body.json : undefined;
  recordIntent(run, op, written);
  const ex = await rec.send('admin', req);
  recordCreated(run, op, written, ex);
  guardJudgeable(c, op, ex);
  rec.judge(expectResponse(ex, c.expect));
  rec.judge(expectSchema(run.validators, op.operationId, ex, c.expect.requirement));
  if (!succeeded(ex)) return;

  if (op.method === 'GET') run.lifecycle.reads[op.operationId] = ex.response!.json;
  if (op.creates) {
    run.lifecycle.username = (written as { username: string }).username;
  }
  if (c.requirements.includes('LIFE-LIST-CONTAINS') && run.lifecycle.username) {
    const names = Array.isArray(ex.response!.json) ? (ex.response!.json as Array<{ username?: unknown }>).map((r) => r?.username) : [];
    rec.judge({
      requirement: 'LIFE-LIST-CONTAINS',
      ok: names.includes(run.lifecycle.username),
      message: names.includes(run.lifecycle.username) ? `${run.lifecycle.username} listed` : `expected the list to contain ${run.lifecycle.username}, got ${names.length} other entries`,
    });
  }
  // A written value another operation takes as a path parameter (the IP).
  for (const [key, value] of Object.entries((written ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string' && key === 'ip') run.lifecycle.ip = value;
  }
  if (op.hints.readBack) await readBack(run, rec, op, written);
  if (c.requirements.includes('LIFE-DELETE-GONE')) await confirmGone(run, rec, op, username!);
}

async function readBack(run: RunContext, rec: CaseRecorder, op: Operation, written: unknown): Promise<void> {
  const reader = run.spec.byId.get(op.hints.readBack!)!;
  const ex = await rec.send('admin', buildRequest(run, reader, { ...rec.planned, variant: { type: 'positive' } }, run.lifecycle.username));
  guardJudgeable(rec.planned, reader, ex);
  if (op.method === 'DELETE') {
    rec.judge(expectAbsent(ex, run.lifecycle.ip!, 'LIFE-IP-REMOVED'));
    run.lifecycle.ip = undefined;
  } else {
    const guessed = op.hints.body === 'undocumented' ? { before: run.lifecycle.reads[reader.operationId] } : undefined;
    rec.judge(expectReadBack(ex, written, 'LIFE-WRITE-READ-BACK', guessed));
  }
}

async function confirmGone(run: RunContext, rec: CaseRecorder, op: Operation, username: string): Promise<void> {
  const { get, list } = followUps(run.spec, op);
  const c = rec.planned;
  let gone = false;
  if (get) {
    const ex = await rec.send('admin', buildRequest(run, get, c, username));
    gone = ex.response?.status === 404;
    rec.judge({ requirement: 'LIFE-DELETE-GONE', ok: gone, message: `expected GET after DELETE to answer 404, got ${describeOutcome(ex)}` });
  }
  if (list) {
    const ex = await rec.send('admin', buildRequest(run, list, c, undefined));
    const listed = Array.isArray(ex.response?.json) && (ex.response!.json as Array<{ username?: unknown }>).some((r) => r?.username === username);
    rec.judge({ requirement: 'LIFE-DELETE-GONE', ok: !listed, message: listed ? `expected ${username} to leave the list, still listed` : `${username} no longer listed` });
  }
  if (gone) {
    run.ledger.deleted(username);
    run.lifecycle.username = undefined;
  }
}

async function negative(run: RunContext, rec: CaseRecorder, op: Operation, suite: string): Promise<void> {
  const c = rec.planned;
  if (c.credential === 'reseller' && !run.roles.client) throw new SkipCase(run.roles.unusable ?? 'blocked: no reseller key');
  const username = resolveTarget(run, c.target, suite);
  const req = buildRequest(run, op, c, username);
  // What a create may create: the body sent, or the positive body a raw
  // (malformed, form-encoded) variant was made from.
  const sent = req.body && 'json' in req.body ? req.body.json : positiveBodies[op.operationId]?.(run.data, dataLabel(c));
  recordIntent(run, op, sent);
  const ex = await rec.send(c.credential, req, c.credential === 'reseller' ? run.roles.client : undefined);
  recordCreated(run, op, sent, ex);
  if (c.id.endsWith('.own') && run.roles.minted && !run.roles.confirmed) {
    if (ex.response?.status === 403) {
      run.roles.unusable = 'the minted reseller key was refused even its own record (403); API-key permission names are undocumented: pass --reseller-token';
      run.roles.client = undefined;
      throw new SkipCase(run.roles.unusable);
    }
    run.roles.confirmed = succeeded(ex);
  }
  guardJudgeable(c, op, ex);
  rec.judge(expectResponse(ex, c.expect));
}

/** The role suite's first case: a reseller of the run's own, and a key for it. */
async function mintResellerKey(run: RunContext, rec: CaseRecorder, op: Operation): Promise<void> {
  const create = run.spec.operations.find((o) => o.creates)!;
  const body = run.data.resellerCreate('role-owner');
  recordIntent(run, create, body);
  const created = await rec.send('admin', { method: create.method, path: create.path, body: { json: body } });
  recordCreated(run, create, body, created);
  if (!succeeded(created)) {
    run.roles.unusable = `the server did not create the reseller to mint a key for (${describeOutcome(created)})`;
    throw new SkipCase(run.roles.unusable);
  }
  const ex = await rec.send('admin', buildRequest(run, op, rec.planned, body.username));
  const secret = (ex.response?.json as { secret_key?: unknown } | undefined)?.secret_key;
  if (typeof secret === 'string') run.redact.add(secret);
  if (!succeeded(ex) || typeof secret !== 'string') {
    run.roles.unusable = `the server refused to mint a reseller key (${describeOutcome(ex)}); pass --reseller-token to run the role cases`;
    throw new SkipCase(run.roles.unusable);
  }
  rec.judge(expectResponse(ex, rec.planned.expect));
  rec.judge(expectSchema(run.validators, op.operationId, ex, rec.planned.expect.requirement));
  run.roles.client = run.client.withReseller(secret);
  run.roles.ownUsername = body.username;
  run.roles.minted = true;
}

/** Keys whose change would mean a duplicate create touched the record. */
const SNAPSHOT_KEYS = /^(email|package|max_\w+|\w+_quota_mb|can_grant_\w+)$/;

async function duplicateCreate(run: RunContext, rec: CaseRecorder, op: Operation): Promise<void> {
  const c = rec.planned;
  const username = resolveTarget(run, c.target, 'lifecycle')!;
  const get = run.spec.operations.find((o) => o.method === 'GET' && o.path.endsWith('{username}'))!;
  const snapshot = (ex: Exchange) =>
    Object.fromEntries(Object.entries((ex.response?.json ?? {}) as Record<string, unknown>).filter(([k]) => SNAPSHOT_KEYS.test(k)));
  const before = await rec.send('admin', buildRequest(run, get, c, username));
  if (before.response?.status !== 200) throw new SkipCase(`the existing reseller could not be read (${describeOutcome(before)})`);
  const dup = { username, email: run.data.email(`${username}dup`), password: run.data.password('duplicate') };
  const ex = await rec.send('admin', { method: op.method, path: op.path, body: { json: dup } });
  guardJudgeable(c, op, ex);
  rec.judge(expectResponse(ex, c.expect));
  const after = await rec.send('admin', buildRequest(run, get, c, username));
  const was = snapshot(before);
  const now = snapshot(after);
  const changed = Object.keys({ ...was, ...now }).filter((k) => JSON.stringify(was[k]) !== JSON.stringify(now[k]));
  rec.judge({
    requirement: 'SAFE-DUPLICATE-REFUSED',
    ok: changed.length === 0 && after.response?.status === 200,
    message: changed.length === 0 ? 'existing reseller unchanged' : `expected the existing reseller unchanged, got ${changed.map((k) => `${k} ${JSON.stringify(was[k])} -> ${JSON.stringify(now[k])}`).join(', ')}`,
  });
}

