import type { CaseResult } from '../src/model.ts';
import { formatDuration } from './text.ts';

/** Progress with an ETA: a live line on a TTY, plain periodic lines in CI. */
export class Progress {
  private done_ = 0;
  private readonly started = Date.now();
  private lastPrinted = Date.now();
  private last: CaseResult | undefined;
  /** In CI, a line every interval even while a budget wait holds the run. */
  private readonly heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly total: number,
    /** The plan's estimate of the whole run, in ms. */
    private readonly estimateMs: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly intervalMs = 15_000,
  ) {
    if (!out.isTTY) {
      this.heartbeat = setInterval(() => {
        if (Date.now() - this.lastPrinted >= intervalMs) this.print();
      }, intervalMs / 3);
      this.heartbeat.unref();
    }
  }

  tick(result: CaseResult): void {
    this.done_++;
    this.last = result;
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${this.line(Date.now())}`);
    else if (Date.now() - this.lastPrinted >= this.intervalMs || this.done_ === this.total) this.print();
  }

  done(): void {
    clearInterval(this.heartbeat);
    if (this.out.isTTY && this.done_ > 0) this.out.write('\n');
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
    const eta = this.done_ === this.total ? 0 : Math.max(this.estimateMs - elapsed, pace, 0);
    const pct = Math.floor((100 * this.done_) / Math.max(1, this.total));
    const latest = this.last ? ` - ${this.last.outcome} ${this.last.id}` : ' - starting';
    return `[${this.done_}/${this.total}] ${pct}% elapsed ${formatDuration(elapsed)}, ETA ${formatDuration(eta)}${latest}`;
  }
}
