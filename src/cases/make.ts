// The one way a kind turns an operation into a planned case: ID, title,
// requirements and cost follow from what the kind says.
import type { Credential } from '../model/exchange.ts';
import type { Operation } from '../spec/load.ts';
import { budgetKeyOf } from '../model/exchange.ts';
import type { Expectation, PlannedCase, Profile, Target, Variant } from '../model/case.ts';

export interface CaseFields {
  credential: Credential;
  target: Target;
  variant: Variant;
  expect: Expectation;
  profile: Profile;
  extraRequirements?: string[];
  /** Requests of the case's own credential (default 1), or per key when it
   *  spends more than one. */
  cost?: number | PlannedCase['cost'];
  phase?: number;
}

export function makeCase(op: Operation, kind: PlannedCase['kind'], suffix: string, what: string, fields: CaseFields): PlannedCase {
  const expected = typeof fields.expect.status === 'number' ? String(fields.expect.status) : fields.expect.status;
  return {
    id: `${op.operationId}.${kind}.${suffix}`,
    operationId: op.operationId,
    group: op.hints.group,
    kind,
    title: `[${op.method}] ${op.path} - ${what} -> ${expected}${fields.expect.code ? ` ${fields.expect.code}` : ''}`,
    credential: fields.credential,
    requirements: [fields.expect.requirement, ...(fields.expect.neverServed ? [fields.expect.neverServed] : []), ...(fields.extraRequirements ?? [])],
    profile: fields.profile,
    write: op.method !== 'GET',
    target: fields.target,
    variant: fields.variant,
    expect: fields.expect,
    cost: typeof fields.cost === 'object' ? fields.cost : { [budgetKeyOf(fields.credential)]: fields.cost ?? 1 },
    ...(fields.phase === undefined ? {} : { phase: fields.phase }),
  };
}

/** Whether the path names one record of a collection (/resellers/{username}). */
export function isRecordPath(op: Operation): boolean {
  return op.path.endsWith('{username}');
}

/** The order a reseller's life allows: create, read (the record and the
 *  lists that show it, side by side), write, remove parts, delete. Derived
 *  from method and path, so new operations slot in. Phase 3 (between the
 *  reads and the writes) is free for checks on a record whose reads are
 *  known. */
export function lifecyclePhase(op: Operation): number {
  if (op.creates) return 0;
  if (op.method === 'GET') return 2;
  if (op.method !== 'DELETE') return 4;
  return isRecordPath(op) ? 6 : 5;
}

/** The error code the spec documents for a status (its status-to-code table). */
export function documentedCode(codes: Readonly<Record<number, string>>, status: number): string {
  const code = codes[status];
  if (!code) throw new Error(`spec documents no error code for ${status}`);
  return code;
}
