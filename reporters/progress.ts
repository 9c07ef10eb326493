import type { CaseResult } from '../src/model.ts';

/** Progress with an ETA: a live line on a TTY, plain periodic lines in CI. */
export class Progress {
  private done_ = 0;
  private readonly started = Date.now();
  private lastPrinted = 0;

  constructor(
    private readonly total: number,
    /** The plan's estimate of the whole run, in ms. */
    private readonly estimateMs: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly intervalMs = 15_000,
  ) {}

  tick(result: CaseResult): void {
    this.done_++;
    const now = Date.now();
    const line = this.line(now, result);
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${line}`);
    } else if (now - this.lastPrinted >= this.intervalMs || this.done_ === this.total) {
      this.out.write(`${line}\n`);
      this.lastPrinted = now;
    }
  }

  done(): void {
    if (this.out.isTTY && this.done_ > 0) this.out.write('\n');
  }

  private line(now: number, result: CaseResult): string {
    const elapsed = now - this.started;
    // The plan's estimate knows the rate-limit waits ahead; once a quarter of
    // the cases are done, the pace so far corrects it for a slow server.
    const pace = this.done_ >= this.total / 4 ? (elapsed / this.done_) * (this.total - this.done_) : 0;
    const eta = this.done_ === this.total ? 0 : Math.max(this.estimateMs - elapsed, pace, 0);
    const pct = Math.floor((100 * this.done_) / Math.max(1, this.total));
    return `[${this.done_}/${this.total}] ${pct}% elapsed ${formatDuration(elapsed)}, ETA ${formatDuration(eta)} - ${result.outcome} ${result.id}`;
  }
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
