import { createHash } from 'node:crypto';
import type { ApiRequest, RequestBody } from '../http/client.ts';
import type { NearMiss, PlannedCase, Target, Variant } from '../model/case.ts';
import type { Operation } from '../spec/load.ts';
import { pathValues, positiveBodies } from '../../fixtures/bodies.ts';
import type { RunContext } from './context.ts';
import { SkipCase } from './recorder.ts';

const LIFECYCLE = 'lifecycle';

/** The data label of a case: the lifecycle (its create and every step on
 *  its record) shares one, so its steps agree. */
export function dataLabel(c: PlannedCase, op: Operation): string {
  return c.target === 'lifecycle' || (c.kind === 'positive' && op.creates) ? LIFECYCLE : c.id;
}

/** The username the lifecycle's create will send: known before it is sent,
 *  so that the bystander can be named after it. */
export function lifecycleUsername(run: RunContext): string {
  const { create } = run.spec.record;
  return (positiveBodies[create.operationId](run.data, LIFECYCLE) as { username: string }).username;
}

/** The reseller a target names in this run, or a skip when it does not exist. */
export function usernameFor(run: RunContext, target: Target, suite: string): string | undefined {
  switch (target) {
    case 'none':
      return undefined;
    case 'missing':
      return run.data.username('missing');
    case 'lifecycle':
      if (!run.lifecycle.username) throw new SkipCase('blocked: the lifecycle reseller does not exist (see resellers.create)');
      return run.lifecycle.username;
    case 'own':
      if (!run.roles.ownUsername) throw new SkipCase(run.roles.unusable ?? 'blocked: no reseller key');
      return run.roles.ownUsername;
    case 'fixture': {
      const name = run.fixtures.get(suite);
      if (!name) throw new SkipCase('blocked: the fixture reseller of this suite could not be created');
      return name;
    }
    case 'bystander':
      if (!run.bystander.username) throw new SkipCase(run.bystander.unusable ?? 'blocked: the bystander reseller was not created');
      return run.bystander.username;
  }
}

export function pathFor(run: RunContext, op: Operation, username: string | undefined, c: PlannedCase): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'username') return encodeURIComponent(username ?? run.data.username('missing'));
    if (c.target === 'lifecycle') {
      const yielded = run.lifecycle.yielded[name];
      if (!yielded) throw new SkipCase(`blocked: no ${name} was added before (see the operation that yields it)`);
      return encodeURIComponent(yielded);
    }
    const value = pathValues[name];
    if (!value) throw new Error(`no value for path parameter ${name} of ${op.operationId}`);
    return encodeURIComponent(value(run.data, `${c.id}:path`));
  });
}

/** The body a variant sends: the positive body, altered as the case says. */
export function bodyFor(run: RunContext, op: Operation, c: PlannedCase): RequestBody | undefined {
  const build = positiveBodies[op.operationId];
  if (!build) return undefined;
  const positive = build(run.data, dataLabel(c, op)) as Record<string, unknown>;
  const v: Variant = c.variant;
  switch (v.type) {
    case 'omit-field': {
      const { [v.field]: _omitted, ...rest } = positive;
      return { json: rest };
    }
    case 'empty-field':
      return { json: { ...positive, [v.field]: '' } };
    case 'wrong-type':
    case 'invalid-value':
      return { json: { ...positive, [v.field]: v.value } };
    case 'unusual-value': {
      const value = 'literal' in v.value ? v.value.literal : (run.prefix + v.value.prefixed).padEnd(v.value.length ?? 0, 'a');
      return { json: v.field === undefined ? value : { ...positive, [v.field]: value } };
    }
    case 'malformed-json':
      return { raw: JSON.stringify(positive).slice(0, -1) + ',', contentType: 'application/json' };
    case 'non-json':
      return { raw: new URLSearchParams(positive as Record<string, string>).toString(), contentType: 'application/x-www-form-urlencoded' };
    default:
      return { json: positive };
  }
}

/** A key no server issued, yet as close to the admin key as a key can be
 *  (the changes derived from the seed). tail-changed: its last 8
 *  characters differ, the rest is the admin key's; a server that compares
 *  only a prefix of a key (the vendor shows `wsp_` + 8 hex of every key as
 *  key_prefix) lets it in. tail-added: the admin key and two more hex
 *  characters; one that compares only as many characters as a key has lets
 *  it in. tail-dropped: the admin key less its last character; one that
 *  looks keys up by their start lets it in. */
export function nearMiss(key: string, seed: number, miss: NearMiss = 'tail-changed'): string {
  if (miss === 'tail-added') return key + createHash('sha256').update(`unknown-key-tail:${seed}`).digest('hex').slice(0, 2);
  if (miss === 'tail-dropped') return key.slice(0, -1);
  const keep = Math.max(12, key.length - 8);
  const tail = createHash('sha256')
    .update(`unknown-key:${seed}`)
    .digest('hex')
    .slice(0, Math.max(8, key.length - keep));
  const other = tail === key.slice(keep) ? [...tail].map((c) => (c === '0' ? '1' : '0')).join('') : tail;
  return key.slice(0, keep) + other;
}

/** The Authorization header of an auth variant (undefined: the credential's). */
export function authorizationFor(run: RunContext, v: Variant): string | undefined {
  if (v.type !== 'auth') return undefined;
  switch (v.header) {
    case 'missing':
      return undefined;
    case 'unknown-key':
      return `Bearer ${nearMiss(run.input.token, run.input.seed, v.miss)}`;
    case 'bearer-empty':
      return 'Bearer';
    case 'basic':
      return `Basic ${Buffer.from(`${run.prefix}:not-a-password`).toString('base64')}`;
  }
}

export function buildRequest(run: RunContext, op: Operation, c: PlannedCase, username: string | undefined): ApiRequest {
  return {
    method: op.method,
    path: pathFor(run, op, username, c),
    body: op.method === 'GET' || op.method === 'DELETE' ? undefined : bodyFor(run, op, c),
    authorization: authorizationFor(run, c.variant),
  };
}
