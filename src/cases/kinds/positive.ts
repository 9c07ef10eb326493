// Positive cases of every operation, in the order a reseller's life allows:
// create, read, write and read back, remove parts, delete, confirm it is gone.
import type { Expectation, FollowUp } from '../../model/case.ts';
import type { LoadedSpec, Operation } from '../../spec/load.ts';
import type { CaseKindPlan } from './kind.ts';
import { lifecyclePhase, makeCase } from '../make.ts';

export const positive: CaseKindPlan<'positive'> = {
  name: 'positive',
  suite: 'lifecycle',
  summary: "every operation with a valid request, along one reseller's life, with read-backs",
  plan(spec) {
    const ops = spec.operations.filter((o) => o.hints.positive !== false && o.hints.target !== 'user');
    const sorted = ops.map((op, i) => ({ op, i })).sort((a, b) => lifecyclePhase(a.op) - lifecyclePhase(b.op) || a.i - b.i);
    return sorted.map(({ op }) => {
      const documentedShape = op.responses[op.successStatus]?.schema !== undefined;
      const expect: Expectation = { status: documentedShape ? op.successStatus : '2xx', requirement: op.hints.requirement };
      const extra: string[] = [];
      let cost = 1;
      let then: FollowUp | undefined;
      if (op.hints.readBack) {
        extra.push(op.method === 'DELETE' ? 'LIFE-IP-REMOVED' : readsBackFieldByField(spec, op) ? 'LIFE-LIMITS-PERSIST' : readBackRequirement(op));
        cost++;
      }
      if (op === spec.record.list) {
        extra.push('LIFE-LIST-CONTAINS');
        then = 'list-contains';
      }
      if (op === spec.record.remove) {
        extra.push('LIFE-DELETE-GONE');
        then = 'confirm-gone';
        cost += 2;
      }
      return makeCase(op, 'positive', 'ok', 'a valid request', {
        credential: 'admin', target: op.hints.target === 'reseller' ? 'lifecycle' : 'none', variant: { type: 'positive', then }, expect, profile: 'default', extraRequirements: extra, cost, phase: lifecyclePhase(op),
      });
    });
  },
};

/** A write whose body the vendor showed must take effect (standard); where
 *  the body is our guess, a conforming server may ignore it (a convention). */
export function readBackRequirement(op: Operation): 'LIFE-WRITE-READ-BACK' | 'LIFE-GUESSED-READ-BACK' {
  return op.hints.body === 'undocumented' ? 'LIFE-GUESSED-READ-BACK' : 'LIFE-WRITE-READ-BACK';
}

/** Both the body written and the record read back are documented: the
 *  write is compared field by field (a documented failure), not searched for. */
export function readsBackFieldByField(spec: LoadedSpec, op: Operation): boolean {
  const reader = op.hints.readBack ? spec.byId.get(op.hints.readBack) : undefined;
  return op.hints.body === 'documented' && reader?.responses[reader.successStatus]?.schema !== undefined;
}
