// robustness faults: a panel that never guarded an input path crashes on
// it. The error thrown is no ApiError, so the pipeline answers it as any
// bug: 500 INTERNAL_ERROR.
import type { FaultName, Has } from './faults.ts';

export function crashIf(has: Has, fault: FaultName, when: boolean, what: string): void {
  if (when && has(fault)) throw new TypeError(what);
}
