// After every other suite. The list: a create the server refused must not
// have stored its reseller; what one stored all the same goes into the
// ledger, for the clean-up to delete. In certify, the validation fixture's
// parts: what a write to them refused 4xx named must not show
// (SAFE-REFUSED-NOT-APPLIED both).
import { statusMatches, succeeded } from '../../model/exchange.ts';
import { fixtureParts } from '../../cases/kinds/validation.ts';
import { settleRefusals } from '../creates.ts';
import type { RunContext } from '../context.ts';
import type { CaseRecorder } from '../recorder.ts';
import { SkipCase } from '../recorder.ts';
import { operationPath } from '../paths.ts';
import { buildRequest } from '../request.ts';
import { judgeExpected } from '../steps.ts';
import type { KindExecutor } from './kind.ts';

export const refusals: KindExecutor<'refusals'> = {
  name: 'refusals',
  async execute(run, rec, op) {
    if (rec.planned.variant.type === 'fixture-parts') return readFixtureParts(run, rec);
    const refused = run.ledger.refusals();
    if (!refused.length) throw new SkipCase('no create was refused in this run: nothing it could have stored');
    const ex = await rec.send('admin', { ...buildRequest(run, op, rec.planned, undefined), purpose: 'data-safety' });
    judgeExpected(rec, op, ex);
    rec.judge('SAFE-REFUSED-NOT-APPLIED', ex, { on: 'list', refused });
    settleRefusals(run.ledger, ex);
  },
};

/** Each part of the validation fixture a write refused 4xx named, read by
 *  the admin and judged against the writes to it. */
async function readFixtureParts(run: RunContext, rec: CaseRecorder): Promise<void> {
  const { username, writes } = run.fixtureWrites;
  const refusedAny = writes.some((w) => statusMatches(w.exchange.response!.status, '4xx'));
  if (!username || !refusedAny) throw new SkipCase('no write to the validation fixture was refused in this run: nothing it could have stored');
  for (const part of fixtureParts(run.spec)) {
    const toPart = writes.filter((w) => run.spec.byId.get(w.operationId)?.path === part.path);
    const refused = toPart.filter((w) => statusMatches(w.exchange.response!.status, '4xx'));
    if (!refused.length) continue;
    const ex = await rec.send('admin', { method: 'GET', path: operationPath(part, { username }), purpose: 'data-safety' });
    judgeExpected(rec, part, ex);
    if (succeeded(ex)) rec.judge('SAFE-REFUSED-NOT-APPLIED', ex, { on: 'written', refused, unrefused: toPart.filter((w) => !refused.includes(w)) });
  }
}
