// The reseller collection and single records: list, dashboard, get, delete.
import { ok, type Reply } from '../reply.ts';
import { resellerView } from '../views.ts';
import { resellerNotFound, type Handler } from './context.ts';

export const listResellers: Handler = (ctx) => {
  const { store, has } = ctx;
  const shown = store.readResellers().filter((r) => r.createdVia === 'seed' || !has('list-omits-new'));
  const items = shown.map((r) => resellerView(r, ctx));
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
  const reseller = store.readReseller(params.username ?? '');
  if (reseller) return { status: quirk('get-201') ? 201 : 200, json: resellerView(reseller, ctx) };
  if (has('get-unknown-200-empty')) return ok({});
  throw resellerNotFound(params.username);
};

export const deleteReseller: Handler = ({ params, store, has }): Reply => {
  const username = params.username ?? '';
  if (!store.resellers.has(username)) throw resellerNotFound(username);
  if (!has('delete-not-deleting')) store.deleteReseller(username, { keepKeys: has('deleted-reseller-key-works') });
  return has('delete-204') ? { status: 204 } : ok({ success: true, message: 'Reseller deleted' });
};
