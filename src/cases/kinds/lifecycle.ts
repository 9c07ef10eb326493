// Checks on the lifecycle's reseller beyond its positive steps: a duplicate
// create must not touch it, and a limits write must land on it alone (data
// safety).
import type { CaseKindPlan } from './kind.ts';
import { isRecordPath, makeCase } from '../make.ts';

/** After the record's reads (phase 2), before any write changes it (phase 4). */
const AFTER_READS = 3;
/** After the positive writes (phase 4), whose read-backs it would race, and
 *  before the parts are removed (phase 5). */
const AFTER_WRITES = 4.5;

export const lifecycle: CaseKindPlan<'lifecycle'> = {
  name: 'lifecycle',
  suite: 'lifecycle',
  summary: 'a duplicate create leaves the existing reseller unchanged; a limits write lands on its own reseller only',
  plan(spec) {
    const limits = spec.operations.find((o) => o.method === 'PUT' && o.hints.readBack === spec.record.get.operationId && !isRecordPath(o));
    return [
      // Two requests when the lifecycle has read the record already: the
      // CI gate affords it, and must stop a server that overwrites.
      makeCase(spec.record.create, 'lifecycle', 'duplicate', 'the username of an existing reseller', {
        credential: 'admin', target: 'lifecycle', variant: { type: 'duplicate' }, expect: { status: '4xx', requirement: 'VAL-DUPLICATE-4XX' }, extraRequirements: ['SAFE-DUPLICATE-UNCHANGED'], profile: 'default', cost: 2, phase: AFTER_READS,
      }),
      ...(limits
        ? [makeCase(limits, 'lifecycle', 'isolated', 'a write lands on its own reseller only', {
            credential: 'admin', target: 'lifecycle', variant: { type: 'isolated-write' }, expect: { status: '2xx', requirement: limits.hints.requirement }, extraRequirements: ['LIFE-LIMITS-PERSIST'], profile: 'certify', cost: 7, phase: AFTER_WRITES,
          })]
        : []),
    ];
  },
};
