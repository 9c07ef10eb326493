// What the lifecycle's writes may reach beyond its own reseller (data
// safety): a duplicate create must not touch it; a reseller of the run's
// own named like it (the bystander) must come through every write and the
// delete unchanged; in certify, a few records the run does not own are
// read before and after the writes.
import type { LoadedSpec, Operation } from '../../spec/load.ts';
import type { CaseKindPlan } from './kind.ts';
import { makeCase, PHASE, writerOf } from '../make.ts';

/** Records the run does not own whose parts certify reads around the writes. */
export const OTHERS_READ = 1;

export const lifecycle: CaseKindPlan<'lifecycle'> = {
  name: 'lifecycle',
  suite: 'lifecycle',
  summary: "a duplicate create changes nothing; the writes reach no record but their own (a reseller named like it, and in certify others' records)",
  plan(spec) {
    const { create, get, list } = spec.record;
    const parts = writtenParts(spec);
    return [
      // The list after the writes: the duplicate changed nothing, the
      // limits written show there too, the records around it are as they were.
      makeCase(create, 'lifecycle', 'duplicate', 'the username of an existing reseller, then the list', {
        credential: 'admin',
        target: 'lifecycle',
        variant: { type: 'duplicate' },
        expect: { status: '4xx', requirement: 'VAL-DUPLICATE-4XX' },
        extraRequirements: ['SAFE-DUPLICATE-UNCHANGED', 'LIFE-READS-AGREE', 'SAFE-WRITE-CONTAINED'],
        profile: 'default',
        cost: 2,
        phase: PHASE.afterWrites,
      }),
      makeCase(get, 'lifecycle', 'contained', 'the reseller named like it keeps its parts through the writes and the delete', {
        credential: 'admin',
        target: 'bystander',
        variant: { type: 'contained' },
        expect: { status: '2xx', requirement: 'RES-SUBRESOURCE-2XX' },
        extraRequirements: ['SAFE-WRITE-CONTAINED'],
        profile: 'default',
        cost: parts.length,
        phase: PHASE.contained,
      }),
      makeCase(list, 'lifecycle', 'before', "others' records, before the writes", {
        credential: 'admin',
        target: 'none',
        variant: { type: 'before-writes' },
        expect: { status: '2xx', requirement: 'RES-SUBRESOURCE-2XX' },
        profile: 'certify',
        cost: parts.length * OTHERS_READ,
        phase: PHASE.beforeWrites,
      }),
      makeCase(list, 'lifecycle', 'others', "others' records keep their parts", {
        credential: 'admin',
        target: 'none',
        variant: { type: 'others-after' },
        expect: { status: '2xx', requirement: 'RES-SUBRESOURCE-2XX' },
        extraRequirements: ['SAFE-OTHERS-UNTOUCHED'],
        profile: 'certify',
        cost: parts.length * OTHERS_READ,
        phase: PHASE.othersAfter,
      }),
    ];
  },
};

/** The parts a write of the lifecycle changes and only a read of the part
 *  shows (the limits show on the list, which holds whole records). */
export function writtenParts(spec: LoadedSpec): Operation[] {
  return spec.record.parts.filter((part) => {
    const writer = writerOf(spec, part);
    return writer !== undefined && writer.hints.readBack !== spec.record.get.operationId;
  });
}
