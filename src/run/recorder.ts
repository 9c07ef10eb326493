import type { CaseResult } from '../model/record.ts';
import type { Credential, Exchange } from '../model/exchange.ts';
import type { Finding } from '../model/finding.ts';
import type { Outcome } from '../model/outcome.ts';
import type { ApiRequest, ApiClient } from '../http/client.ts';
import type { PlannedCase } from '../model/case.ts';
import type { Verdict } from '../checks/types.ts';
import { runPassiveChecks } from '../checks/passive.ts';
import type { RunContext } from './context.ts';
import { failuresOf } from '../model/finding.ts';
import { DEFAULT_PRIORITY } from '../http/priority.ts';

/** Thrown to end a case as skipped: a prerequisite the server (or this run)
 *  does not offer, or an answer that cannot judge the case. */
export class SkipCase extends Error {}

/** Collects one case's exchanges and verdicts and turns them into a result. */
export class CaseRecorder {
  readonly exchanges: Exchange[] = [];
  readonly findings: Finding[] = [];
  private readonly started = performance.now();

  /** `priority`: where the case's requests stand among waiting ones (the
   *  engine's choice: a chain's steps go first). */
  constructor(readonly planned: PlannedCase, private readonly run: RunContext, private readonly priority = DEFAULT_PRIORITY) {}

  /** Sends through the budgeted client (or, direct, past it); passive
   *  verdicts come with every exchange. */
  async send(credential: Credential, req: ApiRequest, client: ApiClient = this.run.client, direct = false): Promise<Exchange> {
    const ex = direct ? await client.callDirect(credential, req, this.priority) : await client.call(credential, req, this.priority);
    this.exchanges.push(ex);
    const { input, spec } = this.run;
    for (const v of runPassiveChecks(ex, { rate: input.rate, windowMs: input.windowMs, now: Date.now(), errorCodes: spec.errorCodes })) this.judge(v, ex);
    return ex;
  }

  /** Records a verdict about an exchange of this case (the last, by default). */
  judge(v: Verdict | undefined, ex: Exchange | undefined = this.exchanges.at(-1)): void {
    if (!v) return;
    const requirement = this.run.requirements.get(v.requirement);
    if (!requirement) throw new Error(`check names unknown requirement ${v.requirement}`);
    const index = ex ? this.exchanges.indexOf(ex) : -1;
    this.findings.push({ requirement: v.requirement, level: requirement.level, ok: v.ok, message: v.message, exchange: index >= 0 ? index : undefined });
  }

  result(outcome?: Outcome, reason?: string): CaseResult {
    const { id, operationId, group, kind, title, credential, requirements } = this.planned;
    return {
      id, operationId, group, kind, title, credential, requirements,
      outcome: outcome ?? this.outcome(),
      reason,
      findings: this.findings,
      exchanges: this.exchanges,
      durationMs: Math.round(performance.now() - this.started),
    };
  }

  /** failed when a finding counts as a failure (see isFailure). */
  outcome(): Outcome {
    return failuresOf(this, this.run.input).length ? 'failed' : 'passed';
  }
}
