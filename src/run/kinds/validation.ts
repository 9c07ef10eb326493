// Invalid request bodies: each case one request judged by its expected
// answer. Each write to the suite's fixture is kept (its body and its
// answer): in certify the refusals suite reads the parts they named, after
// the rate-limit test, and what a write refused 4xx named must not show
// (SAFE-REFUSED-NOT-APPLIED; a panel that validates after it stores keeps
// what it said it refused).
import { jsonObject } from '../../model/exchange.ts';
import { usernameFor } from '../request.ts';
import { judgeExpected, sendCase } from '../steps.ts';
import type { KindExecutor } from './kind.ts';

export const validation: KindExecutor<'validation'> = {
  name: 'validation',
  async execute(run, rec, op, suite) {
    const c = rec.planned;
    const ex = await sendCase(run, rec, op, suite);
    const body = jsonObjectSent(ex.request.body);
    if (c.target === 'fixture' && op.method !== 'GET' && ex.response && body) {
      run.fixtureWrites.username = usernameFor(run, 'fixture', suite);
      run.fixtureWrites.writes.push({ operationId: op.operationId, body, exchange: ex });
    }
    judgeExpected(rec, op, ex);
  },
};

/** The JSON object a request sent, if it sent one (not malformed JSON,
 *  not a form). */
function jsonObjectSent(body: string | undefined): Record<string, unknown> | undefined {
  if (body === undefined) return undefined;
  try {
    return jsonObject(JSON.parse(body));
  } catch {
    return undefined;
  }
}
