// Keys the admin issues for the key suite's reseller (the run's own, its
// fixture), each tried at once with a few requests of its own: the key of
// scope all must be its reseller's (a full key of the run's own reseller
// refused its own record is the panel's failure, not a narrow key's), the
// default key is read-only (and its issue, sent again with the same
// Idempotency-Key, issues no second key), the whitelisted one is refused
// from here; and once the admin deleted the reseller, the full key is
// refused too.
import { randomUUID } from 'node:crypto';
import type { IssuedKeyKind } from '../../model/case.ts';
import type { ApiClient } from '../../http/client.ts';
import type { Operation } from '../../spec/load.ts';
import type { RunContext } from '../context.ts';
import { SkipCase, type CaseRecorder } from '../recorder.ts';
import { usernameFor } from '../request.ts';
import { operationPath } from '../paths.ts';
import { documentedCode } from '../../cases/make.ts';
import { deleteOwnerThenTryKey, issueKey, sendWithKey, sendWithRefusedKey, type KeyRequest } from '../keys.ts';
import type { KindExecutor } from './kind.ts';

/** A source the run never sends from (TEST-NET-1, RFC 5737). */
const ELSEWHERE = ['192.0.2.0/24'];

export const key: KindExecutor<'key'> = {
  name: 'key',
  async execute(run, rec, op, suite) {
    const variant = rec.planned.variant as { type: 'issued-key'; key: IssuedKeyKind };
    const username = usernameFor(run, 'fixture', suite)!;
    if (variant.key === 'deleted') {
      if (!run.keys.full) throw new SkipCase('blocked: no key of scope all was issued (see createApiKey.key.full)');
      return deleteOwnerThenTryKey(run, rec, op, run.keys.full);
    }
    const full = run.data.apiKeyRequest(`${rec.planned.id}`);
    const asked: KeyRequest =
      variant.key === 'default'
        ? { name: full.name, ip_whitelist: [], expires_in: full.expires_in }
        : variant.key === 'whitelisted'
          ? { ...full, ip_whitelist: ELSEWHERE }
          : full;
    // The read-only key's issue is sent twice with one Idempotency-Key: a
    // second key, if the panel wrongly issues one, is the least it can do.
    const idempotencyKey = variant.key === 'default' ? randomUUID() : undefined;
    const { ex, request, secret } = await issueKey(rec, run, op, username, asked, idempotencyKey);
    if (secret === undefined) return;
    const client = run.client.withReseller(secret);
    if (variant.key === 'full') return fullKey(run, rec, op, client, { secret, username });
    if (variant.key === 'default') {
      rec.judge('KEY-RETRY-ONCE', await rec.send('admin', request), { first: ex });
      return readOnlyKey(run, rec, op, client, username);
    }
    // Sent from outside its whitelist: a key the server should not honour.
    const { identity } = run.spec;
    const me = await sendWithRefusedKey(rec, secret, { method: identity.method, path: operationPath(identity, {}) });
    rec.judge('KEY-WHITELIST-ENFORCED', me);
  },
  afterSuite(run) {
    delete run.keys.full;
  },
};

/** Scope all: it is its reseller's, reads its own record and issues a key
 *  for itself ("a reseller only for itself"), which dies with the reseller. */
async function fullKey(run: RunContext, rec: CaseRecorder, mint: Operation, client: ApiClient, owner: { secret: string; username: string }): Promise<void> {
  const { identity, record } = run.spec;
  const me = await sendWithKey(rec, client, { method: identity.method, path: operationPath(identity, {}) });
  rec.judge('AUTH-KEY-WORKS', me, { username: owner.username });
  run.keys.full = owner;
  const own = await sendWithKey(rec, client, { method: record.get.method, path: operationPath(record.get, { username: owner.username }) });
  rec.judge('ROLE-RESELLER-READ-OWN', own, { expect: { status: '2xx', requirement: 'ROLE-RESELLER-READ-OWN' } });
  const self = await sendWithKey(rec, client, {
    method: mint.method,
    path: operationPath(mint, { username: owner.username }),
    body: { json: run.data.apiKeyRequest(`${rec.planned.id}:self`) },
  });
  rec.judge('ROLE-RESELLER-MINT-OWN', self, { expect: { status: mint.successStatus, requirement: 'ROLE-RESELLER-MINT-OWN' } });
}

/** No permissions given, so ["read"]: it reads its own record (a
 *  convention: the scope the resellers endpoints need is not documented),
 *  and is refused a write its reseller may make with a key of scope all. */
async function readOnlyKey(run: RunContext, rec: CaseRecorder, mint: Operation, client: ApiClient, username: string): Promise<void> {
  const { get } = run.spec.record;
  const own = await sendWithKey(rec, client, { method: get.method, path: operationPath(get, { username }) });
  rec.judge('KEY-READ-READS', own, { expect: { status: '2xx', requirement: 'KEY-READ-READS' } });
  // Were it wrongly issued, the key is its reseller's and dies with it.
  const write = await sendWithKey(rec, client, {
    method: mint.method,
    path: operationPath(mint, { username }),
    body: { json: run.data.apiKeyRequest(`${rec.planned.id}:write`) },
  });
  rec.judge('KEY-SCOPE-ENFORCED', write, { expect: { status: 403, code: documentedCode(run.spec.errorCodes, 403), requirement: 'KEY-SCOPE-ENFORCED' } });
}
