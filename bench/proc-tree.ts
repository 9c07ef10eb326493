// Memory and CPU of a process tree, read from /proc: the CLI and whatever it
// started, or several CLIs and theirs summed as one tree
// (processes running together). One sampler serves every tracked tree, so
// concurrent rows cost one scan of /proc per tick between them. Reads are
// asynchronous (libuv's thread pool): the reference servers share this
// process's event loop and must not wait for /proc.
import { readdir, readFile } from 'node:fs/promises';

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
  stop(): Promise<void>;
}

interface ProcInfo {
  comm: string;
  ppid: number;
  cpuTicks: number;
}

/** ppid and CPU of every process, from /proc/<pid>/stat. */
async function scanProc(): Promise<Map<number, ProcInfo>> {
  const table = new Map<number, ProcInfo>();
  const names = await readdir('/proc');
  await Promise.all(
    names
      .filter((name) => /^\d+$/.test(name))
      .map(async (name) => {
        const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => undefined);
        if (!stat) return;
        // "pid (comm) state ppid ..." - comm may hold spaces and parentheses.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        table.set(Number(name), {
          comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
          ppid: Number(fields[1]),
          cpuTicks: Number(fields[11]) + Number(fields[12]),
        });
      }),
  );
  return table;
}

function descendants(root: number, table: Map<number, ProcInfo>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of table) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid)!.push(pid);
  }
  const tree: number[] = [];
  const queue = table.has(root) ? [root] : [];
  while (queue.length) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

async function vmRssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

export class ProcessTreeSampler {
  private readonly trees = new Set<Tree>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  constructor(private readonly intervalMs = 100) {}

  /** Whether /proc can be read here (Linux); without it no memory is reported. */
  static available(): Promise<boolean> {
    return readFile('/proc/self/status', 'utf8').then(
      (s) => s.includes('VmRSS'),
      () => false,
    );
  }

  track(...rootPids: number[]): TrackedTree {
    const tree = new Tree(rootPids, this);
    this.trees.add(tree);
    this.timer ??= setInterval(() => void this.tick(), this.intervalMs);
    void this.tick();
    return tree;
  }

  /** One scan for every tracked tree; a tick still running is not doubled. */
  tick(): Promise<void> {
    this.ticking ??= (async () => {
      try {
        const table = await scanProc();
        const at = Date.now();
        await Promise.all(
          [...this.trees].map(async (tree) => {
            const pids = tree.rootPids.flatMap((root) => descendants(root, table));
            const rss = await Promise.all(pids.map(vmRssBytes));
            tree.record({
              at,
              pids,
              processes: pids.map((pid, i) => ({ pid, comm: table.get(pid)!.comm, rssBytes: rss[i], cpuSeconds: table.get(pid)!.cpuTicks / TICKS_PER_SECOND })),
              rssBytes: rss.reduce((a, b) => a + b, 0),
              cpuSeconds: pids.reduce((sum, pid) => sum + table.get(pid)!.cpuTicks, 0) / TICKS_PER_SECOND,
            });
          }),
        );
      } finally {
        this.ticking = undefined;
      }
    })();
    return this.ticking;
  }

  /** @internal */
  async untrack(tree: Tree): Promise<void> {
    await this.tick();
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

  stop(): Promise<void> {
    return this.sampler.untrack(this);
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
