// A positive case against the lifecycle's reseller: its request, the
// expected answer and documented shape, then what it must leave behind: the
// list shows the new record; a read shows what the write before it changed
// (on every path); a removed part is gone and only it; the deleted record
// is gone everywhere, its parts too, while the records around it stay.
import type { Exchange } from '../../model/exchange.ts';
import { exchangeSummary, succeeded, type RequestPurpose } from '../../model/exchange.ts';
import type { Operation } from '../../spec/load.ts';
import { writerOf } from '../../cases/make.ts';
import { readBackRequirement, readsBackFieldByField } from '../../cases/kinds/positive.ts';
import { listedNames } from '../../checks/listed.ts';
import { containsValue, distinctiveValues } from '../../checks/read-back.ts';
import type { RunContext } from '../context.ts';
import type { CaseRecorder } from '../recorder.ts';
import { REPLICA_LAG_MS, sendUntil } from '../cleanup.ts';
import { buildRequest, usernameFor } from '../request.ts';
import { operationPath } from '../paths.ts';
import { recordCreated, recordDeleteAnswer, recordDeleteIntent, withIntent } from '../creates.ts';
import { guardJudgeable, judgeExpected } from '../steps.ts';
import { bystanderNames, distinctiveFields, searchStrayWrite } from '../bystanders.ts';
import type { KindExecutor } from './kind.ts';

export const positive: KindExecutor<'positive'> = {
  name: 'positive',
  // The lifecycle ended: what it did not show is not shown.
  afterSuite: (run) => run.lifecycle.contained.settle(false),
  async execute(run, rec, op, suite) {
    const c = rec.planned;
    const username = usernameFor(run, c.target, suite);
    const req = buildRequest(run, op, c, username);
    const written = req.body && 'json' in req.body ? req.body.json : undefined;
    recordDeleteIntent(run, op, username);
    const asked = op === run.spec.identity && run.input.preflightIdentity;
    const ex = asked ? rec.adopt(asked, true) : await rec.send('admin', withIntent(run, op, written, suite, req));
    recordCreated(run, op, written, ex, suite);
    recordDeleteAnswer(run, op, username, ex);
    judgeExpected(rec, op, ex);
    const then = c.variant.type === 'positive' ? c.variant.then : undefined;
    if (then === 'confirm-gone' && ex.response?.status === 404) await vanished(run, rec, username!);
    if (!succeeded(ex)) return;

    if (op.method === 'GET') run.lifecycle.reads[op.operationId] = ex.response!.json;
    if (op === run.spec.record.list) run.lifecycle.lists.beforeWrites = ex;
    if (op.creates) run.lifecycle.username = (written as { username: string }).username;
    if (op.method === 'PUT' || (op.method === 'POST' && !op.creates)) await wrote(run, rec, op, written);
    if (then === 'list-contains' && run.lifecycle.username) rec.judge('LIFE-LIST-CONTAINS', ex, { username: run.lifecycle.username });
    if (then === 'shows-write') await showsWrite(run, rec, op, ex);
    if (op.method === 'DELETE' && op.hints.readBack && op !== run.spec.record.remove) await partRemoved(run, rec, op);
    if (then === 'confirm-gone') await confirmGone(run, rec, username!);
  },
};

/** After a write answered 2xx: what it wrote is kept for the reads after
 *  it; a part that yields a name (an IP) gets a sibling, so that removing it
 *  shows whether only it goes; a write whose record the vendor documents is
 *  read back on the record, field by field, the fields it did not name
 *  unchanged. */
async function wrote(run: RunContext, rec: CaseRecorder, op: Operation, written: unknown): Promise<void> {
  run.lifecycle.written[op.operationId] = written;
  const param = op.hints.yields;
  const value = param && (written as Record<string, unknown> | undefined)?.[param];
  if (param && typeof value === 'string') {
    run.lifecycle.yielded[param] = value;
    const sibling = run.data.ip(`${rec.planned.id}:sibling`);
    const again = await rec.send('admin', {
      ...buildRequest(run, op, rec.planned, run.lifecycle.username),
      body: { json: { ...(written as object), [param]: sibling } },
      purpose: 'data-safety',
    });
    guardJudgeable(rec.planned, op, again);
    rec.judgeExpected(again);
    if (succeeded(again)) run.lifecycle.siblings[param] = [sibling];
  }
  if (readsBackFieldByField(run.spec, op)) {
    const record = run.spec.record.get;
    const read = await rec.send('admin', {
      ...buildRequest(run, record, { ...rec.planned, variant: { type: 'positive' } }, run.lifecycle.username),
      purpose: 'data-safety',
    });
    guardJudgeable(rec.planned, record, read);
    rec.judge('LIFE-LIMITS-PERSIST', read, { written: written as Record<string, unknown> });
    rec.judge('SAFE-PARTIAL-WRITE', read, { before: run.lifecycle.reads[record.operationId], written: written as Record<string, unknown> });
    if (succeeded(read)) run.lifecycle.reads[record.operationId] = read.response!.json;
  }
}

/** The same removal on the bystander, of an address only the lifecycle's
 *  reseller holds (the sibling): a panel that deletes by the address alone
 *  takes it from its holder. Nothing is ever assigned twice (panels refuse
 *  or move a shared address), and what it answers is not judged: the read
 *  after it is. The removal, in words. */
async function removeFromBystander(run: RunContext, rec: CaseRecorder, op: Operation, param: string, address: string): Promise<string | undefined> {
  const bystander = run.bystander.username;
  if (!bystander) return undefined;
  const ex = await rec.send('admin', { method: op.method, path: operationPath(op, { username: bystander, [param]: address }), purpose: 'data-safety' });
  return exchangeSummary(ex);
}

/** A read of what a write changed: what it wrote shows here too. */
async function showsWrite(run: RunContext, rec: CaseRecorder, read: Operation, ex: Exchange): Promise<void> {
  const writer = writerOf(run.spec, read)!;
  const written = run.lifecycle.written[writer.operationId];
  if (written === undefined) return;
  if (writer.hints.readBack !== read.operationId) {
    rec.judge('LIFE-READS-AGREE', ex, { written: written as Record<string, unknown>, username: run.lifecycle.username! });
    return;
  }
  const param = writer.hints.yields;
  const all = param ? [written, ...(run.lifecycle.siblings[param] ?? []).map((v) => ({ [param]: v }))] : written;
  rec.judge(readBackRequirement(writer), ex, { written: all, guessed: writer.hints.body === 'undocumented' });
  const unseen = distinctiveValues(all).filter((v) => !containsValue(ex.response?.json, v));
  if (succeeded(ex) && unseen.length) await searchStrayWrite(run, rec, read, unseen);
}

/** A part removed: the one the path names (an IP) is gone and its siblings
 *  stay; a part without a name (the branding) no longer shows what was
 *  written to it. */
async function partRemoved(run: RunContext, rec: CaseRecorder, op: Operation): Promise<void> {
  const reader = run.spec.byId.get(op.hints.readBack!)!;
  const name = Object.keys(run.lifecycle.yielded).find((p) => op.path.includes(`{${p}}`));
  const siblings = (name && run.lifecycle.siblings[name]) || [];
  const elsewhere = name && siblings.length ? await removeFromBystander(run, rec, op, name, siblings[0]) : undefined;
  const ex = await rec.send('admin', {
    ...buildRequest(run, reader, { ...rec.planned, variant: { type: 'positive' } }, run.lifecycle.username),
    purpose: 'data-safety',
  });
  guardJudgeable(rec.planned, reader, ex);
  if (name) {
    const [judged] = rec.judge('LIFE-IP-REMOVED', ex, { value: run.lifecycle.yielded[name], siblings, elsewhere });
    run.lifecycle.exactRemoval = judged?.ok === true && siblings.length > 0;
    delete run.lifecycle.yielded[name];
    return;
  }
  const writer = run.spec.operations.find((o) => o.method === 'PUT' && o.path === op.path);
  const written = writer && run.lifecycle.written[writer.operationId];
  if (written !== undefined) rec.judge('LIFE-PART-RESET', ex, { written });
}

/** Its DELETE answered 404: if its read does too, something removed it
 *  before (a 200 there is the DELETE's own fault, judged by its status). */
async function vanished(run: RunContext, rec: CaseRecorder, username: string): Promise<void> {
  const { get } = run.spec.record;
  const read = await rec.send('admin', { ...buildRequest(run, get, rec.planned, username), purpose: 'data-safety' });
  rec.judge('SAFE-WRITE-CONTAINED', read, { on: 'vanished', name: username });
}

/**
 * The deleted record is gone everywhere: its read answers 404 (a replica
 * may lag: within the lag the clean-up allows too, not at the first look),
 * then each of its parts (RES-NOT-FOUND-404, SAFE-DELETE-COMPLETE), and the
 * list no longer holds it, while every record of the run's own it did not
 * delete is still listed and none the run does not own carries a value the
 * run wrote.
 */
async function confirmGone(run: RunContext, rec: CaseRecorder, username: string): Promise<void> {
  const { get, list, parts } = run.spec.record;
  const deadline = Date.now() + REPLICA_LAG_MS;
  const read = (op: Operation, name: string | undefined, purpose?: RequestPurpose) => () =>
    rec.send('admin', { ...buildRequest(run, op, rec.planned, name), purpose });
  const gone = await sendUntil(deadline - Date.now(), read(get, username), (ex) => ex.response?.status === 404);
  rec.judge('LIFE-DELETE-GONE', gone, { username, read: 'record' });
  if (gone.response?.status === 404) {
    run.ledger.deleted(username);
    run.lifecycle.username = undefined;
  }
  const notFound = { expect: { status: 404, code: run.spec.errorCodes[404], requirement: 'RES-NOT-FOUND-404' } };
  const answers = await Promise.all(parts.map((part) => sendUntil(deadline - Date.now(), read(part, username, 'data-safety'), (answer) => !succeeded(answer))));
  for (const ex of answers) {
    rec.judge('RES-NOT-FOUND-404', ex, notFound);
    rec.judge('SAFE-DELETE-COMPLETE', ex);
  }
  const bystanders = bystanderNames(run, username);
  const listed = await sendUntil(deadline - Date.now(), read(list, undefined), (ex) => {
    const names = listedNames(ex);
    return !names.includes(username) && bystanders.every((b) => names.includes(b));
  });
  rec.judge('LIFE-DELETE-GONE', listed, { username, read: 'list' });
  rec.judge('SAFE-WRITE-CONTAINED', listed, { on: 'list', names: bystanders, target: username });
  const before = run.lifecycle.lists.beforeWrites;
  if (before) rec.judge('SAFE-OTHERS-UNTOUCHED', listed, { on: 'list', before: before.response?.json, ownPrefix: run.prefix, written: distinctiveFields(run) });
}
