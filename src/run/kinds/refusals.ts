// The list after every other suite: a create the server refused must not
// have stored its reseller (SAFE-REFUSED-NOT-APPLIED). What one stored all
// the same goes into the ledger, for the clean-up to delete.
import { settleRefusals } from '../creates.ts';
import { SkipCase } from '../recorder.ts';
import { buildRequest } from '../request.ts';
import { judgeExpected } from '../steps.ts';
import type { KindExecutor } from './kind.ts';

export const refusals: KindExecutor<'refusals'> = {
  name: 'refusals',
  async execute(run, rec, op) {
    const refused = run.ledger.refusals();
    if (!refused.length) throw new SkipCase('no create was refused in this run: nothing it could have stored');
    const ex = await rec.send('admin', { ...buildRequest(run, op, rec.planned, undefined), purpose: 'data-safety' });
    judgeExpected(rec, op, ex);
    rec.judge('SAFE-REFUSED-NOT-APPLIED', ex, { on: 'list', refused });
    settleRefusals(run.ledger, ex);
  },
};
