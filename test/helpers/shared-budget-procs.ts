// Forks test/helpers/shared-budget-child.ts (one SharedBudgetGate per
// process) and collects what it reports over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SharedBudgetOptions } from '../../src/http/shared-budget.ts';

const CHILD = fileURLToPath(new URL('./shared-budget-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Forking a child and loading its modules (through tsx) before it can answer. */
const CONNECT_TIMEOUT_MS = 60_000;

export interface Granted {
  type: 'granted';
  proc: number;
  tag?: string;
  slot: number;
  /** Redis took the slot between these two (local epoch ms)… */
  takeStartedAt: number;
  takeAnsweredAt: number;
  /** …and acquire() resolved here. */
  at: number;
}
export interface Rejected {
  type: 'rejected';
  proc: number;
  tag?: string;
  at: number;
  name: string;
  reason?: string;
  message: string;
}
type Message =
  | Granted
  | Rejected
  | { type: 'connected' | 'synced' | 'closed'; proc: number }
  | { type: 'error'; proc: number; name: string; reason?: string; message: string };

export interface GateProc {
  readonly index: number;
  readonly messages: Message[];
  connect(url: string, opts: Omit<SharedBudgetOptions, 'onGrant'>): Promise<void>;
  /** Starts n acquires at once; their results arrive as messages. */
  acquire(n: number, tag?: string): void;
  sync(remaining: number, reset?: number): Promise<void>;
  granted(): Granted[];
  rejected(): Rejected[];
  /** Waits until `count` acquires (granted or rejected) have been reported. */
  settled(count: number, timeoutMs: number): Promise<void>;
  /** Ends the process (SIGKILL if it does not exit within 2 s). Idempotent. */
  stop(): Promise<void>;
}

export function forkGate(index: number): GateProc {
  const child: ChildProcess = fork(CHILD, [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages: Message[] = [];
  const listeners = new Set<() => void>();
  child.on('message', (m: Message) => {
    messages.push({ ...m, proc: index });
    for (const l of [...listeners]) l();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waitFor = <T extends Message>(pred: (m: Message) => boolean, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = messages.find(pred);
        if (found === undefined) return false;
        cleanup();
        resolve(found as T);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`process ${index}: no ${what} within ${timeoutMs} ms; got ${JSON.stringify(messages.slice(-5))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(listener);
      };
      const listener = () => void check();
      listeners.add(listener);
      check();
    });
  let seen = 0;
  const reply = async (types: string[], what: string, timeoutMs = 10_000) => {
    const start = seen;
    const m = await waitFor<Message>((x) => messages.indexOf(x) >= start && types.includes(x.type), timeoutMs, what);
    seen = messages.indexOf(m) + 1;
    if (m.type === 'error') throw Object.assign(new Error(m.message), { name: m.name, reason: m.reason });
  };
  const isAcquireResult = (m: Message) => m.type === 'granted' || m.type === 'rejected';
  return {
    index,
    messages,
    async connect(url, opts) {
      child.send({ cmd: 'connect', url, opts });
      // The first answer waits for the child to load its modules, which on a
      // loaded machine takes longer than any later answer.
      await reply(['connected', 'error'], 'connect answer', CONNECT_TIMEOUT_MS);
    },
    acquire(n, tag) {
      child.send({ cmd: 'acquire', n, tag });
    },
    async sync(remaining, reset) {
      child.send({ cmd: 'sync', remaining, reset });
      await reply(['synced', 'error'], 'sync answer');
    },
    granted: () => messages.filter((m): m is Granted => m.type === 'granted'),
    rejected: () => messages.filter((m): m is Rejected => m.type === 'rejected'),
    async settled(count, timeoutMs) {
      await waitFor(() => messages.filter(isAcquireResult).length >= count, timeoutMs, `${count} acquire results`);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ cmd: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The gate's guarantee, checked without trusting any one clock reading: for
 *  every rate+1 grants, the latest answer minus the earliest start is at
 *  least the window (Redis took each slot inside [takeStartedAt,
 *  takeAnsweredAt], so this holds whenever Redis' grant instants are a
 *  window apart). Returns the smallest such span (Infinity: fewer grants). */
export function tightestSpan(grants: Granted[], rate: number): number {
  const byAnswer = [...grants].sort((a, b) => a.takeAnsweredAt - b.takeAnsweredAt);
  let tightest = Infinity;
  const starts: number[] = [];
  for (const g of byAnswer) {
    starts.push(g.takeStartedAt);
    if (starts.length <= rate) continue;
    // the (rate+1)-th latest start among the grants answered so far
    const sorted = [...starts].sort((a, b) => b - a);
    tightest = Math.min(tightest, g.takeAnsweredAt - sorted[rate]);
  }
  return tightest;
}

/** Most instants in any half-open interval [t, t + windowMs). */
export function maxInSlidingWindow(instants: number[], windowMs: number): number {
  const t = [...instants].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < t.length; j++) {
    while (t[j] - t[i] >= windowMs) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

/** Counts per fixed window [origin + k*W, origin + (k+1)*W), from the first
 *  window holding an instant to the last (empty ones as 0). */
export function perFixedWindow(instants: number[], origin: number, windowMs: number): number[] {
  const counts = new Map<number, number>();
  for (const t of instants) {
    const k = Math.floor((t - origin) / windowMs);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  if (counts.size === 0) return [];
  const ks = [...counts.keys()];
  const [lo, hi] = [Math.min(...ks), Math.max(...ks)];
  return Array.from({ length: hi - lo + 1 }, (_, i) => counts.get(lo + i) ?? 0);
}
