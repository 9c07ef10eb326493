import { setTimeout as sleep } from 'node:timers/promises';
import { succeeded } from '../checks/expect.ts';
import type { ApiClient } from '../http/client.ts';
import type { LoadedSpec } from '../spec/load.ts';
import type { Ledger, LedgerEntry } from './ledger.ts';
import { operationPath } from './paths.ts';

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
export const LOOK_AGAIN_MS = 500;

/** Deletes what the ledger holds: first the parts probes added to records
 *  the run does not own, then the records, after confirming each is the
 *  run's own (see isOwn). */
export async function cleanupLedger(client: ApiClient, spec: LoadedSpec, ledger: Ledger, prefix: string, owner?: string): Promise<CleanupReport> {
  const report: CleanupReport = { deleted: [], alreadyGone: [], refused: [], failed: [] };
  for (const part of ledger.pendingParts(owner)) {
    const del = await client.call('admin', { method: 'DELETE', path: part.path });
    if (succeeded(del) || del.response?.status === 404) ledger.partRemoved(part);
    else report.failed.push(part.path);
  }
  for (const entry of ledger.pending(owner)) {
    const verdict = await deleteIfOwn(client, spec, entry, prefix);
    report[verdict].push(entry.username);
    if (verdict === 'deleted' || verdict === 'alreadyGone') ledger.deleted(entry.username);
  }
  return report;
}

/** --cleanup-only: the resellers named with a run's prefix, and only those. */
export async function cleanupByPrefix(client: ApiClient, spec: LoadedSpec, prefix: string): Promise<CleanupReport & { listed: boolean }> {
  const report: CleanupReport & { listed: boolean } = { deleted: [], alreadyGone: [], refused: [], failed: [], listed: false };
  const list = await client.call('admin', { method: 'GET', path: operationPath(spec.record.list, {}) });
  if (!succeeded(list) || !Array.isArray(list.response!.json)) return report;
  report.listed = true;
  for (const item of list.response!.json as Array<{ username?: unknown }>) {
    if (typeof item?.username !== 'string' || !item.username.startsWith(prefix)) continue;
    const verdict = await deleteIfOwn(client, spec, { username: item.username, created: true }, prefix);
    report[verdict].push(item.username);
  }
  return report;
}

async function deleteIfOwn(client: ApiClient, spec: LoadedSpec, entry: LedgerEntry, prefix: string): Promise<keyof CleanupReport> {
  const path = operationPath(spec.record.get, { username: entry.username });
  // A record the run saw created may not show yet on the replica that
  // answers: a 404 is proof of nothing until it holds for a while.
  const deadline = Date.now() + (entry.created ? REPLICA_LAG_MS : 0);
  let current = await client.call('admin', { method: 'GET', path });
  while (current.response?.status === 404 && Date.now() < deadline) {
    await sleep(LOOK_AGAIN_MS);
    current = await client.call('admin', { method: 'GET', path });
  }
  if (current.response?.status === 404) return 'alreadyGone';
  if (!succeeded(current)) return 'failed';
  const shown = current.response!.json as { username?: unknown; email?: unknown } | undefined;
  if (typeof shown?.username === 'string' && shown.username !== entry.username) return 'refused';
  if (!isOwn(entry, prefix, typeof shown?.email === 'string' ? shown.email : undefined)) return 'refused';
  const del = await client.call('admin', { method: 'DELETE', path: operationPath(spec.record.remove, { username: entry.username }) });
  return succeeded(del) || del.response?.status === 404 ? 'deleted' : 'failed';
}

/** Whether the record is the run's: the run names everything with its
 *  prefix and gives e-mails that start with the name. Where the server shows
 *  an e-mail and the run gave one, it must be that one or carry the prefix;
 *  a record the run created without one is its own by name and ledger. */
function isOwn(entry: LedgerEntry, prefix: string, shownEmail: string | undefined): boolean {
  const named = entry.username.startsWith(prefix);
  if (shownEmail === undefined || entry.email === undefined) return named;
  return shownEmail === entry.email || (named && shownEmail.startsWith(prefix));
}
