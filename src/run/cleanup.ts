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

/** Deletes what the ledger holds, after confirming each record is the
 *  run's own (see isOwn). */
export async function cleanupLedger(client: ApiClient, spec: LoadedSpec, ledger: Ledger, prefix: string): Promise<CleanupReport> {
  const report: CleanupReport = { deleted: [], alreadyGone: [], refused: [], failed: [] };
  for (const entry of ledger.pending()) {
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
  if (list.response?.status !== 200 || !Array.isArray(list.response.json)) return report;
  report.listed = true;
  for (const item of list.response.json as Array<{ username?: unknown }>) {
    if (typeof item?.username !== 'string' || !item.username.startsWith(prefix)) continue;
    const verdict = await deleteIfOwn(client, spec, { username: item.username }, prefix);
    report[verdict].push(item.username);
  }
  return report;
}

async function deleteIfOwn(client: ApiClient, spec: LoadedSpec, entry: LedgerEntry, prefix: string): Promise<keyof CleanupReport> {
  const path = operationPath(spec.record.get, { username: entry.username });
  const current = await client.call('admin', { method: 'GET', path });
  const status = current.response?.status;
  if (status === 404) return 'alreadyGone';
  if (status !== 200) return 'failed';
  const shown = (current.response!.json as { email?: unknown } | undefined)?.email;
  if (!isOwn(entry, prefix, typeof shown === 'string' ? shown : undefined)) return 'refused';
  const del = await client.call('admin', { method: 'DELETE', path: operationPath(spec.record.remove, { username: entry.username }) });
  return succeeded(del) ? 'deleted' : 'failed';
}

/** Whether the record is the run's: the run names everything with its
 *  prefix and gives e-mails that start with the name. Where the server shows
 *  an e-mail, it must be the one the ledger holds or carry the prefix. */
function isOwn(entry: LedgerEntry, prefix: string, shownEmail: string | undefined): boolean {
  const named = entry.username.startsWith(prefix);
  if (shownEmail === undefined) return named;
  return shownEmail === entry.email || (named && shownEmail.startsWith(prefix));
}
