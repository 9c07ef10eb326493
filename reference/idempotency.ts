// Idempotency-Key (documented): mutating requests may carry one, and the
// panel deduplicates retries with the same key within 24 hours. Replay
// headers and conflict answers are not shown, so a retry simply gets the
// first answer again. Any non-blank value is a key (the vendor asks for a
// UUID but says nothing of other values). Answers are kept per API key and
// request (method and path, not the body): the same Idempotency-Key on
// another request is a new request. Only
// successful answers are kept: a request that failed changed nothing, so
// its retry runs again.
import type { Reply } from './reply.ts';

const KEEP_MS = 24 * 60 * 60 * 1000;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class IdempotencyCache {
  /** In the order first answered, so the expired ones are at the front. */
  private readonly answers = new Map<string, { at: number; reply: Reply }>();

  /** Runs `handle`, or replays the answer it gave this request before. */
  run(header: string | string[] | undefined, request: { method: string; path: string; token?: string; now: number }, handle: () => Reply): Reply {
    const key = typeof header === 'string' ? header.trim() : '';
    if (!key || !MUTATING.has(request.method)) return handle();
    this.forgetBefore(request.now - KEEP_MS);
    const id = JSON.stringify([request.token ?? null, request.method, request.path.replace(/\/$/, ''), key]);
    const kept = this.answers.get(id);
    if (kept) return kept.reply;
    const reply = handle();
    if (reply.status >= 200 && reply.status < 300) this.answers.set(id, { at: request.now, reply });
    return reply;
  }

  private forgetBefore(cutoff: number): void {
    for (const [id, { at }] of this.answers) {
      if (at >= cutoff) return;
      this.answers.delete(id);
    }
  }
}
