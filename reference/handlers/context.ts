// What every handler receives, and the lookup that sub-resources share.
import { notFound } from '../api-error.ts';
import type { Params } from '../access.ts';
import type { Has } from '../faults.ts';
import type { IsQuirk } from '../quirks.ts';
import type { Account, ResellerRecord } from '../records.ts';
import { ok, type Reply } from '../reply.ts';
import type { Store } from '../store.ts';

export interface RequestContext {
  caller: Account;
  /** The server's clock (it may run off the real one), epoch ms. */
  now: number;
  params: Params;
  store: Store;
  has: Has;
  quirk: IsQuirk;
  /** The JSON object body; throws a 400 when there is none. */
  body: () => Record<string, unknown>;
}

export type Handler = (ctx: RequestContext) => Reply;

export const resellerNotFound = (username: string | undefined) => notFound(`Reseller '${username}' not found`);

/** A write whose body the vendor never showed (branding, nameservers,
 *  overselling): under the fault guessed-writes-ignored it is answered as the
 *  read is, 200, and changes nothing. */
export function ignorableWrite(read: Handler, write: Handler): Handler {
  return (ctx) => (ctx.has('guessed-writes-ignored') ? read(ctx) : write(ctx));
}

/** Runs `handler` on the reseller named in the path; 404 before any body is
 *  read (delete fault: a record a delete left behind is still found). */
export function forReseller(handler: (ctx: RequestContext, reseller: ResellerRecord) => Reply): Handler {
  return (ctx) => {
    const username = ctx.params.username ?? '';
    const leftBehind = ctx.has('delete-leaves-subresources') ? ctx.store.leftBehind.get(username) : undefined;
    const reseller = ctx.store.resellers.get(username) ?? leftBehind;
    if (reseller) return handler(ctx, reseller);
    if (ctx.has('subresource-unknown-200')) return ok({});
    throw resellerNotFound(ctx.params.username);
  };
}
