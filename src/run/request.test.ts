// What a case sends: the reseller its target names, its path, the body its
// variant makes of the positive one, the Authorization of an auth variant.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { positiveBodies } from '../../fixtures/bodies.ts';
import { openTestRun, type TestRun } from '../../test/helpers/run-context.ts';
import type { PlannedCase, Variant } from '../model/case.ts';
import { SkipCase } from './recorder.ts';
import { authorizationFor, bodyFor, buildRequest, dataLabel, lifecycleUsername, nearMiss, pathFor, usernameFor } from './request.ts';

let t: TestRun;
beforeAll(async () => {
  t = await openTestRun();
});
afterAll(() => t.close());

const withVariant = (id: string, variant: Variant): PlannedCase => ({ ...t.planned(id), variant });

describe('dataLabel', () => {
  test("the lifecycle's create and steps share one label, so they agree on its data; other cases have their own", () => {
    const label = (id: string) => dataLabel(t.planned(id), t.run.spec.byId.get(t.planned(id).operationId)!);
    expect(label('createReseller.positive.ok')).toBe('lifecycle');
    expect(label('getReseller.positive.ok')).toBe('lifecycle');
    expect(label('updateResellerLimits.positive.ok')).toBe('lifecycle');
    expect(label('createReseller.validation.missing-email')).toBe('createReseller.validation.missing-email');
  });

  test("the lifecycle's username is known before its create, and is the one the create sends", () => {
    const create = t.run.spec.record.create;
    const body = bodyFor(t.run, create, t.planned('createReseller.positive.ok')) as { json: { username: string } };
    expect(lifecycleUsername(t.run)).toBe(body.json.username);
    expect(lifecycleUsername(t.run).startsWith(t.run.prefix)).toBe(true);
  });
});

describe('usernameFor', () => {
  test('each target names its reseller, or the case is blocked with the reason', () => {
    expect(usernameFor(t.run, 'none', 'lifecycle')).toBeUndefined();
    const missing = usernameFor(t.run, 'missing', 'not-found')!;
    expect(missing.startsWith(t.run.prefix)).toBe(true);
    expect(usernameFor(t.run, 'missing', 'auth')).toBe(missing);
    expect(() => usernameFor(t.run, 'lifecycle', 'lifecycle')).toThrow(new SkipCase('blocked: the lifecycle reseller does not exist (see resellers.create)'));
    expect(() => usernameFor(t.run, 'own', 'roles')).toThrow('blocked: no reseller key');
    expect(() => usernameFor(t.run, 'fixture', 'roles')).toThrow('blocked: the fixture reseller of this suite could not be created');
    t.run.lifecycle.username = `${t.run.prefix}life01`;
    t.run.roles.ownUsername = 'partner1';
    t.run.fixtures.set('roles', `${t.run.prefix}fixt01`);
    try {
      expect(usernameFor(t.run, 'lifecycle', 'lifecycle')).toBe(`${t.run.prefix}life01`);
      expect(usernameFor(t.run, 'own', 'roles')).toBe('partner1');
      expect(usernameFor(t.run, 'fixture', 'roles')).toBe(`${t.run.prefix}fixt01`);
      // Another suite's fixture is not this one's.
      expect(() => usernameFor(t.run, 'fixture', 'validation')).toThrow(SkipCase);
    } finally {
      t.run.lifecycle.username = undefined;
      t.run.roles.ownUsername = undefined;
      t.run.fixtures.clear();
    }
    t.run.roles.unusable = 'the key could not tell whose it is';
    try {
      expect(() => usernameFor(t.run, 'own', 'roles')).toThrow('the key could not tell whose it is');
    } finally {
      delete t.run.roles.unusable;
    }
  });
});

describe('pathFor', () => {
  test("the username encoded; a missing one is a name of the run's that does not exist", () => {
    const c = t.planned('deleteReseller.not-found.missing');
    expect(pathFor(t.run, t.op(c.id), 'a/b c', c)).toBe('/resellers/a%2Fb%20c');
    expect(pathFor(t.run, t.op(c.id), undefined, c)).toBe(`/resellers/${t.run.data.username('missing')}`);
  });

  test('a lifecycle step takes what an earlier step yielded; other cases a value of their own', () => {
    const step = t.planned('removeResellerIp.positive.ok');
    expect(() => pathFor(t.run, t.op(step.id), 'wcx', step)).toThrow(new SkipCase('blocked: no ip was added before (see the operation that yields it)'));
    t.run.lifecycle.yielded.ip = '198.51.100.23';
    try {
      expect(pathFor(t.run, t.op(step.id), 'wcx', step)).toBe('/resellers/wcx/ips/198.51.100.23');
    } finally {
      delete t.run.lifecycle.yielded.ip;
    }
    const other = t.planned('removeResellerIp.not-found.missing');
    const path = pathFor(t.run, t.op(other.id), 'wcx', other);
    expect(path).toMatch(/^\/resellers\/wcx\/ips\/[0-9.]+$/);
    expect(pathFor(t.run, t.op(other.id), 'wcx', other)).toBe(path);
  });
});

describe('bodyFor', () => {
  const id = 'createReseller.positive.ok';
  // The positive create is the lifecycle's: its label is the lifecycle's.
  const positive = () => positiveBodies.createReseller(t.run.data, dataLabel(t.planned(id), t.op(id))) as Record<string, unknown>;

  test('the positive body, and each variant made of it', () => {
    const op = t.op(id);
    expect(bodyFor(t.run, op, withVariant(id, { type: 'positive' }))).toEqual({ json: positive() });
    const { email: _gone, ...withoutEmail } = positive();
    expect(bodyFor(t.run, op, withVariant(id, { type: 'omit-field', field: 'email' }))).toEqual({ json: withoutEmail });
    expect(bodyFor(t.run, op, withVariant(id, { type: 'empty-field', field: 'password' }))).toEqual({ json: { ...positive(), password: '' } });
    expect(bodyFor(t.run, op, withVariant(id, { type: 'wrong-type', field: 'username', value: 12345 }))).toEqual({ json: { ...positive(), username: 12345 } });
    expect(bodyFor(t.run, op, withVariant(id, { type: 'invalid-value', field: 'email', value: 'not-an-email' }))).toEqual({
      json: { ...positive(), email: 'not-an-email' },
    });
  });

  test("unusual values: a literal, or a name of the run's padded to a length; a whole body", () => {
    const op = t.op(id);
    expect(bodyFor(t.run, op, withVariant(id, { type: 'unusual-value', field: 'email', value: { literal: null } }))).toEqual({
      json: { ...positive(), email: null },
    });
    const long = bodyFor(t.run, op, withVariant(id, { type: 'unusual-value', field: 'username', value: { prefixed: 'x', length: 65 } })) as {
      json: { username: string };
    };
    expect(long.json.username).toHaveLength(65);
    expect(long.json.username.startsWith(`${t.run.prefix}x`)).toBe(true);
    expect(
      bodyFor(
        t.run,
        t.op('transferUser.validation.unusual-1'),
        withVariant('transferUser.validation.unusual-1', { type: 'unusual-value', value: { literal: {} } }),
      ),
    ).toEqual({ json: {} });
  });

  test('raw bodies: malformed JSON, and the positive body form-encoded', () => {
    const op = t.op(id);
    const malformed = bodyFor(t.run, op, withVariant(id, { type: 'malformed-json' })) as { raw: string; contentType: string };
    expect(malformed.contentType).toBe('application/json');
    expect(malformed.raw).toBe(`${JSON.stringify(positive()).slice(0, -1)},`);
    expect(() => JSON.parse(malformed.raw)).toThrow();
    const form = bodyFor(t.run, op, withVariant(id, { type: 'non-json' })) as { raw: string; contentType: string };
    expect(form.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(form.raw))).toEqual(positive());
  });

  test('an operation without a body has none', () => {
    expect(bodyFor(t.run, t.op('getReseller.positive.ok'), t.planned('getReseller.positive.ok'))).toBeUndefined();
  });
});

describe('nearMiss and authorizationFor', () => {
  test('a near miss keeps all but the last 8 characters of the key, derived from the seed, never the key itself', () => {
    const key = 'wsp_0123456789abcdef0123456789abcdef0123456789abcdef';
    const miss = nearMiss(key, 7);
    expect(miss).toHaveLength(key.length);
    expect(miss.slice(0, -8)).toBe(key.slice(0, -8));
    expect(miss).not.toBe(key);
    expect(nearMiss(key, 7)).toBe(miss);
    expect(nearMiss(key, 8)).not.toBe(miss);
    // Even a key whose tail the hash would repeat is missed.
    const tail = miss.slice(-8);
    expect(nearMiss(key.slice(0, -8) + tail, 7)).not.toBe(key.slice(0, -8) + tail);
    // A short key keeps at least 12 characters.
    expect(nearMiss('wsp_abcdef12', 1).slice(0, 12)).toBe('wsp_abcdef12');
  });

  test('the other near misses: the key and two more hex characters (from the seed), the key less its last character', () => {
    const key = 'wsp_0123456789abcdef0123456789abcdef0123456789abcdef';
    const added = nearMiss(key, 7, 'tail-added');
    expect(added).toMatch(/^wsp_[0-9a-f]{50}$/);
    expect(added.startsWith(key)).toBe(true);
    expect(nearMiss(key, 7, 'tail-added')).toBe(added);
    expect(nearMiss(key, 7, 'tail-dropped')).toBe(key.slice(0, -1));
    expect(nearMiss(key, 7, 'tail-changed')).toBe(nearMiss(key, 7));
  });

  test("each auth variant's Authorization header; none for other variants", () => {
    expect(authorizationFor(t.run, { type: 'auth', header: 'missing' })).toBeUndefined();
    expect(authorizationFor(t.run, { type: 'auth', header: 'unknown-key' })).toBe(`Bearer ${nearMiss(t.run.input.token, t.run.input.seed)}`);
    expect(authorizationFor(t.run, { type: 'auth', header: 'unknown-key', miss: 'tail-dropped' })).toBe(`Bearer ${t.run.input.token.slice(0, -1)}`);
    expect(authorizationFor(t.run, { type: 'auth', header: 'bearer-empty' })).toBe('Bearer');
    const basic = authorizationFor(t.run, { type: 'auth', header: 'basic' })!;
    expect(Buffer.from(basic.replace(/^Basic /, ''), 'base64').toString()).toBe(`${t.run.prefix}:not-a-password`);
    expect(authorizationFor(t.run, { type: 'positive' })).toBeUndefined();
  });
});

describe('buildRequest', () => {
  test("a GET or DELETE carries no body; a write its variant's; an auth case its header", () => {
    expect(buildRequest(t.run, t.op('getReseller.positive.ok'), t.planned('getReseller.positive.ok'), 'wcx')).toEqual({
      method: 'GET',
      path: '/resellers/wcx',
      body: undefined,
      authorization: undefined,
    });
    expect(buildRequest(t.run, t.op('deleteReseller.not-found.missing'), t.planned('deleteReseller.not-found.missing'), 'wcx')).toEqual({
      method: 'DELETE',
      path: '/resellers/wcx',
      body: undefined,
      authorization: undefined,
    });
    const create = buildRequest(t.run, t.op('createReseller.positive.ok'), t.planned('createReseller.positive.ok'), undefined);
    expect(create).toMatchObject({ method: 'POST', path: '/resellers/', body: { json: positiveBodies.createReseller(t.run.data, 'lifecycle') } });
    expect(buildRequest(t.run, t.op('createReseller.auth.bearer-empty'), t.planned('createReseller.auth.bearer-empty'), undefined).authorization).toBe(
      'Bearer',
    );
  });
});
