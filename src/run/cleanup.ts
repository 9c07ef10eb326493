import { setTimeout as sleep } from 'node:timers/promises';
import { succeeded } from '../model/exchange.ts';
import type { ApiClient, ApiRequest } from '../http/client.ts';
import type { Exchange } from '../model/exchange.ts';
import type { LoadedSpec } from '../spec/load.ts';
import type { Ledger, LedgerEntry, LedgerPart } from './ledger.ts';
import { operationPath } from './paths.ts';
import { settleRefusals } from './creates.ts';

export interface CleanupReport {
  deleted: string[];
  alreadyGone: string[];
  /** Not deleted: the record did not look like the run's own. */
  refused: string[];
  /** The delete failed; a leftover the user must remove. */
  failed: string[];
}

/** How long a record the run created may stay invisible (replicas lag)
 *  before a 404 is taken to mean it is gone, and the pause between looks. */
export const REPLICA_LAG_MS = 3000;
const LOOK_AGAIN_MS = 500;

/** Deletes what the ledger holds: first the parts probes added to records
 *  the run does not own, then the records, after confirming each is the
 *  run's own (see isOwn). */
export async function cleanupLedger(client: ApiClient, spec: LoadedSpec, ledger: Ledger, prefix: string, owner?: string): Promise<CleanupReport> {
  const report: CleanupReport = { deleted: [], alreadyGone: [], refused: [], failed: [] };
  // Side by side: the budget, not the order, bounds them.
  await Promise.all(
    ledger.pendingParts(owner).map(async (part) => {
      if (!(await removePart((req) => client.call('admin', req), ledger, part))) report.failed.push(part.path);
    }),
  );
  await Promise.all(
    ledger.pending(owner).map(async (entry) => {
      const verdict = await deleteIfOwn(client, spec, entry, prefix, ledger);
      report[verdict].push(entry.username);
      if (verdict === 'deleted' || verdict === 'alreadyGone') ledger.deleted(entry.username);
    }),
  );
  for (const list of Object.values(report) as string[][]) list.sort();
  return report;
}

/** A create the server refused may have stored its record all the same:
 *  where no list after the refusal showed whether it did, one list does
 *  (what it shows stored goes into the ledger, for cleanupLedger). */
export async function confirmRefusals(client: ApiClient, spec: LoadedSpec, ledger: Ledger): Promise<void> {
  if (!ledger.refusals().some((r) => !r.settled)) return;
  settleRefusals(ledger, await client.call('admin', { method: 'GET', path: operationPath(spec.record.list, {}) }));
}

/** Deletes a part the run added to a record it does not own, through
 *  `send` (an admin request); gone (deleted, or not there) settles it in
 *  the ledger. Whether it is gone. */
export async function removePart(send: (req: ApiRequest) => Promise<Exchange>, ledger: Ledger, part: LedgerPart): Promise<boolean> {
  const del = await send({ method: 'DELETE', path: part.path });
  const gone = succeeded(del) || del.response?.status === 404;
  if (gone) ledger.partRemoved(part);
  return gone;
}

/** --cleanup-only: the resellers named with a run's prefix, and only those. */
export async function cleanupByPrefix(client: ApiClient, spec: LoadedSpec, prefix: string): Promise<CleanupReport & { listed: boolean }> {
  const report: CleanupReport & { listed: boolean } = { deleted: [], alreadyGone: [], refused: [], failed: [], listed: false };
  const list = await client.call('admin', { method: 'GET', path: operationPath(spec.record.list, {}) });
  if (!succeeded(list) || !Array.isArray(list.response!.json)) return report;
  report.listed = true;
  for (const item of list.response!.json as Array<{ username?: unknown }>) {
    if (typeof item?.username !== 'string' || !item.username.startsWith(prefix)) continue;
    // No ledger to go by: a shown e-mail must carry the prefix too.
    const verdict = await deleteIfOwn(client, spec, { username: item.username }, prefix);
    report[verdict].push(item.username);
  }
  return report;
}

/**
 * A record the server answered the create of is the run's by construction:
 * it is deleted, then a read confirms it is gone (a server that answers a
 * delete and keeps the record is named, not believed). One the run only
 * intended (the create got no answer: a timeout, or a run stopped with the
 * create on the wire) is read first, and deleted only when it shows as the
 * run's own; its 404 must hold for the lag too, since the create may still
 * land. Replicas lag: a record just created may not show yet, one just
 * deleted may still show, so a 404 or a 200 holds only once it has held for
 * a while.
 */
async function deleteIfOwn(client: ApiClient, spec: LoadedSpec, entry: LedgerEntry, prefix: string, ledger?: Ledger): Promise<keyof CleanupReport> {
  const inLedger = ledger !== undefined;
  const get = { method: 'GET', path: operationPath(spec.record.get, { username: entry.username }) };
  const del = { method: 'DELETE', path: operationPath(spec.record.remove, { username: entry.username }) };
  const lag = entry.created ? REPLICA_LAG_MS : 0;
  if (!entry.created) {
    const current = await sendUntil(
      REPLICA_LAG_MS,
      () => client.call('admin', get),
      (ex) => ex.response?.status !== 404,
    );
    if (current.response?.status === 404) return 'alreadyGone';
    if (!succeeded(current)) return 'failed';
    const shown = current.response!.json as { username?: unknown; email?: unknown } | undefined;
    if (typeof shown?.username === 'string' && shown.username !== entry.username) return 'refused';
    if (!isOwn(entry, prefix, typeof shown?.email === 'string' ? shown.email : undefined, inLedger)) return 'refused';
  }
  ledger?.deleting(entry.username);
  const deleted = await sendUntil(
    lag,
    () => client.call('admin', del),
    (ex) => ex.response?.status !== 404,
  );
  if (deleted.response?.status === 404) return 'alreadyGone';
  if (!succeeded(deleted)) return 'failed';
  const after = await sendUntil(
    REPLICA_LAG_MS,
    () => client.call('admin', get),
    (ex) => ex.response?.status === 404,
  );
  return after.response?.status === 404 ? 'deleted' : 'failed';
}

/** Sends until the answer holds, or `ms` are up (looking again every
 *  LOOK_AGAIN_MS); the last answer. */
export async function sendUntil(ms: number, send: () => Promise<Exchange>, holds: (ex: Exchange) => boolean): Promise<Exchange> {
  const deadline = Date.now() + ms;
  let ex = await send();
  while (!holds(ex) && Date.now() < deadline) {
    await sleep(LOOK_AGAIN_MS);
    ex = await send();
  }
  return ex;
}

/** Whether the record is the run's: the run names everything with its
 *  prefix and gives e-mails that start with the name. Where the server shows
 *  an e-mail, it must be the one the run gave or carry the prefix; a record
 *  the ledger says the run sent without one is its own by name and ledger. */
function isOwn(entry: LedgerEntry, prefix: string, shownEmail: string | undefined, inLedger: boolean): boolean {
  const named = entry.username.startsWith(prefix);
  if (shownEmail === undefined || (inLedger && entry.email === undefined)) return named;
  return shownEmail === entry.email || (named && shownEmail.startsWith(prefix));
}
