// Runs the vitest suites of the runs (one panel, or a fleet's): Ctrl-C or
// SIGTERM cancels the run (clean-up follows), a second signal exits at
// once; the run timeout cancels too.
import type { RunInput } from '../run/input.ts';
import type { CaseCollector } from '../../reporters/vitest-collector.ts';
import { EXIT, type SuitesOutcome } from './exit.ts';
import { formatDuration } from '../../reporters/text.ts';

/** After a cancel, the time the worker gets to end its case (a hanging
 *  request would hold it up to --timeout) before it is stopped; the ledger
 *  clean-up that follows removes whatever it left. */
const CANCEL_GRACE_MS = 3000;

let runnerModule: Promise<typeof import('./vitest-run.ts')> | undefined;

/** Starts loading vitest, which takes about a second: called once the run
 *  is sure to send requests, so that loading overlaps the preflight's
 *  round trip; usage errors never wait for it. */
export function preloadSuiteRunner(): void {
  runnerModule ??= import('./vitest-run.ts');
  // A load that fails is reported where it is awaited.
  runnerModule.catch(() => {});
}

export async function runSuites(runs: RunInput[], collector: CaseCollector, runTimeoutSeconds: number): Promise<SuitesOutcome> {
  preloadSuiteRunner();
  const { createSuiteRunner } = await runnerModule!;
  const vitest = await createSuiteRunner(runs, collector, runTimeoutSeconds * 1000);
  let outcome: SuitesOutcome = 'completed';
  let stopWaiting = () => {};
  const gaveUp = new Promise<void>((resolve) => (stopWaiting = resolve));
  const cancel = (why: SuitesOutcome) => {
    if (outcome !== 'completed') {
      console.error(`second signal: exiting without clean-up; remove what the run left with --cleanup-only ${runIds(runs)}`);
      process.exit(EXIT.interrupted);
    }
    outcome = why;
    console.error(why === 'interrupted' ? 'interrupted: cancelling, then cleaning up (signal again to exit at once)' : `run timeout (${formatDuration(runTimeoutSeconds * 1000)}): cancelling, then cleaning up`);
    void vitest.cancelCurrentRun(why === 'interrupted' ? 'keyboard-input' : 'test-failure');
    setTimeout(stopWaiting, CANCEL_GRACE_MS).unref();
  };
  const onSignal = () => cancel('interrupted');
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const timer = setTimeout(() => cancel('timed-out'), runTimeoutSeconds * 1000);
  try {
    await Promise.race([vitest.start(), gaveUp]);
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await vitest.close();
  }
  return outcome;
}

/** `abc123`, or for a fleet `abc123 (eu-1), def456 (eu-2)`: the ID each panel's clean-up needs. */
function runIds(runs: RunInput[]): string {
  return runs.map((r) => (r.panel ? `${r.runId} (${r.panel})` : r.runId)).join(', ');
}
