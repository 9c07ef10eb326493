// How a kind turns an operation into a planned case: its ID, title,
// requirements, cost and phase follow from the operation and the fields.
import { describe, expect, test } from 'vitest';
import { loadSpec, type Operation } from '../spec/load.ts';
import { documentedCode, isRecordPath, lifecyclePhase, makeCase, writerOf } from './make.ts';

const spec = loadSpec();
const op = (id: string): Operation => spec.byId.get(id)!;

describe('makeCase', () => {
  test('ID, title, requirements and the cost of its own credential follow from the operation and the fields', () => {
    const c = makeCase(op('createReseller'), 'validation', 'omit-email', 'without email', {
      credential: 'admin',
      target: 'none',
      variant: { type: 'omit-field', field: 'email' },
      expect: { status: 400, code: 'VALIDATION_ERROR', requirement: 'VAL-CREATE-MISSING-400', neverServed: 'DATA-NEVER-SERVED' },
      profile: 'default',
      extraRequirements: ['ENV-ERROR-SHAPE'],
    });
    expect(c).toEqual({
      id: 'createReseller.validation.omit-email',
      operationId: 'createReseller',
      group: 'resellers.create',
      kind: 'validation',
      title: '[POST] /resellers/ - without email -> 400 VALIDATION_ERROR',
      credential: 'admin',
      requirements: ['VAL-CREATE-MISSING-400', 'DATA-NEVER-SERVED', 'ENV-ERROR-SHAPE'],
      profile: 'default',
      write: true,
      target: 'none',
      variant: { type: 'omit-field', field: 'email' },
      expect: { status: 400, code: 'VALIDATION_ERROR', requirement: 'VAL-CREATE-MISSING-400', neverServed: 'DATA-NEVER-SERVED' },
      cost: { admin: 1 },
    });
  });

  test('a request without a valid key costs the anonymous budget; a cost per key is kept; a phase, 0 included, is kept', () => {
    const base = {
      target: 'none',
      variant: { type: 'auth', header: 'missing' },
      profile: 'default',
      expect: { status: 401, code: 'UNAUTHORIZED', requirement: 'AUTH-401' },
    } as const;
    const get = op('getCurrentUser');
    expect(makeCase(get, 'auth', 'missing', 'no key', { ...base, credential: 'none', cost: 3 }).cost).toEqual({ anonymous: 3 });
    expect(makeCase(get, 'auth', 'unknown', 'unknown key', { ...base, credential: 'invalid' }).cost).toEqual({ anonymous: 1 });
    expect(makeCase(get, 'auth', 'both', 'both', { ...base, credential: 'admin', cost: { admin: 2, reseller: 1 } }).cost).toEqual({ admin: 2, reseller: 1 });
    const phased = makeCase(get, 'positive', 'ok', 'ok', { ...base, credential: 'admin', phase: 0 });
    expect(phased.phase).toBe(0);
    expect(phased.write).toBe(false);
    expect('phase' in makeCase(get, 'positive', 'ok', 'ok', { ...base, credential: 'admin' })).toBe(false);
  });

  test('a status class is shown as such, and no code when none is expected', () => {
    const c = makeCase(op('getReseller'), 'validation', 'odd', 'an odd name', {
      credential: 'admin',
      target: 'missing',
      variant: { type: 'unusual-value', value: { literal: '..' } },
      expect: { status: '<500', requirement: 'NO-5XX' },
      profile: 'certify',
    });
    expect(c.title).toBe('[GET] /resellers/{username} - an odd name -> <500');
    expect(c.requirements).toEqual(['NO-5XX']);
  });
});

describe("the order of a reseller's life", () => {
  test('create, reads, writes, reads of what they wrote, removing parts, delete: from method and path', () => {
    const phases = Object.fromEntries(
      [
        'createReseller',
        'getReseller',
        'getResellerUsage',
        'listResellerIps',
        'updateResellerLimits',
        'addResellerIp',
        'removeResellerIp',
        'deleteResellerBranding',
        'deleteReseller',
      ].map((id) => [id, lifecyclePhase(spec, op(id))]),
    );
    expect(phases).toEqual({
      createReseller: 0,
      getReseller: 2,
      getResellerUsage: 2,
      listResellerIps: 4.5,
      updateResellerLimits: 4,
      addResellerIp: 4,
      removeResellerIp: 5,
      deleteResellerBranding: 5,
      deleteReseller: 6,
    });
  });

  test("a GET reads what the PUT or POST of its own path wrote; the record and the list are nobody's read-back", () => {
    expect(writerOf(spec, op('listResellerIps'))?.operationId).toBe('addResellerIp');
    expect(writerOf(spec, op('getResellerBranding'))?.operationId).toBe('updateResellerBranding');
    expect(writerOf(spec, op('getReseller'))).toBeUndefined();
    expect(writerOf(spec, op('listResellers'))).toBeUndefined();
    expect(writerOf(spec, op('getResellerUsage'))).toBeUndefined();
  });

  test('a record path names one reseller', () => {
    expect(isRecordPath(op('getReseller'))).toBe(true);
    expect(isRecordPath(op('deleteReseller'))).toBe(true);
    expect(isRecordPath(op('getResellerLimits'))).toBe(false);
    expect(isRecordPath(op('listResellers'))).toBe(false);
  });
});

describe('documentedCode', () => {
  test('the code the spec documents for a status; a status without one is an error of the spec', () => {
    expect(documentedCode(spec.errorCodes, 404)).toBe('NOT_FOUND');
    expect(documentedCode({ 409: 'CONFLICT' }, 409)).toBe('CONFLICT');
    expect(() => documentedCode(spec.errorCodes, 418)).toThrow('spec documents no error code for 418');
  });
});
