import type { PlannedCase } from '../model/case.ts';
import type { Credential, Exchange } from '../model/exchange.ts';
import { failuresOf, type Finding } from '../model/finding.ts';
import type { Outcome } from '../model/outcome.ts';
import { caseResult, type CaseResult, type Note } from '../model/record.ts';
import type { CheckContext } from '../checks/check.ts';
import { judgePassive, judgeWith, type EvidenceOf, type RequirementId, type Verdict } from '../checks/registry.ts';
import type { ApiClient, ApiRequest } from '../http/client.ts';
import { DEFAULT_PRIORITY } from '../http/priority.ts';
import type { RunContext } from './context.ts';

/** Thrown to end a case as skipped: a prerequisite the server (or this run)
 *  does not offer, or an answer that cannot judge the case. */
export class SkipCase extends Error {}

/** The evidence argument a requirement's checks take: none, optional, or theirs. */
type EvidenceArgs<Id extends RequirementId> = [EvidenceOf<Id>] extends [undefined]
  ? []
  : undefined extends EvidenceOf<Id>
    ? [evidence?: EvidenceOf<Id>]
    : [evidence: EvidenceOf<Id>];

/** Collects one case's exchanges and findings and turns them into a
 *  result. Every finding comes from a check of the registry: the passive
 *  ones on every answer, the active ones when the case asks (judge). */
export class CaseRecorder {
  readonly exchanges: Exchange[] = [];
  readonly findings: Finding[] = [];
  readonly notes: Note[] = [];
  private readonly started = performance.now();

  /** `priority`: where the case's requests stand among waiting ones (the
   *  engine's choice: a chain's steps go first). */
  constructor(
    readonly planned: PlannedCase,
    private readonly run: RunContext,
    private readonly priority = DEFAULT_PRIORITY,
  ) {}

  /** Sends through the budgeted client (or, direct, past it); the passive
   *  checks judge every answer. */
  async send(credential: Credential, req: ApiRequest, client: ApiClient = this.run.client, direct = false): Promise<Exchange> {
    const ex = direct ? await client.callDirect(credential, req, this.priority) : await client.call(credential, req, this.priority);
    this.exchanges.push(ex);
    this.record(judgePassive(this.context(ex, undefined)), ex);
    return ex;
  }

  /** Judges a requirement on an exchange of this case, with every check
   *  registered under it; the findings it added. */
  judge<Id extends RequirementId>(requirement: Id, ex: Exchange, ...evidence: EvidenceArgs<Id>): Finding[] {
    return this.record(judgeWith(requirement, this.context(ex, evidence[0])), ex);
  }

  /** An exchange the run already has (the preflight's, another case's),
   *  taken into this case as evidence; `passive`: judged by the passive
   *  checks here (where no case judged it yet). */
  adopt(ex: Exchange, passive: boolean): Exchange {
    this.exchanges.push(ex);
    if (passive) this.record(judgePassive(this.context(ex, undefined)), ex);
    return ex;
  }

  /** Judges the case's own expectation (its expected answer's requirement,
   *  and whether a request that cannot be valid was served). */
  judgeExpected(ex: Exchange): void {
    const { expect } = this.planned;
    this.record(judgeWith(expect.requirement, this.context(ex, undefined)), ex);
    if (expect.neverServed) this.record(judgeWith(expect.neverServed, this.context(ex, undefined)), ex);
  }

  result(outcome?: Outcome, reason?: string): CaseResult {
    return caseResult(this.planned, {
      outcome: outcome ?? this.outcome(),
      reason,
      findings: this.findings,
      notes: this.notes.length ? this.notes : undefined,
      exchanges: this.exchanges,
      durationMs: Math.round(performance.now() - this.started),
    });
  }

  /** failed when a finding counts as a failure (see isFailure). */
  outcome(): Outcome {
    return failuresOf(this, this.run.input).length ? 'failed' : 'passed';
  }

  private context<E>(exchange: Exchange, evidence: E): CheckContext<E> {
    const { input, spec, validators } = this.run;
    return {
      case: this.planned,
      exchange,
      evidence,
      run: { rate: input.rate, windowMs: input.windowMs, now: Date.now(), errorCodes: spec.errorCodes, validators },
    };
  }

  private record(verdicts: Verdict[], ex: Exchange): Finding[] {
    const index = this.exchanges.indexOf(ex);
    const added = verdicts.map((v): Finding => {
      const requirement = this.run.requirements.get(v.requirement);
      if (!requirement) throw new Error(`check names unknown requirement ${v.requirement}`);
      this.run.reached.add(v.reachedAs);
      return { requirement: v.requirement, level: requirement.level, ok: v.ok, message: v.message, exchange: index >= 0 ? index : undefined };
    });
    this.findings.push(...added);
    for (const v of verdicts) for (const message of v.notes ?? []) this.notes.push({ message, ...(index >= 0 ? { exchange: index } : {}) });
    return added;
  }
}
