// Hosting users owned by resellers: per-reseller listing and transfer.
import { invalid, notFound } from '../api-error.ts';
import { crashIf } from '../crash.ts';
import { ok } from '../reply.ts';
import { forReseller, resellerNotFound, type Handler } from './context.ts';

export const listResellerUsers = forReseller(({ store }, reseller) =>
  ok({
    users: [...store.users.values()]
      .filter((user) => user.reseller === reseller.username)
      .map((user) => ({ username: user.username, email: user.email, reseller: user.reseller, created_at: user.createdAt })),
  }),
);

/** Undocumented body; this server takes {username, to_reseller}. */
export const transferUser: Handler = ({ store, body, has }) => {
  const input = body();
  crashIf(has, 'transfer-empty-500', Object.keys(input).length === 0, "Cannot read properties of undefined (reading 'toLowerCase')");
  const { username, to_reseller: target } = input;
  if (typeof username !== 'string' || typeof target !== 'string' || !username || !target) {
    throw invalid('username and to_reseller are required strings');
  }
  const user = store.users.get(username);
  if (!user) throw notFound(`User '${username}' not found`);
  if (!store.resellers.has(target)) throw resellerNotFound(target);
  const from = user.reseller;
  user.reseller = target;
  return ok({ success: true, message: 'User transferred', username, from_reseller: from, to_reseller: target });
};
