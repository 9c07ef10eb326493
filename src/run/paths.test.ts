import { expect, test } from 'vitest';
import { loadSpec } from '../spec/load.ts';
import { operationPath } from './paths.ts';

const spec = loadSpec();
const op = (id: string) => spec.byId.get(id)!;

test('fills in every path parameter, encoded', () => {
  expect(operationPath(op('getReseller'), { username: 'wcab12cd' })).toBe('/resellers/wcab12cd');
  expect(operationPath(op('getReseller'), { username: 'a/../b c%' })).toBe('/resellers/a%2F..%2Fb%20c%25');
  expect(operationPath(op('removeResellerIp'), { username: 'wcab12cd', ip: '192.0.2.7' })).toBe('/resellers/wcab12cd/ips/192.0.2.7');
  expect(operationPath(spec.identity, {})).toBe('/auth/me');
});

test('a parameter not given is an error naming the operation and the parameter', () => {
  expect(() => operationPath(op('removeResellerIp'), { username: 'wcab12cd' })).toThrow('removeResellerIp needs path parameter ip');
});
