// Memory and CPU of a process tree, read from /proc: the CLI and whatever it
// started, or several CLIs and theirs summed as one tree
// (processes running together). One sampler serves every tracked tree.
// Each tick reads only the trees' own processes (their stat, status and
// children files, a few small synchronous reads: tens of microseconds),
// never a scan of all of /proc: the sampler shares the machine with the
// CLI it measures, and a scan of /proc every 100 ms (with asynchronous
// reads, each a trip through libuv's thread pool) cost a tenth of a core.
import { readFileSync } from 'node:fs';

/** Clock ticks per second of utime/stime in /proc/<pid>/stat (USER_HZ; 100 on Linux). */
const TICKS_PER_SECOND = 100;

export interface TreeSample {
  at: number;
  /** Sum of VmRSS over the tree's live processes. Shared pages (node's own
   *  text, for one) count once per process, as in `ps`. */
  rssBytes: number;
  /** Sum of utime + stime over the tree's live processes, in seconds. */
  cpuSeconds: number;
  pids: number[];
  /** Each process's share of rssBytes and cpuSeconds, by its command name. */
  processes: { pid: number; comm: string; rssBytes: number; cpuSeconds: number }[];
}

export interface TrackedTree {
  /** The tree's roots: each with its descendants. */
  readonly rootPids: readonly number[];
  /** The largest rssBytes of any sample so far (0 before the first). */
  readonly peakRssBytes: number;
  /** The most processes seen at once in the tree. */
  readonly peakProcesses: number;
  /** The sample of peakRssBytes. */
  readonly atPeak: TreeSample | undefined;
  /** The largest cpuSeconds of any sample: the CPU the tree used, but for
   *  what a process used after the last sample before it exited. */
  readonly cpuSeconds: number;
  /** Every process seen in the tree with its CPU seconds at its last sample. */
  readonly cpuByProcess: ReadonlyMap<number, { comm: string; cpuSeconds: number }>;
  readonly samples: number;
  readonly last: TreeSample | undefined;
  /** CPU the tree used per second of wall time over the last `windowMs`
   *  (1 = one core busy), or undefined before two samples span it. */
  cpuShare(windowMs: number): number | undefined;
  /** Samples once more (the tree may be gone), then stops tracking. */
  stop(): void;
}

/** A /proc file of a process, or undefined once the process is gone. */
function procFile(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** The children a process started. Node (libuv) and the shells and servers
 *  the bench runs start theirs from the main thread, whose task lists them. */
function childrenOf(pid: number): number[] {
  return (procFile(pid, `task/${pid}/children`) ?? '').split(' ').filter(Boolean).map(Number);
}

/** The roots and every descendant still running, parents first. */
function treePids(roots: readonly number[]): number[] {
  const pids: number[] = [];
  const queue = [...roots];
  while (queue.length) {
    const pid = queue.shift()!;
    if (pids.includes(pid)) continue;
    pids.push(pid);
    queue.push(...childrenOf(pid));
  }
  return pids;
}

/** A process's command name, CPU seconds and VmRSS; undefined once it is gone. */
function processSample(pid: number): TreeSample['processes'][number] | undefined {
  const stat = procFile(pid, 'stat');
  const status = procFile(pid, 'status');
  if (!stat || !status) return undefined;
  // "pid (comm) state ppid ..." - comm may hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  return {
    pid,
    comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    rssBytes: kb ? Number(kb) * 1024 : 0,
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
  };
}

export class ProcessTreeSampler {
  private readonly trees = new Set<Tree>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs = 100) {}

  /** Whether /proc can be read here (Linux); without it no memory is reported. */
  static available(): boolean {
    return procFile(process.pid, 'status')?.includes('VmRSS') ?? false;
  }

  track(...rootPids: number[]): TrackedTree {
    const tree = new Tree(rootPids, this);
    this.trees.add(tree);
    this.timer ??= setInterval(() => this.tick(), this.intervalMs);
    this.tick();
    return tree;
  }

  /** One sample of every tracked tree. */
  tick(): void {
    const at = Date.now();
    for (const tree of this.trees) {
      const processes = treePids(tree.rootPids)
        .map(processSample)
        .filter((p) => p !== undefined);
      tree.record({
        at,
        pids: processes.map((p) => p.pid),
        processes,
        rssBytes: processes.reduce((sum, p) => sum + p.rssBytes, 0),
        cpuSeconds: processes.reduce((sum, p) => sum + p.cpuSeconds, 0),
      });
    }
  }

  /** @internal */
  untrack(tree: Tree): void {
    this.tick();
    this.trees.delete(tree);
    if (!this.trees.size && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

class Tree implements TrackedTree {
  peakRssBytes = 0;
  peakProcesses = 0;
  atPeak: TreeSample | undefined;
  cpuSeconds = 0;
  readonly cpuByProcess = new Map<number, { comm: string; cpuSeconds: number }>();
  samples = 0;
  last: TreeSample | undefined;
  private readonly history: TreeSample[] = [];

  constructor(
    readonly rootPids: readonly number[],
    private readonly sampler: ProcessTreeSampler,
  ) {}

  record(sample: TreeSample): void {
    if (!sample.pids.length) return;
    this.samples++;
    this.last = sample;
    if (sample.rssBytes > this.peakRssBytes) {
      this.peakRssBytes = sample.rssBytes;
      this.atPeak = sample;
    }
    this.peakProcesses = Math.max(this.peakProcesses, sample.pids.length);
    this.cpuSeconds = Math.max(this.cpuSeconds, sample.cpuSeconds);
    for (const { pid, comm, cpuSeconds } of sample.processes) this.cpuByProcess.set(pid, { comm, cpuSeconds });
    this.history.push(sample);
    // Enough for any cpuShare window asked for (seconds, not the whole run).
    while (this.history.length > 200) this.history.shift();
  }

  cpuShare(windowMs: number): number | undefined {
    const last = this.history.at(-1);
    if (!last) return undefined;
    const first = [...this.history].reverse().find((s) => last.at - s.at >= windowMs);
    if (!first) return undefined;
    // A process that ended takes its CPU out of the sum: never below 0.
    return Math.max(0, last.cpuSeconds - first.cpuSeconds) / ((last.at - first.at) / 1000);
  }

  stop(): void {
    this.sampler.untrack(this);
  }
}

/** What a run reports of its tree; every figure null where /proc cannot be read. */
export interface TreeFigures {
  /** Peak of the summed VmRSS of the tree; null without /proc. */
  peakRssBytes: number | null;
  peakProcesses: number | null;
  /** The tree at its peak: each process's command name and VmRSS. */
  atPeak: { comm: string; rssBytes: number }[] | null;
  /** Samples taken of the tree (about one per 100 ms). */
  samples: number | null;
  /** CPU seconds the tree used (TrackedTree.cpuSeconds). */
  cpuSeconds: number | null;
  /** The same per process, in the order they were first seen (the CLI first). */
  cpuByProcess: { comm: string; cpuSeconds: number }[] | null;
}

export function treeFigures(tree: TrackedTree | undefined): TreeFigures {
  return {
    peakRssBytes: tree ? tree.peakRssBytes : null,
    peakProcesses: tree ? tree.peakProcesses : null,
    atPeak: tree?.atPeak ? tree.atPeak.processes.map(({ comm, rssBytes }) => ({ comm, rssBytes })) : null,
    samples: tree ? tree.samples : null,
    cpuSeconds: tree ? Number(tree.cpuSeconds.toFixed(2)) : null,
    cpuByProcess: tree ? [...tree.cpuByProcess.values()].map(({ comm, cpuSeconds }) => ({ comm, cpuSeconds: Number(cpuSeconds.toFixed(2)) })) : null,
  };
}
