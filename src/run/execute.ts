// Runs one planned case against the server and judges it, through its kind.
import type { CaseResult } from '../model.ts';
import type { PlannedCase } from '../cases/types.ts';
import { kindOf } from '../cases/kinds/index.ts';
import type { RunContext } from './context.ts';
import { CaseRecorder, SkipCase } from './recorder.ts';

export async function executeCase(run: RunContext, c: PlannedCase, suite: string, priority?: number): Promise<CaseResult> {
  const rec = new CaseRecorder(c, run, priority);
  if (c.disabled) return rec.result('disabled', c.disabled);
  if (c.skip) return rec.result('skipped', c.skip);
  try {
    await kindOf(c.kind).execute(run, rec, run.spec.byId.get(c.operationId)!, suite);
    return rec.result();
  } catch (err) {
    if (err instanceof SkipCase) {
      // Whatever was already judged stands; otherwise the case is not judged.
      const outcome = rec.outcome();
      return rec.result(outcome === 'failed' ? 'failed' : 'skipped', err.message);
    }
    return rec.result('error', `suite error: ${(err as Error).message}`);
  }
}
