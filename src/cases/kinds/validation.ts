// Invalid request bodies: the documented 400 for a missing field, and the
// 4xx convention for values the vendor gave no rule for (an empty or wrongly
// typed field, an invalid IP: the facts file leaves their answer open, so a
// server that takes one is warned, not failed; a 5xx fails HTTP-NO-5XX).
import type { CaseKindPlan } from './kind.ts';
import type { Expectation, PlannedCase, Target } from '../../model/case.ts';
import { makeCase, PHASE } from '../make.ts';
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
  plan(spec, opts) {
    const out: PlannedCase[] = [];
    // The reads around the fixture's writes need them all in one run: not in a shard.
    const phaseOf = (target: Target) => (target === 'fixture' && !opts.shard ? { phase: PHASE.write } : {});
    for (const op of spec.operations) {
      const schema = op.requestSchema as BodySchema | undefined;
      if (!schema || op.hints.body !== 'documented' || op.hints.positive === false) continue;
      const target: Target = op.hints.target === 'reseller' ? 'fixture' : 'none';
      const base = { credential: 'admin' as const, target, ...phaseOf(target) };
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
            ...phaseOf(target),
            variant: { type: 'unusual-value', field: input.field, value: input.value },
            expect: { status: input.mayAccept ? '<500' : '4xx', requirement: 'VAL-UNUSUAL-4XX' },
            profile: 'certify',
          }),
        ),
      );
    }
    return [...out, ...fixtureReads(spec, out, opts.shard !== undefined)];
  },
};

/** Why the reads of the fixture do not run in a shard. */
export const NOT_IN_A_SHARD = 'not in a shard: the reads around the writes to the fixture need all of them in one run';

/** In certify, the parts the fixture's writes change, read before and after
 *  them: what a refused write named is as it was (SAFE-REFUSED-NOT-APPLIED). */
function fixtureReads(spec: LoadedSpec, cases: readonly PlannedCase[], sharded: boolean): PlannedCase[] {
  const parts = fixtureParts(spec, cases);
  if (!parts.length) return [];
  // A shard runs some of the writes: the reads say nothing there.
  const chained = (phase: number) => (sharded ? { disabled: NOT_IN_A_SHARD } : { phase });
  const base = {
    credential: 'admin' as const,
    target: 'fixture' as const,
    expect: { status: '2xx' as const, requirement: 'RES-SUBRESOURCE-2XX' },
    cost: parts.length,
  };
  return [
    makeCase(parts[0], 'validation', 'fixture-before', 'the parts its writes name, before them', {
      ...base,
      variant: { type: 'fixture-before' },
      profile: 'certify',
    }),
    makeCase(parts[0], 'validation', 'fixture-after', 'what its refused writes named is as it was', {
      ...base,
      variant: { type: 'fixture-after' },
      extraRequirements: ['SAFE-REFUSED-NOT-APPLIED'],
      profile: 'certify',
    }),
  ].map((c, i) => ({ ...c, ...chained(i === 0 ? PHASE.beforeWrites : PHASE.afterWrites) }));
}

/** The reads (GET of the same path) of the parts the fixture's writes change. */
export function fixtureParts(spec: Pick<LoadedSpec, 'operations'>, cases: readonly Pick<PlannedCase, 'target' | 'operationId'>[]): Operation[] {
  const written = new Set(cases.filter((c) => c.target === 'fixture').map((c) => c.operationId));
  const writes = spec.operations.filter((o) => o.method !== 'GET' && written.has(o.operationId));
  return spec.operations.filter((o) => o.method === 'GET' && writes.some((w) => w.path === o.path));
}
