import type { OpenPanel } from '../run/open.ts';
import { suiteVersion } from '../run/version.ts';

/** The run's first line: what the user needs to replay it or clean up after it. */
export function runLine({ input, target }: Pick<OpenPanel, 'input' | 'target'>): string {
  return `wispanel-conformance ${suiteVersion()}: run ${input.runId}, seed ${input.seed}, target ${target.baseUrl}${target.embedded ? ' (embedded reference server)' : ''}`;
}
