// What the lifecycle's writes may reach beyond its own reseller: a
// duplicate create, then the list after the writes (the duplicate changed
// nothing, the limits written show there too, the run's other records are
// as they were); the bystander's parts; in certify, the parts of a record
// the run does not own, before and after the writes.
import { describeOutcome, succeeded } from '../../model/exchange.ts';
import type { Operation } from '../../spec/load.ts';
import { OTHERS_READ, writtenParts } from '../../cases/kinds/lifecycle.ts';
import { writerOf } from '../../cases/make.ts';
import { distinctiveValues } from '../../checks/read-back.ts';
import { listEntries } from '../../checks/record-fields.ts';
import type { RunContext } from '../context.ts';
import { SkipCase, type CaseRecorder } from '../recorder.ts';
import { buildRequest, lifecycleUsername, usernameFor } from '../request.ts';
import { operationPath } from '../paths.ts';
import { judgeExpected } from '../steps.ts';
import { bystanderNames, distinctiveFields } from '../bystanders.ts';
import type { KindExecutor } from './kind.ts';

export const lifecycle: KindExecutor<'lifecycle'> = {
  name: 'lifecycle',
  execute(run, rec, op, suite) {
    switch (rec.planned.variant.type) {
      case 'duplicate':
        return duplicate(run, rec, op, suite);
      case 'contained':
        return contained(run, rec, suite);
      case 'before-writes':
        return othersBefore(run, rec);
      case 'others-after':
        return othersAfter(run, rec);
      default:
        throw new Error(`lifecycle: no case of variant ${rec.planned.variant.type}`);
    }
  },
};

/** A create with the name of the lifecycle's reseller, then the list: the
 *  record is as its last read showed it, the limits written show in its
 *  entry too, the run's other records are as the list before the writes
 *  showed them. */
async function duplicate(run: RunContext, rec: CaseRecorder, op: Operation, suite: string): Promise<void> {
  const c = rec.planned;
  const username = usernameFor(run, c.target, suite)!;
  const { get, list } = run.spec.record;
  const before = run.lifecycle.reads[get.operationId];
  if (before === undefined) throw new SkipCase(`the existing reseller was not read before (see ${get.operationId})`);
  const dup = { username, email: run.data.email(`${username}dup`), password: run.data.password('duplicate') };
  const ex = await rec.send('admin', { method: op.method, path: op.path, body: { json: dup } });
  const after = await rec.send('admin', { ...buildRequest(run, list, c, undefined), purpose: 'data-safety' });
  run.lifecycle.lists.afterWrites = after;
  rec.judge('SAFE-DUPLICATE-UNCHANGED', after, { before, username });
  const written = distinctiveFields(run);
  if (Object.keys(written).length) rec.judge('LIFE-READS-AGREE', after, { written, username });
  rec.judge('SAFE-WRITE-CONTAINED', after, {
    on: 'list',
    names: bystanderNames(run, username),
    before: run.lifecycle.lists.beforeWrites?.response?.json,
    written,
    target: username,
  });
  judgeExpected(rec, op, ex);
}

/** The bystander's parts after the writes: it keeps what the run wrote to
 *  it and shows nothing the run wrote to the lifecycle's reseller. */
async function contained(run: RunContext, rec: CaseRecorder, suite: string): Promise<void> {
  const bystander = usernameFor(run, 'bystander', suite)!;
  const target = lifecycleUsername(run);
  let kept = run.lifecycle.exactRemoval === true;
  for (const part of writtenParts(run.spec)) {
    const ex = await rec.send('admin', { method: 'GET', path: operationPath(part, { username: bystander }), purpose: 'data-safety' });
    judgeExpected(rec, part, ex);
    const keeps = run.bystander.keeps[part.operationId] ?? [];
    // A value the run wrote to both says nothing of where a write went.
    const foreign = writtenTo(run, part).filter((v) => !keeps.includes(v));
    const judged = rec.judge('SAFE-WRITE-CONTAINED', ex, { on: 'part', keeps, foreign, bystander, target });
    kept &&= judged.length > 0 && judged.every((f) => f.ok);
  }
  run.lifecycle.contained.settle(kept);
}

/** What the run wrote to a part of the lifecycle's reseller (every value:
 *  an IP and its sibling). */
function writtenTo(run: RunContext, part: Operation): Array<string | number> {
  const writer = writerOf(run.spec, part);
  const written = writer && run.lifecycle.written[writer.operationId];
  const siblings = writer?.hints.yields ? (run.lifecycle.siblings[writer.hints.yields] ?? []) : [];
  return [...distinctiveValues(written), ...siblings];
}

/** Records the run does not own, as the list before the writes shows them:
 *  the first OTHERS_READ by name. */
function othersOf(run: RunContext): string[] {
  const entries = listEntries(run.lifecycle.lists.beforeWrites?.response?.json);
  if (!entries) throw new SkipCase('no list before the writes to choose records from (see listResellers)');
  return [...entries.keys()]
    .filter((name) => !name.startsWith(run.prefix))
    .sort()
    .slice(0, OTHERS_READ);
}

async function othersBefore(run: RunContext, rec: CaseRecorder): Promise<void> {
  const names = othersOf(run);
  if (!names.length) throw new SkipCase('the panel holds no reseller the run does not own: nothing to read');
  for (const name of names) {
    const parts: Record<string, unknown> = {};
    for (const part of writtenParts(run.spec)) {
      const ex = await rec.send('admin', { method: 'GET', path: operationPath(part, { username: name }), purpose: 'data-safety' });
      judgeExpected(rec, part, ex);
      if (succeeded(ex)) parts[part.operationId] = ex.response!.json;
    }
    run.lifecycle.others.set(name, parts);
  }
}

/** The same parts after the writes: none carries a value the run wrote to
 *  its own reseller (proof); any other change is noted. */
async function othersAfter(run: RunContext, rec: CaseRecorder): Promise<void> {
  if (!run.lifecycle.others.size) throw new SkipCase('no record the run does not own was read before the writes');
  for (const [name, before] of run.lifecycle.others) {
    for (const part of writtenParts(run.spec)) {
      if (!(part.operationId in before)) continue;
      const ex = await rec.send('admin', { method: 'GET', path: operationPath(part, { username: name }), purpose: 'data-safety' });
      if (!succeeded(ex)) throw new SkipCase(`${name} could not be read again (${describeOutcome(ex)}): another client may have removed it`);
      rec.judge('SAFE-OTHERS-UNTOUCHED', ex, { on: 'part', before: before[part.operationId], written: writtenTo(run, part), name });
    }
  }
}
