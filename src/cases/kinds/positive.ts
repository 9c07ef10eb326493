// Positive cases of every operation, in the order a reseller's life allows:
// create, read, write, read what each write changed, remove parts, delete,
// and confirm it is gone everywhere while the records around it stay.
import type { Expectation, FollowUp } from '../../model/case.ts';
import type { LoadedSpec, Operation } from '../../spec/load.ts';
import type { CaseKindPlan } from './kind.ts';
import { lifecyclePhase, makeCase, writerOf } from '../make.ts';

export const positive: CaseKindPlan<'positive'> = {
  name: 'positive',
  suite: 'lifecycle',
  summary: "every operation with a valid request, along one reseller's life, with read-backs",
  plan(spec) {
    const ops = spec.operations.filter((o) => o.hints.positive !== false && o.hints.target !== 'user');
    const phase = (op: Operation) => lifecyclePhase(spec, op);
    const sorted = ops.map((op, i) => ({ op, i })).sort((a, b) => phase(a.op) - phase(b.op) || a.i - b.i);
    return sorted.map(({ op }) => {
      const documentedShape = op.responses[op.successStatus]?.schema !== undefined;
      const expect: Expectation = { status: documentedShape ? op.successStatus : '2xx', requirement: op.hints.requirement };
      const { extra, cost, then } = followUp(spec, op);
      return makeCase(op, 'positive', 'ok', 'a valid request', {
        credential: 'admin',
        target: op.hints.target === 'reseller' ? 'lifecycle' : 'none',
        variant: { type: 'positive', then },
        expect,
        profile: 'default',
        extraRequirements: extra,
        cost,
        phase: phase(op),
      });
    });
  },
};

/** What a positive case checks beyond its own answer, and what that costs. */
function followUp(spec: LoadedSpec, op: Operation): { extra: string[]; cost: number; then?: FollowUp } {
  // The preflight asked already: its answer is judged.
  if (op === spec.identity) return { extra: [], cost: 0 };
  if (op === spec.record.list) return { extra: ['LIFE-LIST-CONTAINS'], cost: 1, then: 'list-contains' };
  if (op === spec.record.remove) {
    // The record and each of its parts answer 404, the list no longer holds
    // it, the records around it are still listed and unchanged.
    return {
      extra: ['LIFE-DELETE-GONE', 'SAFE-DELETE-COMPLETE', 'RES-NOT-FOUND-404', 'SAFE-WRITE-CONTAINED', 'SAFE-OTHERS-UNTOUCHED'],
      cost: 3 + spec.record.parts.length,
      then: 'confirm-gone',
    };
  }
  const writer = op.method === 'GET' ? writerOf(spec, op) : undefined;
  if (writer) {
    // This read shows what the write before it changed.
    const shows = writer.hints.readBack === op.operationId ? readBackRequirement(writer) : 'LIFE-READS-AGREE';
    return { extra: [shows], cost: 1, then: 'shows-write' };
  }
  // A part named by the path (an IP) is removed; a part without a name (the
  // branding) is reset.
  // A named part (an IP) is removed from the bystander too, which never held it.
  if (op.method === 'DELETE' && op.hints.readBack)
    return op.path.endsWith('}') ? { extra: ['LIFE-IP-REMOVED'], cost: 3 } : { extra: ['LIFE-PART-RESET'], cost: 2 };
  if (readsBackFieldByField(spec, op)) return { extra: ['LIFE-LIMITS-PERSIST', 'SAFE-PARTIAL-WRITE'], cost: 2 };
  // A part added twice, so that removing one shows whether the other stays.
  if (op.hints.yields) return { extra: [], cost: 2 };
  return { extra: [], cost: 1 };
}

/** A write whose body the vendor showed must take effect (standard); where
 *  the body is our guess, a conforming server may ignore it (a convention). */
export function readBackRequirement(op: Operation): 'LIFE-WRITE-READ-BACK' | 'LIFE-GUESSED-READ-BACK' {
  return op.hints.body === 'undocumented' ? 'LIFE-GUESSED-READ-BACK' : 'LIFE-WRITE-READ-BACK';
}

/** Both the body written and the record read back are documented: the
 *  write is compared field by field (a documented failure), not searched for. */
export function readsBackFieldByField(spec: LoadedSpec, op: Operation): boolean {
  const reader = op.hints.readBack ? spec.byId.get(op.hints.readBack) : undefined;
  return op.method !== 'DELETE' && op.hints.body === 'documented' && reader?.responses[reader.successStatus]?.schema !== undefined;
}
