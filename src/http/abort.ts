// One abort listener per signal. A run's signal is shared by every request
// and every waiting one of every panel: hundreds of listeners at once on a
// fleet, and Node's EventTarget finds the one to remove by walking them all.

/** What each signal stops when aborted, under the one listener it gets. */
const stopsOf = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `stop` once when `signal` aborts (never when it already has), until
 *  the returned function is called. */
export function whenAborted(signal: AbortSignal | undefined, stop: () => void): () => void {
  if (!signal) return () => {};
  let stops = stopsOf.get(signal);
  if (!stops) {
    const all = (stops = new Set());
    stopsOf.set(signal, all);
    signal.addEventListener(
      'abort',
      () => {
        const due = [...all];
        all.clear();
        for (const s of due) s();
      },
      { once: true },
    );
  }
  stops.add(stop);
  return () => stops.delete(stop);
}
