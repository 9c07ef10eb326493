// Invalid request bodies: each case one request judged by its expected
// answer. In certify, the fixture's parts its writes change are read before
// and after them: what a write refused 4xx named must be as it was
// (SAFE-REFUSED-NOT-APPLIED; a panel that validates after it stores keeps
// what it said it refused).
import { statusMatches, succeeded } from '../../model/exchange.ts';
import { fixtureParts } from '../../cases/kinds/validation.ts';
import type { RunContext } from '../context.ts';
import type { CaseRecorder } from '../recorder.ts';
import { SkipCase } from '../recorder.ts';
import { usernameFor } from '../request.ts';
import { operationPath } from '../paths.ts';
import { judgeExpected, sendCase } from '../steps.ts';
import type { KindExecutor } from './kind.ts';

export const validation: KindExecutor<'validation'> = {
  name: 'validation',
  async execute(run, rec, op, suite) {
    const c = rec.planned;
    if (c.variant.type === 'fixture-before' || c.variant.type === 'fixture-after') return readParts(run, rec, suite, c.variant.type === 'fixture-after');
    const ex = await sendCase(run, rec, op, suite);
    const body = jsonObjectSent(ex.request.body);
    if (c.target === 'fixture' && op.method !== 'GET' && ex.response && body)
      run.fixtureWrites.writes.push({ operationId: op.operationId, body, exchange: ex });
    judgeExpected(rec, op, ex);
  },
};

/** The fixture's parts that its writes change: before them, kept; after
 *  them, judged against what each refused write named. */
async function readParts(run: RunContext, rec: CaseRecorder, suite: string, after: boolean): Promise<void> {
  const username = usernameFor(run, 'fixture', suite)!;
  const { before, writes } = run.fixtureWrites;
  if (after && !Object.keys(before).length) throw new SkipCase('the fixture was not read before its writes');
  for (const part of fixtureParts(
    run.spec,
    run.plan.cases.filter((c) => c.kind === 'validation' && !c.disabled && !c.skip),
  )) {
    if (after && !(part.operationId in before)) continue;
    const ex = await rec.send('admin', { method: 'GET', path: operationPath(part, { username }), purpose: 'data-safety' });
    judgeExpected(rec, part, ex);
    if (!succeeded(ex)) continue;
    if (!after) {
      before[part.operationId] = ex.response!.json;
      continue;
    }
    const toPart = writes.filter((w) => run.spec.byId.get(w.operationId)?.path === part.path);
    const refused = toPart.filter((w) => statusMatches(w.exchange.response!.status, '4xx'));
    if (!refused.length) continue;
    const unrefused = toPart.filter((w) => !refused.includes(w));
    rec.judge('SAFE-REFUSED-NOT-APPLIED', ex, { on: 'written', before: before[part.operationId], refused, unrefused });
  }
}

/** The JSON object a request sent, if it sent one (not malformed JSON,
 *  not a form). */
function jsonObjectSent(body: string | undefined): Record<string, unknown> | undefined {
  if (body === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
