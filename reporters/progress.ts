import type { BudgetKey } from '../src/model/exchange.ts';
import type { CaseResult } from '../src/model/record.ts';
import { formatDuration } from '../src/model/text.ts';

/** A request waiting for a key's rate window: which key, and until when
 *  (epoch ms). */
export interface BudgetWait {
  key: BudgetKey;
  until: number;
}

export interface ProgressOptions {
  out?: NodeJS.WriteStream;
  /** In CI, a line at least this often, even while a budget wait holds the run. */
  intervalMs?: number;
  /** On a TTY, how often the live line is redrawn between cases. */
  redrawMs?: number;
  /** What the run waits for now, if anything. */
  waits?: (now: number) => BudgetWait | undefined;
}

const KEY_NAMES: Record<BudgetKey, string> = { admin: 'admin key', reseller: 'reseller key', anonymous: 'no key' };

/** Progress with an ETA: a live line on a TTY that keeps moving while the
 *  run waits for a rate window, plain periodic lines in CI. */
export class Progress {
  private done_ = 0;
  private readonly started = Date.now();
  private lastPrinted = Date.now();
  private last: CaseResult | undefined;
  private readonly out: NodeJS.WriteStream;
  private readonly intervalMs: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly total: number,
    /** The plan's estimate of the whole run, in ms. */
    private readonly estimateMs: number,
    private readonly opts: ProgressOptions = {},
  ) {
    this.out = opts.out ?? process.stderr;
    this.intervalMs = opts.intervalMs ?? 15_000;
    this.timer = this.out.isTTY
      ? setInterval(() => this.redraw(), opts.redrawMs ?? 1000)
      : setInterval(() => {
          if (Date.now() - this.lastPrinted >= this.intervalMs) this.print();
        }, this.intervalMs / 3);
    this.timer.unref();
  }

  tick(result: CaseResult): void {
    this.done_++;
    this.last = result;
    if (this.out.isTTY) this.redraw();
    else if (Date.now() - this.lastPrinted >= this.intervalMs || this.done_ === this.total) this.print();
  }

  done(): void {
    clearInterval(this.timer);
    if (this.out.isTTY && this.done_ > 0) this.out.write('\n');
  }

  private redraw(): void {
    this.out.write(`\r\x1b[2K${this.line(Date.now())}`);
  }

  private print(): void {
    this.out.write(`${this.line(Date.now())}\n`);
    this.lastPrinted = Date.now();
  }

  private line(now: number): string {
    const elapsed = now - this.started;
    // The plan's estimate knows the rate-limit waits ahead; once a quarter of
    // the cases are done, the pace so far corrects it for a slow server.
    const pace = this.done_ >= this.total / 4 ? (elapsed / this.done_) * (this.total - this.done_) : 0;
    const wait = this.done_ < this.total ? this.opts.waits?.(now) : undefined;
    const eta = this.done_ === this.total ? 0 : Math.max(this.estimateMs - elapsed, pace, wait ? wait.until - now : 0, 0);
    const pct = Math.floor((100 * this.done_) / Math.max(1, this.total));
    const latest = wait
      ? ` - waiting for the rate window (${KEY_NAMES[wait.key]}): resets in ${formatDuration(wait.until - now)}`
      : this.last
        ? ` - ${this.last.outcome} ${this.last.id}`
        : ' - starting';
    return `[${this.done_}/${this.total}] ${pct}% elapsed ${formatDuration(elapsed)}, ETA ${formatDuration(eta)}${latest}`;
  }
}
