// What every check is: one function over a context (the case, the exchange
// it judges, the evidence it needs beyond it, what the run knows), whose
// judgement becomes a finding of the requirement it is registered under
// (registry.ts), at the level the catalogue gives that requirement.
import type { PlannedCase } from '../model/case.ts';
import type { Exchange } from '../model/exchange.ts';
import type { ResponseValidators } from '../spec/validators.ts';

/** What a check may know of the run besides the exchange. */
export interface RunView {
  /** Requests per window the server should announce (--rate). */
  rate: number;
  windowMs: number;
  /** When the exchange was judged (epoch ms). */
  now: number;
  /** The spec's envelope code for each documented error status. */
  errorCodes: Readonly<Record<number, string>>;
  /** The documented response bodies. */
  validators: ResponseValidators;
}

export interface CheckContext<Evidence = undefined> {
  /** The case being judged: its identity and what it expects. */
  readonly case: PlannedCase;
  /** The exchange judged: the finding points at it. */
  readonly exchange: Exchange;
  /** What the check needs beyond the exchange: an earlier read, the values
   *  written, the name of the record. */
  readonly evidence: Evidence;
  readonly run: RunView;
}

/** A check's conclusion about its requirement: one line, expected vs
 *  actual; and what it saw that speaks neither for nor against the server
 *  (a change on a shared panel the run cannot prove it caused), as notes. */
export interface Judgement {
  ok: boolean;
  message: string;
  notes?: string[];
}

/** undefined: nothing for this check to judge in this context (a shape the
 *  vendor never showed, evidence of another kind). */
export type Check<Evidence = undefined> = (ctx: CheckContext<Evidence>) => Judgement | undefined;

export const pass = (message: string): Judgement => ({ ok: true, message });
export const fail = (message: string): Judgement => ({ ok: false, message });
