import type { Exchange } from '../model.ts';

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
}

/** A named check that runs on every response at no extra request. */
export interface PassiveCheck {
  name: string;
  requirements: readonly string[];
  run(exchange: Exchange, ctx: PassiveContext): Verdict[];
}
