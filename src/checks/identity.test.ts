import { expect, test } from 'vitest';
import { exchange, judge, verdictOf } from '../../test/helpers/check-context.ts';
import { answersRequestedReseller, listsEachResellerOnce, namesCreatedReseller } from './identity.ts';

const get = (path: string, status: number, body: unknown) => ({ ...exchange(status, body), request: { method: 'GET', path, headers: {} } });

test("GET /resellers/{u}: u's record passes (case and Unicode form aside); another's fails; nothing to judge elsewhere", () => {
  expect(verdictOf(answersRequestedReseller, get('/resellers/wcab12cd', 200, { username: 'wcab12cd' }))).toBe('ok');
  expect(verdictOf(answersRequestedReseller, get('/resellers/Partner1', 200, { username: 'partner1' }))).toBe('ok');
  // é precomposed in the path, decomposed in the answer.
  expect(verdictOf(answersRequestedReseller, get('/resellers/ren%C3%A9', 200, { username: 'rene\u0301' }))).toBe('ok');
  expect(judge(answersRequestedReseller, get('/resellers/wcab12cd', 200, { username: 'wcab12cdb' }))).toEqual({
    ok: false,
    message: 'expected the record of wcab12cd, got the record of wcab12cdb',
  });
  // Not a record of one reseller: a sub-resource, a fixed route, the list, an
  // error, a record naming no username, another method.
  expect(verdictOf(answersRequestedReseller, get('/resellers/wcab12cd/limits', 200, { username: 'x' }))).toBeUndefined();
  expect(verdictOf(answersRequestedReseller, get('/resellers/dashboard', 200, { username: 'x' }))).toBeUndefined();
  expect(verdictOf(answersRequestedReseller, get('/resellers/', 200, [{ username: 'x' }]))).toBeUndefined();
  expect(verdictOf(answersRequestedReseller, get('/resellers/wcab12cd', 404, { username: 'x' }))).toBeUndefined();
  expect(verdictOf(answersRequestedReseller, get('/resellers/wcab12cd', 200, { package: 'default' }))).toBeUndefined();
  expect(
    verdictOf(answersRequestedReseller, {
      ...get('/resellers/wcab12cd', 200, { username: 'x' }),
      request: { method: 'DELETE', path: '/resellers/wcab12cd', headers: {} },
    }),
  ).toBeUndefined();
});

test('GET /resellers/: each username once passes; a username listed twice fails, naming it and how often', () => {
  expect(verdictOf(listsEachResellerOnce, get('/resellers/', 200, [{ username: 'a' }, { username: 'b' }]))).toBe('ok');
  expect(verdictOf(listsEachResellerOnce, get('/resellers/', 200, []))).toBe('ok');
  expect(judge(listsEachResellerOnce, get('/resellers', 200, [{ username: 'a' }, { username: 'b' }, { username: 'a' }, { username: 'a' }]))).toEqual({
    ok: false,
    message: 'expected each reseller listed once, got a 3 times',
  });
  // Another shape, another path, an error: nothing to judge.
  expect(verdictOf(listsEachResellerOnce, get('/resellers/', 200, { resellers: [] }))).toBeUndefined();
  expect(verdictOf(listsEachResellerOnce, get('/resellers/a/ips', 200, [{ username: 'a' }, { username: 'a' }]))).toBeUndefined();
  expect(verdictOf(listsEachResellerOnce, get('/resellers/', 500, [{ username: 'a' }, { username: 'a' }]))).toBeUndefined();
});

test('POST /resellers/: a 2xx naming the username sent passes; another username fails; nothing to judge without both', () => {
  const create = (sent: unknown, status: number, body: unknown) => ({
    ...exchange(status, body),
    request: { method: 'POST', path: '/resellers/', headers: {}, body: JSON.stringify(sent) },
  });
  const ack = (username: string) => ({ success: true, message: 'Reseller created successfully', username, package: 'default' });
  expect(verdictOf(namesCreatedReseller, create({ username: 'wcab12cd' }, 201, ack('wcab12cd')))).toBe('ok');
  expect(judge(namesCreatedReseller, create({ username: 'wcab12cd' }, 201, ack('wcab12ce')))).toEqual({
    ok: false,
    message: 'expected the create to name wcab12cd, got wcab12ce',
  });
  expect(verdictOf(namesCreatedReseller, create({ username: 'wcab12cd' }, 409, ack('partner1')))).toBeUndefined();
  expect(verdictOf(namesCreatedReseller, create({ email: 'x@example.com' }, 201, ack('wcab12cd')))).toBeUndefined();
  expect(verdictOf(namesCreatedReseller, create({ username: 'wcab12cd' }, 201, { success: true }))).toBeUndefined();
  expect(
    verdictOf(namesCreatedReseller, {
      ...create({ username: 'a' }, 201, ack('b')),
      request: { method: 'POST', path: '/resellers/a/ips', headers: {}, body: '{"username":"a"}' },
    }),
  ).toBeUndefined();
});
