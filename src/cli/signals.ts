// Ctrl-C or SIGTERM cancels the run (the cases stop, the clean-up follows);
// a second signal exits at once, naming what to clean up by hand.
import { EXIT } from './exit.ts';

export interface Interrupts {
  /** Aborted at the first signal. */
  signal: AbortSignal;
  dispose(): void;
}

/** `runIds`: `abc123`, or for a fleet `abc123 (eu-1), def456 (eu-2)`. */
export function listenForInterrupts(runIds: string): Interrupts {
  const controller = new AbortController();
  const onSignal = () => {
    if (!controller.signal.aborted) return controller.abort();
    console.error(`second signal: exiting without clean-up; remove what the run left with --cleanup-only ${runIds}`);
    process.exit(EXIT.interrupted);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** What the console says when the run is cancelled. */
export function cancellingLine(outcome: 'interrupted' | 'timed-out', runTimeoutText: string): string {
  return outcome === 'interrupted'
    ? 'interrupted: cancelling, then cleaning up (signal again to exit at once)'
    : `run timeout (${runTimeoutText}): cancelling, then cleaning up`;
}
