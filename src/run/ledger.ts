import { appendFileSync, closeSync, openSync, readSync, statSync } from 'node:fs';

export interface LedgerEntry {
  username: string;
  /** The e-mail the run gave it: how a record is recognised as the run's own. */
  email?: string;
  /** The server answered its create with a 2xx. */
  created?: boolean;
  /** The suite that cleans it up; the CLI's final clean-up takes all. */
  owner?: string;
}

/** A create the server refused (a 4xx; a 409 aside, whose name exists),
 *  of a name the run had not created: a record stored all the same is one
 *  clean-up would not know of. */
export interface Refusal extends LedgerEntry {
  /** The refusal's status. */
  status: number;
  /** When the refusal was answered (epoch ms). */
  at: number;
  /** A list after the refusal has shown whether it was stored. */
  settled: boolean;
}

/** A part the run adds to a record it does not own (an IP, by a probe),
 *  removed at once; the path of its DELETE. */
export interface LedgerPart {
  path: string;
  owner?: string;
}

type Event =
  | (LedgerEntry & { event: 'intent' | 'created' | 'refused' | 'absent' | 'deleting' | 'kept' | 'deleted'; status?: number; at: string })
  | (LedgerPart & { event: 'part-intent' | 'part-removed'; at: string });

/**
 * Everything the run may have created, written to disk the moment before a
 * create is sent (a crash between send and answer still leaves a trace).
 * Clean-up deletes exactly what is pending here, and nothing else.
 */
export class Ledger {
  /** The events read so far, and the bytes of the file they came from. */
  private read: Event[] = [];
  private readBytes = 0;

  constructor(readonly file: string) {}

  intend(entry: LedgerEntry): void {
    this.append({ ...entry, event: 'intent' });
  }

  created(entry: LedgerEntry): void {
    this.append({ ...entry, event: 'created' });
  }

  /** The server answered the create with a 4xx (`status`): nothing was
   *  created. Settles an intent, never a record the run did create (a
   *  refused duplicate); a list after it confirms it (see refusals). */
  refused(username: string, status: number): void {
    this.append({ username, status, event: 'refused' });
  }

  /** A list after the refusal of its create does not name it: nothing was stored. */
  absent(username: string): void {
    this.append({ username, event: 'absent' });
  }

  /** Every refused create of a name the run had not created, in order; a
   *  later `absent`, or `created` (a list showed it stored), settles it. */
  refusals(): Refusal[] {
    const out: Refusal[] = [];
    const created = new Set<string>();
    const intents = new Map<string, LedgerEntry>();
    for (const e of this.events()) {
      if (!('username' in e)) continue;
      if (e.event === 'intent') intents.set(e.username, e);
      else if (e.event === 'created' || e.event === 'absent') {
        for (const r of out) if (r.username === e.username) r.settled = true;
        if (e.event === 'created') created.add(e.username);
      } else if (e.event === 'refused' && e.status !== 409 && !created.has(e.username)) {
        const { email, owner } = intents.get(e.username) ?? {};
        out.push({ username: e.username, email, owner, status: e.status ?? 0, at: Date.parse(e.at), settled: false });
      }
    }
    return out;
  }

  /** Before a request that may delete the record is sent. */
  deleting(username: string): void {
    this.append({ username, event: 'deleting' });
  }

  /** The server answered that request with a 4xx: the record is still
   *  there, and still a bystander of the run's writes. */
  kept(username: string): void {
    this.append({ username, event: 'kept' });
  }

  deleted(username: string): void {
    this.append({ username, event: 'deleted' });
  }

  /** Whether the run has meant to delete the record (sent, or about to). */
  deleteMeant(username: string): boolean {
    const marks = this.events().filter((e) => 'username' in e && e.username === username && ['deleting', 'kept', 'deleted'].includes(e.event));
    return marks.length > 0 && marks.at(-1)!.event !== 'kept';
  }

  /** Before a request that may add a part to a record the run does not own. */
  intendPart(part: LedgerPart): void {
    this.append({ ...part, event: 'part-intent' });
  }

  partRemoved(part: LedgerPart): void {
    this.append({ ...part, event: 'part-removed' });
  }

  /** Parts that may still be there: clean-up deletes them first. */
  pendingParts(owner?: string): LedgerPart[] {
    const open = new Map<string, LedgerPart>();
    for (const e of this.events()) {
      if (e.event === 'part-intent') open.set(e.path, { path: e.path, ...(e.owner ? { owner: e.owner } : {}) });
      if (e.event === 'part-removed') open.delete(e.path);
    }
    return [...open.values()].filter((p) => owner === undefined || p.owner === owner);
  }

  /** Entries not yet deleted, newest e-mail known for each; only those of
   *  `owner` when one is named. */
  pending(owner?: string): LedgerEntry[] {
    const open = new Map<string, LedgerEntry & { created: boolean }>();
    for (const e of this.events()) {
      if (!('username' in e)) continue;
      const known = open.get(e.username);
      if (e.event === 'deleted' || (e.event === 'refused' && !known?.created)) open.delete(e.username);
      else if (e.event === 'intent' || e.event === 'created')
        open.set(e.username, {
          username: e.username,
          email: e.email ?? known?.email,
          owner: e.owner ?? known?.owner,
          created: e.event === 'created' || Boolean(known?.created),
        });
    }
    return [...open.values()]
      .filter((e) => owner === undefined || e.owner === owner)
      .map(({ username, email, created }) => ({ username, email, ...(created ? { created } : {}) }));
  }

  /** The file's events, read as far as its last complete line: only what
   *  was appended since the last read is parsed (a run asks often). */
  private events(): Event[] {
    const size = statSync(this.file, { throwIfNoEntry: false })?.size ?? 0;
    if (size < this.readBytes) [this.read, this.readBytes] = [[], 0];
    if (size > this.readBytes) {
      const fd = openSync(this.file, 'r');
      try {
        const tail = Buffer.alloc(size - this.readBytes);
        readSync(fd, tail, 0, tail.length, this.readBytes);
        const complete = tail.lastIndexOf(0x0a) + 1;
        this.read.push(
          ...tail
            .subarray(0, complete)
            .toString('utf8')
            .split('\n')
            .map(parseEvent)
            .filter((e): e is Event => e !== undefined),
        );
        this.readBytes += complete;
      } finally {
        closeSync(fd);
      }
    }
    return this.read;
  }

  private append(e: DistributiveOmit<Event, 'at'>): void {
    appendFileSync(this.file, `${JSON.stringify({ ...e, at: new Date().toISOString() })}\n`);
  }
}

/** One line of the ledger; undefined for a blank line or one torn by a
 *  crash mid-write, which must not stop the clean-up of the others. */
function parseEvent(line: string): Event | undefined {
  if (!line.trim()) return undefined;
  try {
    return JSON.parse(line) as Event;
  } catch {
    return undefined;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
