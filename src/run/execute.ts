// Runs one planned case against the server and judges it, through its kind.
import type { PlannedCase } from '../model/case.ts';
import { caseResult, type CaseResult } from '../model/record.ts';
import { PanelUnavailable } from '../http/unavailability.ts';
import { executorOf } from './kinds/index.ts';
import type { RunContext } from './context.ts';
import { CaseRecorder, SkipCase } from './recorder.ts';

/** Why a run stops before every case ran, and how the cases it stops end:
 *  skipped after an interrupt, an error of ours after our own run timeout. */
export class RunCancelled extends Error {
  constructor(
    readonly outcome: 'skipped' | 'error',
    reason: string,
  ) {
    super(reason);
  }
}

export async function executeCase(run: RunContext, c: PlannedCase, suite: string, priority?: number, signal?: AbortSignal): Promise<CaseResult> {
  const rec = new CaseRecorder(c, run, priority);
  if (c.disabled) return rec.result('disabled', c.disabled);
  if (c.skip) return rec.result('skipped', c.skip);
  try {
    signal?.throwIfAborted();
    // A panel given up on: the cases after it are not run, rather than
    // blocked by the fixtures the outage left undone.
    run.unavailability.stopped.throwIfAborted();
    await executorOf(c.kind).execute(run, rec, run.spec.byId.get(c.operationId)!, suite);
    return rec.result();
  } catch (err) {
    const stopped = stoppedBy(c, err);
    if (stopped) return stopped;
    if (err instanceof SkipCase) {
      // Whatever was already judged stands; otherwise the case is not judged.
      const outcome = rec.outcome();
      return rec.result(outcome === 'failed' ? 'failed' : 'skipped', err.message);
    }
    return rec.result('error', `suite error: ${(err as Error).message}`);
  }
}

/** A case the run stopped (`err` says why) as not run; undefined for any
 *  other error. A panel unavailable past its budget leaves it unjudged. */
export function stoppedBy(c: PlannedCase, err: unknown): CaseResult | undefined {
  if (err instanceof RunCancelled) return notRun(c, err.outcome, err.message);
  if (err instanceof PanelUnavailable) return notRun(c, 'skipped', `not run: ${err.message}`);
  return undefined;
}

/** A planned case that did not run: disabled or skipped as planned, or
 *  else `outcome` for `reason` (a cancelled run, a suite error, a panel the
 *  preflight refused). */
export function notRun(c: PlannedCase, outcome: 'skipped' | 'error', reason: string): CaseResult {
  const [why, because] = c.disabled ? (['disabled', c.disabled] as const) : c.skip ? (['skipped', c.skip] as const) : [outcome, reason];
  return caseResult(c, { outcome: why, reason: because, findings: [], exchanges: [], durationMs: 0 });
}
