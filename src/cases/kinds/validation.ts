// Invalid request bodies: the documented 400 for a missing field, and the
// 4xx convention for values the vendor gave no rule for (an empty or wrongly
// typed field, an invalid IP: the facts file leaves their answer open, so a
// server that takes one is warned, not failed; a 5xx fails HTTP-NO-5XX).
import type { CaseKindPlan } from './kind.ts';
import type { Expectation, PlannedCase, Target } from '../../model/case.ts';
import { makeCase } from '../make.ts';
import { RECORD_KEY, type LoadedSpec, type Operation } from '../../spec/load.ts';
import { invalidIps, unusualInputs, wrongTypeValues } from '../../../fixtures/bodies.ts';

type BodySchema = {
  required?: string[];
  properties?: Record<string, Record<string, unknown>>;
  'x-wispanel-missing-field'?: { code: string; status: number };
};

export const validation: CaseKindPlan<'validation'> = {
  name: 'validation',
  suite: 'validation',
  summary: 'invalid request bodies: missing fields (documented 400), empty, wrong types, invalid values, malformed JSON',
  fixture: true,
  standsAlone: true,
  plan(spec) {
    const out: PlannedCase[] = [];
    for (const op of spec.operations.filter(takesInvalidBodies)) {
      const schema = op.requestSchema as BodySchema;
      const target: Target = onFixture(op) ? 'fixture' : 'none';
      const base = { credential: 'admin' as const, target };
      const missing = schema['x-wispanel-missing-field'];
      const invalid = op.hints.invalid;
      if (!invalid) throw new Error(`spec: ${op.operationId} takes a documented body but names no x-wispanel invalid requirement`);
      for (const field of schema.required ?? []) {
        const expect: Expectation = missing
          ? { status: missing.status, code: missing.code, requirement: 'RES-CREATE-REQUIRED-400' }
          : { status: '4xx', requirement: invalid };
        out.push(
          makeCase(op, 'validation', `missing-${field}`, `${field} missing`, {
            ...base,
            variant: { type: 'omit-field', field },
            expect,
            profile: missing ? 'default' : 'certify',
          }),
        );
      }
      for (const [field, prop] of Object.entries(schema.properties ?? {})) {
        const type = prop.type as string | undefined;
        // An empty name, accepted, makes a record no path reaches and no
        // clean-up removes: never sent.
        if (type === 'string' && prop.minLength && !(op.creates && field === RECORD_KEY)) {
          out.push(
            makeCase(op, 'validation', `empty-${field}`, `${field} empty`, {
              ...base,
              variant: { type: 'empty-field', field },
              expect: { status: '4xx', requirement: invalid },
              profile: 'certify',
            }),
          );
        }
        if (type && type in wrongTypeValues) {
          out.push(
            makeCase(op, 'validation', `type-${field}`, `${field} of the wrong type`, {
              ...base,
              variant: { type: 'wrong-type', field, value: wrongTypeValues[type] },
              expect: { status: '4xx', requirement: invalid },
              profile: 'certify',
            }),
          );
        }
        if (Array.isArray(prop.anyOf) && prop.anyOf.some((s: { format?: string }) => s.format === 'ipv4')) {
          invalidIps.forEach((value, i) =>
            out.push(
              makeCase(op, 'validation', `invalid-${field}-${i + 1}`, `${field} "${value}"`, {
                ...base,
                variant: { type: 'invalid-value', field, value },
                expect: { status: '4xx', requirement: invalid },
                profile: 'certify',
              }),
            ),
          );
        }
      }
      out.push(
        makeCase(op, 'validation', 'malformed-json', 'a body that is not JSON', {
          ...base,
          variant: { type: 'malformed-json' },
          expect: { status: '4xx', requirement: 'VAL-MALFORMED-JSON-4XX' },
          profile: 'certify',
        }),
      );
      if (op.hints.target === 'none') {
        out.push(
          makeCase(op, 'validation', 'content-type', 'a form-encoded body', {
            ...base,
            variant: { type: 'non-json' },
            expect: { status: '4xx', requirement: 'VAL-CONTENT-TYPE-4XX' },
            profile: 'certify',
          }),
        );
      }
    }
    for (const [operationId, inputs] of Object.entries(unusualInputs)) {
      const op = spec.byId.get(operationId);
      if (!op) continue;
      const target: Target = op.hints.target === 'reseller' ? 'fixture' : 'none';
      inputs.forEach((input, i) =>
        out.push(
          makeCase(op, 'validation', `unusual-${i + 1}`, input.label, {
            credential: 'admin',
            target,
            variant: { type: 'unusual-value', field: input.field, value: input.value },
            expect: { status: input.mayAccept ? '<500' : '4xx', requirement: 'VAL-UNUSUAL-4XX' },
            profile: 'certify',
          }),
        ),
      );
    }
    return out;
  },
};

/** An operation with a documented body that the suite sends invalid ones. */
const takesInvalidBodies = (op: Operation) => op.requestSchema !== undefined && op.hints.body === 'documented' && op.hints.positive !== false;

/** Sent to the suite's fixture (a reseller's part), not to the collection. */
const onFixture = (op: Operation) => op.hints.target === 'reseller';

/** The reads (GET of the same path) of the parts the suite's invalid
 *  writes to its fixture name: after them, what each refused write named
 *  must not show (the refusals suite reads them, SAFE-REFUSED-NOT-APPLIED). */
export function fixtureParts(spec: Pick<LoadedSpec, 'operations'>): Operation[] {
  const writes = spec.operations.filter((o) => takesInvalidBodies(o) && onFixture(o) && o.method !== 'GET');
  return spec.operations.filter((o) => o.method === 'GET' && writes.some((w) => w.path === o.path));
}
