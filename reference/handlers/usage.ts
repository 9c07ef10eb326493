// GET /allocation and /usage (shapes undocumented). This server hosts
// nothing, so only user counts are real; resource usage is zero.
import { notFound } from '../api-error.ts';
import { ok } from '../reply.ts';
import type { Store } from '../store.ts';
import { forReseller } from './context.ts';

const userCount = (store: Store, reseller: string) => [...store.users.values()].filter((user) => user.reseller === reseller).length;

export const getAllocation = forReseller(({ store }, reseller) =>
  ok({ username: reseller.username, limits: { ...reseller.limits }, allocated: { users: userCount(store, reseller.username) } }),
);

export const getUsage = forReseller(({ store, has }, reseller) => {
  if (has('usage-404')) throw notFound(`Reseller ${reseller.username} not found`);
  if (has('usage-garbage-body'))
    return { status: 200, plain: '{"username": "' + reseller.username + '", "users": ', headers: { 'Content-Type': 'application/json' } };
  return ok({
    username: reseller.username,
    users: userCount(store, reseller.username),
    domains: 0,
    databases: 0,
    email_accounts: 0,
    ftp_accounts: 0,
    disk_mb: 0,
    bandwidth_mb: 0,
  });
});
