// What the lifecycle's writes must not reach, as the run knows it: its own
// records besides the one written (the bystander, and the reseller key's
// owner when the run minted the key) that it has not meant to delete, and
// the values only this run wrote.
import { readsBackFieldByField } from '../cases/kinds/positive.ts';
import type { Operation } from '../spec/load.ts';
import type { RunContext } from './context.ts';
import type { CaseRecorder } from './recorder.ts';
import { operationPath } from './paths.ts';

/** The run's own records that must come through the writes to `target`
 *  unchanged and still listed. */
export function bystanderNames(run: RunContext, target: string): string[] {
  const owner = run.roles.mintedSecret !== undefined ? run.roles.ownUsername : undefined;
  return [run.bystander.username, owner].filter((name): name is string => name !== undefined && name !== target && !run.ledger.deleteMeant(name));
}

/** Every record the run created and has not meant to delete. */
export function ownRecords(run: RunContext): string[] {
  return run.ledger
    .pending()
    .filter((e) => e.created && !run.ledger.deleteMeant(e.username))
    .map((e) => e.username);
}

/** A write answered 2xx whose `unseen` values the read of its own part did
 *  not show went somewhere: the same part of the run's other records (the
 *  fixtures, the key's owner; the bystander's parts are read later) must
 *  not show them. Read at once, while they still exist, and only then: a
 *  panel that keeps its writes pays nothing. A record its suite deleted
 *  meanwhile answers 404, which judges nothing. */
export async function searchStrayWrite(run: RunContext, rec: CaseRecorder, part: Operation, unseen: Array<string | number>): Promise<void> {
  const target = run.lifecycle.username!;
  const others = ownRecords(run).filter((name) => name !== target && name !== run.bystander.username);
  for (const name of others) {
    const ex = await rec.send('admin', { method: 'GET', path: operationPath(part, { username: name }), purpose: 'data-safety' });
    rec.judge('SAFE-WRITE-CONTAINED', ex, { on: 'part', keeps: [], foreign: unseen, bystander: name, target });
  }
}

/** The fields of a record that only this run wrote, with their values: what
 *  each write read back field by field on the record wrote (the limits). */
export function distinctiveFields(run: RunContext): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const op of run.spec.operations) {
    const written = run.lifecycle.written[op.operationId];
    if (written !== undefined && readsBackFieldByField(run.spec, op)) Object.assign(fields, written);
  }
  return fields;
}
