import type { Exchange } from '../model/exchange.ts';

/** A verdict before its level is looked up in the requirement catalogue. */
export interface Verdict {
  requirement: string;
  ok: boolean;
  message: string;
}

/** What a passive check knows beyond the exchange itself. */
export interface PassiveContext {
  /** Requests per window the server should announce. */
  rate: number;
  windowMs: number;
  now: number;
  /** The spec's envelope code for each documented error status. */
  errorCodes: Readonly<Record<number, string>>;
}

/** A named check that runs on every response at no extra request; the
 *  registry (registry.ts) lists it by its name and requirements. */
export interface PassiveCheck {
  name: string;
  requirements: readonly string[];
  run(exchange: Exchange, ctx: PassiveContext): Verdict[];
}
