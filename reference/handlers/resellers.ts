// The reseller collection and single records: list, dashboard, get, delete.
import type { Has } from '../faults.ts';
import type { ResellerRecord } from '../records.ts';
import { ok, type Reply } from '../reply.ts';
import type { Store } from '../store.ts';
import { resellerView } from '../views.ts';
import { resellerNotFound, type Handler } from './context.ts';
import { createdBefore, namedAfter } from './misdirected.ts';

export const listResellers: Handler = (ctx) => {
  const { store, has } = ctx;
  const shown = store.readResellers().filter((r) => r.createdVia === 'seed' || !has('list-omits-new'));
  // delete fault: the list still shows what a delete left behind.
  if (has('delete-leaves-list-entry')) shown.push(...store.leftBehind.values());
  // persistence fault: the list shows the limits as they were before any PUT.
  const listed = has('limits-list-stale') ? shown.map((r) => ({ ...r, limits: r.limitsBeforePut ?? r.limits })) : shown;
  // list fault: one row per IP, as a join of the IPs without grouping gives.
  const rows = has('list-joins-ips') ? listed.flatMap((r) => Array.from({ length: Math.max(1, r.ips.length) }, () => r)) : listed;
  const items = rows.map((r) => resellerView(r, ctx));
  return { status: has('list-201') ? 201 : 200, json: has('list-wrapped-object') ? { resellers: items } : items };
};

/** Undocumented "admin overview": counts across all resellers. */
export const dashboard: Handler = ({ store }) => {
  const resellers = [...store.resellers.values()];
  const usersOf = (username: string) => [...store.users.values()].filter((u) => u.reseller === username).length;
  return ok({
    total_resellers: resellers.length,
    total_users: store.users.size,
    total_assigned_ips: resellers.reduce((sum, r) => sum + r.ips.length, 0),
    resellers: resellers.map((r) => ({ username: r.username, users: usersOf(r.username), ips: r.ips.length })),
  });
};

export const getReseller: Handler = (ctx) => {
  const { params, store, has, quirk } = ctx;
  const asked = params.username ?? '';
  // data-safety fault: a lookup by pattern, newest first.
  const reseller = has('get-prefix-kin') ? namedAfter(store, asked).at(-1) : store.readReseller(asked);
  if (reseller) return { status: quirk('get-201') ? 201 : 200, json: resellerView(reseller, ctx) };
  if (has('get-unknown-200-empty')) return ok({});
  throw resellerNotFound(params.username);
};

export const deleteReseller: Handler = ({ params, store, has }): Reply => {
  const reseller = store.resellers.get(params.username ?? '');
  if (!reseller) throw resellerNotFound(params.username);
  const options = {
    keepKeys: has('deleted-reseller-key-works'),
    leaveBehind: has('delete-leaves-subresources') || has('delete-leaves-list-entry'),
  };
  if (!has('delete-not-deleting')) for (const gone of deleted(store, reseller, has)) store.deleteReseller(gone.username, options);
  if (has('delete-cascades-prefix')) for (const kin of namedAfter(store, reseller.username)) Object.assign(kin, { ips: [], branding: {} });
  return has('delete-204') ? { status: 204 } : ok({ success: true, message: 'Reseller deleted' });
};

/** What a delete removes: the reseller, and, under a data-safety fault, more. */
function deleted(store: Store, reseller: ResellerRecord, has: Has): ResellerRecord[] {
  if (has('delete-by-prefix')) return namedAfter(store, reseller.username);
  const neighbour = has('delete-removes-neighbour') ? createdBefore(store, reseller) : undefined;
  return neighbour ? [reseller, neighbour] : [reseller];
}
