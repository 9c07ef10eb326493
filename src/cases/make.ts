// The one way a kind turns an operation into a planned case: ID, title,
// requirements and cost follow from what the kind says.
import type { Credential } from '../model/exchange.ts';
import type { LoadedSpec, Operation } from '../spec/load.ts';
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

/** The steps of a reseller's life, in order: create; read it and the
 *  lists that show it; what the run reads before it writes (certify); write;
 *  read what each write changed; remove parts; a duplicate create and the
 *  list after the writes; what the writes may have reached beyond it; delete. */
export const PHASE = {
  create: 0,
  read: 2,
  beforeWrites: 3,
  write: 4,
  readWritten: 4.5,
  removePart: 5,
  afterWrites: 5.4,
  othersAfter: 5.6,
  delete: 6,
  contained: 6.5,
} as const;

/** The phase of an operation in the lifecycle, derived from method and path,
 *  so new operations slot in. A GET of what a write changes (the GET of the
 *  write's own path) reads it after the write, not before: one read serves
 *  the operation's own case and the write's read-back. */
export function lifecyclePhase(spec: Pick<LoadedSpec, 'operations' | 'record'>, op: Operation): number {
  if (op.creates) return PHASE.create;
  if (op.method === 'GET') return writerOf(spec, op) ? PHASE.readWritten : PHASE.read;
  if (op.method !== 'DELETE') return PHASE.write;
  return isRecordPath(op) ? PHASE.delete : PHASE.removePart;
}

/** The write whose change a GET shows (a PUT or POST of the same path, not
 *  the record's create), if any. */
export function writerOf(spec: Pick<LoadedSpec, 'operations' | 'record'>, read: Operation): Operation | undefined {
  if (read === spec.record.get || read === spec.record.list) return undefined;
  return spec.operations.find((o) => (o.method === 'PUT' || o.method === 'POST') && !o.creates && o.path === read.path);
}

/** The error code the spec documents for a status (its status-to-code table). */
export function documentedCode(codes: Readonly<Record<number, string>>, status: number): string {
  const code = codes[status];
  if (!code) throw new Error(`spec documents no error code for ${status}`);
  return code;
}
