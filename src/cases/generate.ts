// Cases are generated from the spec: every operation, every documented
// failure mode, by rule, never listed by hand. Pure: the same spec and
// options always give the same plan.
import type { CaseKind, Credential } from '../model.ts';
import type { LoadedSpec, Operation } from '../spec/load.ts';
import type { BudgetKey } from '../http/budget.ts';
import { budgetKeyOf } from '../http/budget.ts';
import { invalidIps, wrongTypeValues } from '../../fixtures/bodies.ts';
import type { AuthVariant, Expectation, Plan, PlannedCase, Target, Variant } from './types.ts';

export interface PlanOptions {
  profile: 'default' | 'certify';
  include: CaseKind[];
  exclude: CaseKind[];
  readOnly: boolean;
  /** A reseller key was given, so none is minted and its owner is not ours. */
  hasResellerToken: boolean;
  /** Only cases whose ID or title match run (a regular expression). */
  filter?: string;
  /** Requests per window per key (default: the spec's documented limit). */
  rate?: number;
}

/** Kinds whose cases depend on nothing before them, so may run later. */
const DEFERRABLE: readonly CaseKind[] = ['auth'];

const AUTH_VARIANTS: Array<{ header: AuthVariant; requirement: string; profile: 'default' | 'certify'; label: string }> = [
  { header: 'missing', requirement: 'AUTH-MISSING-401', profile: 'default', label: 'no Authorization header' },
  { header: 'unknown-key', requirement: 'AUTH-INVALID-401', profile: 'default', label: 'an unknown wsp_ key' },
  { header: 'bearer-empty', requirement: 'AUTH-MALFORMED-401', profile: 'certify', label: '"Bearer" without a key' },
  { header: 'basic', requirement: 'AUTH-MALFORMED-401', profile: 'certify', label: 'a Basic scheme' },
];

export function generatePlan(spec: LoadedSpec, opts: PlanOptions): Plan {
  const cases = [
    ...lifecycleCases(spec),
    ...authCases(spec),
    ...roleCases(spec, opts),
    ...validationCases(spec),
    ...notFoundCases(spec),
    ...rateLimitCases(spec),
  ];
  for (const c of cases) applyOptions(c, opts);
  deferOverflow(cases, opts.rate ?? spec.rateLimit.limit);
  return { cases, overhead: overhead(cases, opts) };
}

/**
 * Suites run one after another, so a suite that needs a second window of a
 * key no other suite uses (the no-key auth cases) would stall the whole run
 * for that window. Its cases beyond the first window are deferred to the
 * end of the run instead, when the window has passed while the admin key
 * worked. The admin key gains nothing from this: every suite uses it.
 */
function deferOverflow(cases: PlannedCase[], rate: number): void {
  const spent: Partial<Record<BudgetKey, number>> = {};
  for (const c of cases) {
    if (c.disabled || c.skip || !DEFERRABLE.includes(c.kind)) continue;
    for (const [key, n] of Object.entries(c.cost) as [BudgetKey, number][]) {
      if (key === 'admin') continue;
      spent[key] = (spent[key] ?? 0) + n;
      if (spent[key]! > rate) c.deferred = true;
    }
  }
}

function applyOptions(c: PlannedCase, opts: PlanOptions): void {
  const filter = opts.filter === undefined ? undefined : new RegExp(opts.filter);
  if (filter && !filter.test(c.id) && !filter.test(c.title)) c.disabled = `does not match --filter ${opts.filter}`;
  else if (opts.exclude.includes(c.kind)) c.disabled = `kind ${c.kind} excluded (--exclude)`;
  else if (c.profile === 'certify' && opts.profile !== 'certify' && !opts.include.includes(c.kind)) {
    c.disabled = `not in the ${opts.profile} profile (--profile certify or --include ${c.kind})`;
  } else if (c.variant.type === 'mint-key' && opts.hasResellerToken) {
    c.skip = 'a reseller key was given (--reseller-token): none is minted';
  } else if (opts.readOnly && (c.write || c.target === 'lifecycle' || c.target === 'fixture' || (c.target === 'own' && !opts.hasResellerToken))) {
    c.skip = c.write ? 'read-only run: the case sends a write' : 'read-only run: the case needs a reseller the run would create';
  }
}

/** Requests outside cases: the preflight, and the set-up and clean-up of the
 *  reseller fixtures of the validation and role suites. */
function overhead(cases: PlannedCase[], opts: PlanOptions): Partial<Record<BudgetKey, number>> {
  const active = (kind: CaseKind, target?: Target) =>
    cases.some((c) => c.kind === kind && !c.disabled && !c.skip && (target === undefined || c.target === target));
  // A fixture costs its create, and a GET (is it ours?) and a DELETE to go.
  const FIXTURE = 3;
  let admin = 1; // preflight
  if (active('validation', 'fixture')) admin += FIXTURE;
  if (active('role')) admin += FIXTURE + (opts.hasResellerToken ? 0 : 2); // and the minted key's owner goes too
  return { admin, reseller: active('role') && opts.hasResellerToken ? 1 : 0 };
}

function make(
  op: Operation,
  kind: CaseKind,
  suffix: string,
  what: string,
  fields: { credential: Credential; target: Target; variant: Variant; expect: Expectation; profile: 'default' | 'certify'; extraRequirements?: string[]; cost?: number },
): PlannedCase {
  const budget = budgetKeyOf(fields.credential);
  const expected = typeof fields.expect.status === 'number' ? String(fields.expect.status) : fields.expect.status;
  return {
    id: `${op.operationId}.${kind}.${suffix}`,
    operationId: op.operationId,
    group: op.hints.group,
    kind,
    title: `[${op.method}] ${op.path} - ${what} -> ${expected}${fields.expect.code ? ` ${fields.expect.code}` : ''}`,
    credential: fields.credential,
    requirements: [fields.expect.requirement, ...(fields.extraRequirements ?? [])],
    profile: fields.profile,
    write: op.method !== 'GET',
    target: fields.target,
    variant: fields.variant,
    expect: fields.expect,
    cost: { [budget]: fields.cost ?? 1 },
  };
}

/** The order a reseller's life allows: create, read, write, remove parts,
 *  delete. Derived from method and path, so new operations slot in. */
function lifecyclePhase(op: Operation): number {
  const onRecord = op.path.endsWith('{username}');
  if (op.creates) return 0;
  if (op.method === 'GET' && op.hints.target === 'none') return 1;
  if (op.method === 'GET') return 2;
  if (op.method !== 'DELETE') return 4;
  return onRecord ? 6 : 5;
}

/** The GET on the same path as a record-level operation, and the list. */
export function followUps(spec: LoadedSpec, op: Operation): { get?: Operation; list?: Operation } {
  const collection = op.path.replace(/\{username\}$/, '');
  const get = spec.operations.find((o) => o.method === 'GET' && o.path === op.path);
  const list = spec.operations.find((o) => o.method === 'GET' && o.path === collection);
  return { get, list };
}

function lifecycleCases(spec: LoadedSpec): PlannedCase[] {
  const ops = spec.operations.filter((o) => o.hints.positive !== false && o.hints.target !== 'user');
  const sorted = ops.map((op, i) => ({ op, i })).sort((a, b) => lifecyclePhase(a.op) - lifecyclePhase(b.op) || a.i - b.i);
  const out: PlannedCase[] = [];
  for (const { op } of sorted) {
    const documentedShape = op.responses[op.successStatus]?.schema !== undefined;
    const expect: Expectation = { status: documentedShape ? op.successStatus : '2xx', requirement: op.hints.requirement };
    const extra: string[] = [];
    let cost = 1;
    if (op.hints.readBack) {
      extra.push(op.method === 'DELETE' ? 'LIFE-IP-REMOVED' : 'LIFE-WRITE-READ-BACK');
      cost++;
    }
    if (op.method === 'GET' && op.hints.target === 'none' && spec.operations.some((o) => o.method === 'POST' && o.path === op.path)) {
      extra.push('LIFE-LIST-CONTAINS');
    }
    if (op.method === 'DELETE' && op.path.endsWith('{username}')) {
      extra.push('LIFE-DELETE-GONE');
      cost += 2;
    }
    out.push(make(op, 'positive', 'ok', 'a valid request', {
      credential: 'admin', target: op.hints.target === 'reseller' ? 'lifecycle' : 'none', variant: { type: 'positive' }, expect, profile: 'default', extraRequirements: extra, cost,
    }));
    if (lifecyclePhase(op) === 0 && op.operationId === 'createReseller') {
      // A duplicate create must not touch the existing reseller (data safety).
      out.push(make(op, 'lifecycle', 'duplicate', 'the username of an existing reseller', {
        credential: 'admin', target: 'lifecycle', variant: { type: 'duplicate' }, expect: { status: '4xx', requirement: 'SAFE-DUPLICATE-REFUSED' }, profile: 'certify', cost: 3,
      }));
    }
  }
  // The duplicate needs the record read first: keep it after the phase-2 reads.
  const dup = out.findIndex((c) => c.variant.type === 'duplicate');
  if (dup >= 0) {
    const [c] = out.splice(dup, 1);
    const lastRead = out.map((x) => x.operationId).lastIndexOf(spec.operations.find((o) => lifecyclePhase(o) === 2)?.operationId ?? '');
    out.splice(lastRead + 1, 0, c!);
  }
  return out;
}

function authCases(spec: LoadedSpec): PlannedCase[] {
  return spec.operations.flatMap((op) =>
    AUTH_VARIANTS.map((v) =>
      make(op, 'auth', v.header, v.label, {
        credential: v.header === 'missing' ? 'none' : 'invalid',
        // A name that never exists: even a server that ignores auth harms nothing.
        target: op.hints.target === 'none' ? 'none' : 'missing',
        variant: { type: 'auth', header: v.header },
        expect: { status: 401, code: 'UNAUTHORIZED', requirement: v.requirement },
        profile: v.profile,
      }),
    ),
  );
}

function roleCases(spec: LoadedSpec, opts: PlanOptions): PlannedCase[] {
  const out: PlannedCase[] = [];
  // Writes go to a reseller the run owns: its own when the key was minted.
  const writeTarget: Target = opts.hasResellerToken ? 'fixture' : 'own';
  const forbidden = (op: Operation, suffix: string, what: string, target: Target, profile: 'default' | 'certify') =>
    make(op, 'role', suffix, `reseller key, ${what}`, {
      credential: 'reseller', target, variant: { type: 'positive' }, expect: { status: 403, code: 'FORBIDDEN', requirement: 'ROLE-RESELLER-FORBIDDEN' }, profile,
    });
  for (const op of spec.operations) {
    if (op.operationId === 'getCurrentUser') continue;
    if (op.hints.resellerAccess === 'own-read' && op.hints.target === 'reseller') {
      out.push(make(op, 'role', 'own', 'reseller key, its own record', {
        credential: 'reseller', target: 'own', variant: { type: 'positive' }, expect: { status: '2xx', requirement: 'ROLE-RESELLER-READ-OWN' }, profile: 'default',
      }));
      const isRecord = op.path.endsWith('{username}');
      out.push(forbidden(op, 'other', "another reseller's record", 'fixture', isRecord ? 'default' : 'certify'));
    } else if (op.hints.resellerAccess === 'denied') {
      const target: Target = op.hints.target === 'none' ? 'none' : op.method === 'DELETE' && op.path.endsWith('{username}') ? 'fixture' : op.hints.target === 'user' ? 'fixture' : writeTarget;
      out.push(forbidden(op, 'denied', op.method === 'GET' ? 'admin-only read' : 'write', target, 'default'));
    }
  }
  // Minting comes first; then own reads: the first tells whether the key works at all.
  const mintOp = spec.operations.find((o) => o.hints.requirement === 'AUTH-KEY-ISSUE-201');
  const mint = mintOp
    ? [make(mintOp, 'role', 'mint', 'admin issues a key for a new reseller', {
        credential: 'admin', target: 'none', variant: { type: 'mint-key' }, expect: { status: mintOp.successStatus, requirement: 'AUTH-KEY-ISSUE-201' }, profile: 'default', cost: 2,
      })]
    : [];
  return [...mint, ...out.filter((c) => c.id.endsWith('.own')), ...out.filter((c) => !c.id.endsWith('.own'))];
}

function validationCases(spec: LoadedSpec): PlannedCase[] {
  const out: PlannedCase[] = [];
  for (const op of spec.operations) {
    const schema = op.requestSchema as { required?: string[]; properties?: Record<string, Record<string, unknown>>; 'x-wispanel-missing-field'?: { code: string; status: number } } | undefined;
    if (!schema || op.hints.body !== 'documented' || op.hints.positive === false) continue;
    const target: Target = op.hints.target === 'reseller' ? 'fixture' : 'none';
    const base = { credential: 'admin' as const, target };
    const missing = schema['x-wispanel-missing-field'];
    const invalid = op.operationId === 'createReseller' ? 'VAL-CREATE-INVALID-4XX' : op.operationId === 'addResellerIp' ? 'VAL-IP-INVALID-4XX' : 'VAL-LIMITS-TYPE-4XX';
    for (const field of schema.required ?? []) {
      const expect: Expectation = missing
        ? { status: missing.status, code: missing.code, requirement: 'RES-CREATE-REQUIRED-400' }
        : { status: '4xx', requirement: invalid };
      out.push(make(op, 'validation', `missing-${field}`, `${field} missing`, { ...base, variant: { type: 'omit-field', field }, expect, profile: missing ? 'default' : 'certify' }));
    }
    for (const [field, prop] of Object.entries(schema.properties ?? {})) {
      const type = prop.type as string | undefined;
      if (type === 'string' && prop.minLength) {
        out.push(make(op, 'validation', `empty-${field}`, `${field} empty`, { ...base, variant: { type: 'empty-field', field }, expect: { status: '4xx', requirement: invalid }, profile: 'certify' }));
      }
      if (type && type in wrongTypeValues) {
        out.push(make(op, 'validation', `type-${field}`, `${field} of the wrong type`, { ...base, variant: { type: 'wrong-type', field, value: wrongTypeValues[type] }, expect: { status: '4xx', requirement: invalid }, profile: 'certify' }));
      }
      if (Array.isArray(prop.anyOf) && prop.anyOf.some((s: { format?: string }) => s.format === 'ipv4')) {
        invalidIps.forEach((value, i) =>
          out.push(make(op, 'validation', `invalid-${field}-${i + 1}`, `${field} "${value}"`, { ...base, variant: { type: 'invalid-value', field, value }, expect: { status: '4xx', requirement: invalid }, profile: 'certify' })),
        );
      }
    }
    out.push(make(op, 'validation', 'malformed-json', 'a body that is not JSON', { ...base, variant: { type: 'malformed-json' }, expect: { status: '4xx', requirement: 'VAL-MALFORMED-JSON-4XX' }, profile: 'certify' }));
    if (op.hints.target === 'none') {
      out.push(make(op, 'validation', 'content-type', 'a form-encoded body', { ...base, variant: { type: 'non-json' }, expect: { status: '4xx', requirement: 'VAL-CONTENT-TYPE-4XX' }, profile: 'certify' }));
    }
  }
  return out;
}

function notFoundCases(spec: LoadedSpec): PlannedCase[] {
  return spec.operations
    .filter((op) => op.hints.target === 'reseller' && op.hints.notFound !== false)
    .map((op) =>
      make(op, 'not-found', 'missing', 'a reseller that does not exist', {
        credential: 'admin', target: 'missing', variant: { type: 'positive' }, expect: { status: 404, code: 'NOT_FOUND', requirement: 'RES-NOT-FOUND-404' }, profile: 'default',
      }),
    );
}

function rateLimitCases(spec: LoadedSpec): PlannedCase[] {
  const probe = spec.operations.find((o) => o.operationId === 'getCurrentUser');
  if (!probe) return [];
  return [
    make(probe, 'rate-limit', 'exceed', 'admin key beyond its limit, then after the reset', {
      credential: 'admin', target: 'none', variant: { type: 'exceed-limit' }, expect: { status: 429, code: 'RATE_LIMITED', requirement: 'RL-429' }, profile: 'certify', extraRequirements: ['RL-RECOVERY'],
      cost: spec.rateLimit.limit + 3, // a probe, the burst (the limit and one; more if the window turns meanwhile), the recovery
    }),
  ];
}
