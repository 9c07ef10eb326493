// "Admin only (reseller reads own)", with a reseller key: given, or minted
// for a reseller of the run's own.
import type { CaseKindModule } from './kind.ts';
import type { Operation } from '../../spec/load.ts';
import type { PlannedCase, Profile, Target } from '../types.ts';
import { documentedCode, isRecordPath, makeCase } from '../make.ts';
import { describeOutcome, expectResponse, expectSchema, succeeded } from '../../checks/expect.ts';
import type { RunContext } from '../../run/context.ts';
import { SkipCase, type CaseRecorder } from '../../run/recorder.ts';
import { buildRequest } from '../../run/request.ts';
import { recordCreated, recordIntent } from '../../run/creates.ts';
import { judgeExpected, sendAndJudge, sendCase } from '../../run/steps.ts';

export const role: CaseKindModule<'role'> = {
  name: 'role',
  suite: 'roles',
  summary: 'a reseller key: reads its own record, is refused everything else (403)',
  fixture: true,
  plan(spec, opts) {
    const forbiddenCode = documentedCode(spec.errorCodes, 403);
    const own: PlannedCase[] = [];
    const refused: PlannedCase[] = [];
    // Writes go to a reseller the run owns: its own when the key was minted.
    const writeTarget: Target = opts.hasResellerToken ? 'fixture' : 'own';
    const forbidden = (op: Operation, suffix: string, what: string, target: Target, profile: Profile) =>
      makeCase(op, 'role', suffix, `reseller key, ${what}`, {
        credential: 'reseller', target, variant: { type: 'positive' }, expect: { status: 403, code: forbiddenCode, requirement: 'ROLE-RESELLER-FORBIDDEN' }, profile,
      });
    for (const op of spec.operations) {
      if (op.hints.identity) continue;
      if (op.hints.resellerAccess === 'own-read' && op.hints.target === 'reseller') {
        own.push(makeCase(op, 'role', 'own', 'reseller key, its own record', {
          credential: 'reseller', target: 'own', variant: { type: 'own-read' }, expect: { status: '2xx', requirement: 'ROLE-RESELLER-READ-OWN' }, profile: 'default',
        }));
        refused.push(forbidden(op, 'other', "another reseller's record", 'fixture', isRecordPath(op) ? 'default' : 'certify'));
      } else if (op.hints.resellerAccess === 'denied') {
        const target: Target = op.hints.target === 'none' ? 'none' : (op.method === 'DELETE' && isRecordPath(op)) || op.hints.target === 'user' ? 'fixture' : writeTarget;
        refused.push(forbidden(op, 'denied', op.method === 'GET' ? 'admin-only read' : 'write', target, 'default'));
      }
    }
    // Minting comes first; then own reads: the first tells whether the key works at all.
    const mintOp = spec.operations.find((o) => o.hints.mintsKey);
    const mint = mintOp
      ? [makeCase(mintOp, 'role', 'mint', 'admin issues a key for a new reseller', {
          credential: 'admin', target: 'none', variant: { type: 'mint-key' }, expect: { status: mintOp.successStatus, requirement: mintOp.hints.requirement }, profile: 'default', cost: 2,
        })]
      : [];
    return [...mint, ...own, ...refused];
  },
  async execute(run, rec, op, suite) {
    switch (rec.planned.variant.type) {
      case 'mint-key':
        return mintResellerKey(run, rec, op);
      case 'own-read': {
        const ex = await sendCase(run, rec, op, suite);
        confirmMintedKey(run, ex.response?.status);
        return judgeExpected(rec, op, ex);
      }
      default:
        return sendAndJudge(run, rec, op, suite);
    }
  },
  afterSuite(run) {
    run.roles.client = undefined;
    run.roles.ownUsername = undefined;
  },
};

/** A minted key refused its own record lacks a scope, not the role: the
 *  role cases cannot be judged with it. */
function confirmMintedKey(run: RunContext, status: number | undefined): void {
  if (!run.roles.minted || run.roles.confirmed) return;
  if (status === 403) {
    run.roles.unusable = 'the minted reseller key was refused even its own record (403); API-key permission names are undocumented: pass --reseller-token';
    run.roles.client = undefined;
    throw new SkipCase(run.roles.unusable);
  }
  run.roles.confirmed = status !== undefined && status >= 200 && status < 300;
}

/** The role suite's first case: a reseller of the run's own, and a key for it. */
async function mintResellerKey(run: RunContext, rec: CaseRecorder, op: Operation): Promise<void> {
  const create = run.spec.record.create;
  const body = run.data.resellerCreate('role-owner');
  recordIntent(run, create, body);
  const created = await rec.send('admin', { method: create.method, path: create.path, body: { json: body } });
  recordCreated(run, create, body, created);
  if (!succeeded(created)) {
    run.roles.unusable = `the server did not create the reseller to mint a key for (${describeOutcome(created)})`;
    throw new SkipCase(run.roles.unusable);
  }
  const ex = await rec.send('admin', buildRequest(run, op, rec.planned, body.username));
  // The client registered the secret with the redactor before recording it.
  const secret = (ex.response?.json as { secret_key?: unknown } | undefined)?.secret_key;
  if (!succeeded(ex) || typeof secret !== 'string') {
    run.roles.unusable = `the server refused to mint a reseller key (${describeOutcome(ex)}); pass --reseller-token to run the role cases`;
    throw new SkipCase(run.roles.unusable);
  }
  rec.judge(expectResponse(ex, rec.planned.expect));
  rec.judge(expectSchema(run.validators, op.operationId, ex, rec.planned.expect.requirement));
  run.roles.client = run.client.withReseller(secret);
  run.roles.ownUsername = body.username;
  run.roles.minted = true;
}
