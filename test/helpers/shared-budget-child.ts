// A process that uses one SharedBudgetGate, driven over IPC by
// test/helpers/shared-budget-procs.ts (forked with --import tsx).
//   { cmd: 'connect', url, opts }       -> { type: 'connected' } | { type: 'error', ... }
//   { cmd: 'acquire', n, tag? }         -> n acquires at once; per acquire
//        { type: 'granted', tag, slot, takeStartedAt, takeAnsweredAt, at }:
//        Redis took the slot between takeStartedAt and takeAnsweredAt (the
//        gate's onGrant), acquire() resolved at `at`
//        { type: 'rejected', tag, at, name, reason, message }
//   { cmd: 'sync', remaining, reset? }  -> { type: 'synced' } | { type: 'error', ... }
//   { cmd: 'close' }                    -> { type: 'closed' }, then exits
import { SharedBudgetGate, type SharedBudgetOptions } from '../../src/http/shared-budget.ts';

type Command =
  | { cmd: 'connect'; url: string; opts: SharedBudgetOptions }
  | { cmd: 'acquire'; n: number; tag?: string }
  | { cmd: 'sync'; remaining: number; reset?: number }
  | { cmd: 'close' };

let gate: SharedBudgetGate | undefined;
/** onGrant runs just before the acquire resolves: FIFO, so a queue matches them. */
const grants: { slot: number; takeStartedAt: number; takeAnsweredAt: number }[] = [];

function send(msg: object): void {
  process.send?.(msg);
}

function errorFields(err: unknown): object {
  const e = err as { name?: string; reason?: string; message?: string };
  return { name: e?.name, reason: e?.reason, message: e?.message ?? String(err) };
}

process.on('message', (msg: Command) => {
  void (async () => {
    if (msg.cmd === 'connect') {
      try {
        gate = await SharedBudgetGate.connect(msg.url, { ...msg.opts, onGrant: (g) => grants.push(g) });
        send({ type: 'connected' });
      } catch (err) {
        send({ type: 'error', ...errorFields(err) });
      }
    } else if (msg.cmd === 'acquire') {
      for (let i = 0; i < msg.n; i++) {
        gate!.acquire().then(
          () => send({ type: 'granted', tag: msg.tag, ...grants.shift(), at: Date.now() }),
          (err) => send({ type: 'rejected', tag: msg.tag, at: Date.now(), ...errorFields(err) }),
        );
      }
    } else if (msg.cmd === 'sync') {
      try {
        await gate!.syncFromServer(msg.remaining, msg.reset);
        send({ type: 'synced' });
      } catch (err) {
        send({ type: 'error', ...errorFields(err) });
      }
    } else if (msg.cmd === 'close') {
      await gate?.close();
      send({ type: 'closed' });
      process.disconnect?.();
    }
  })();
});

process.on('disconnect', () => {
  void gate?.close().finally(() => process.exit(0));
  if (!gate) process.exit(0);
});
