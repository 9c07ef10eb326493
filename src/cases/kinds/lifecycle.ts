// What the lifecycle's writes may reach beyond its own reseller (data
// safety): a duplicate create must not touch it; a reseller of the run's
// own named like it (the bystander) must come through every write and the
// delete unchanged; in certify, a few records the run does not own are
// read before and after the writes.
import type { LoadedSpec, Operation } from '../../spec/load.ts';
import type { CaseKindPlan } from './kind.ts';
import { makeCase, PHASE, writerOf, type CaseFields } from '../make.ts';
import type { PlannedCase } from '../../model/case.ts';

/** Records the run does not own whose parts certify reads around the writes. */
export const OTHERS_READ = 1;

export const lifecycle: CaseKindPlan<'lifecycle'> = {
  name: 'lifecycle',
  suite: 'lifecycle',
  summary: "a duplicate create changes nothing; the writes reach no record but their own (a reseller named like it, and in certify others' records)",
  plan(spec) {
    const { create, get, list } = spec.record;
    const parts = writtenParts(spec);
    const kept = partsNoRemovalNames(spec);
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
      readsParts(get, 'contained', 'the reseller named like it keeps its parts through the writes and the delete', {
        target: 'bystander',
        variant: { type: 'contained' },
        extraRequirements: ['SAFE-WRITE-CONTAINED'],
        profile: 'default',
        cost: parts.length,
        phase: PHASE.contained,
      }),
      // The parts no removal named, after the removals: a reset or an IP
      // removed that reaches another part of the record shows here.
      ...(kept.length
        ? [
            readsParts(get, 'kept', 'its parts no removal named keep what was written', {
              target: 'lifecycle',
              variant: { type: 'parts-kept' },
              extraRequirements: ['SAFE-PARTS-KEPT'],
              profile: 'certify',
              cost: kept.length,
              phase: PHASE.partsKept,
            }),
          ]
        : []),
      readsParts(list, 'before', "others' records, before the writes", {
        target: 'none',
        variant: { type: 'before-writes' },
        profile: 'certify',
        cost: parts.length * OTHERS_READ,
        phase: PHASE.beforeWrites,
      }),
      readsParts(list, 'others', "others' records keep their parts", {
        target: 'none',
        variant: { type: 'others-after' },
        extraRequirements: ['SAFE-OTHERS-UNTOUCHED'],
        profile: 'certify',
        cost: parts.length * OTHERS_READ,
        phase: PHASE.othersAfter,
      }),
    ];
  },
};

/** A case that reads parts of records with the admin key, each answered 2xx. */
function readsParts(op: Operation, suffix: string, title: string, fields: Omit<CaseFields, 'credential' | 'expect'>): PlannedCase {
  return makeCase(op, 'lifecycle', suffix, title, { credential: 'admin', expect: { status: '2xx', requirement: 'RES-SUBRESOURCE-2XX' }, ...fields });
}

/** The written parts no DELETE of the spec removes or resets (a DELETE of
 *  the part's path, or of an item under it). */
export function partsNoRemovalNames(spec: LoadedSpec): Operation[] {
  const removals = spec.operations.filter((o) => o.method === 'DELETE' && o !== spec.record.remove);
  return writtenParts(spec).filter((part) => !removals.some((o) => o.path === part.path || o.path.startsWith(`${part.path}/`)));
}

/** The parts a write of the lifecycle changes and only a read of the part
 *  shows (the limits show on the list, which holds whole records). */
export function writtenParts(spec: LoadedSpec): Operation[] {
  return spec.record.parts.filter((part) => {
    const writer = writerOf(spec, part);
    return writer !== undefined && writer.hints.readBack !== spec.record.get.operationId;
  });
}
