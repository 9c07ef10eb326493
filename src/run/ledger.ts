import { appendFileSync, existsSync, readFileSync } from 'node:fs';

export interface LedgerEntry {
  username: string;
  /** The e-mail the run gave it: how a record is recognised as the run's own. */
  email?: string;
}

type Event = LedgerEntry & { event: 'intent' | 'created' | 'refused' | 'deleted'; at: string };

/**
 * Everything the run may have created, written to disk the moment before a
 * create is sent (a crash between send and answer still leaves a trace).
 * Clean-up deletes exactly what is pending here, and nothing else.
 */
export class Ledger {
  constructor(readonly file: string) {}

  intend(entry: LedgerEntry): void {
    this.append({ ...entry, event: 'intent' });
  }

  created(entry: LedgerEntry): void {
    this.append({ ...entry, event: 'created' });
  }

  /** The server answered the create with a 4xx: nothing was created. Settles
   *  an intent, never a record the run did create (a refused duplicate). */
  refused(username: string): void {
    this.append({ username, event: 'refused' });
  }

  deleted(username: string): void {
    this.append({ username, event: 'deleted' });
  }

  /** Entries not yet deleted, newest e-mail known for each. */
  pending(): LedgerEntry[] {
    if (!existsSync(this.file)) return [];
    const open = new Map<string, LedgerEntry & { created: boolean }>();
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      const e = parseEvent(line);
      if (!e) continue;
      const known = open.get(e.username);
      if (e.event === 'deleted' || (e.event === 'refused' && !known?.created)) open.delete(e.username);
      else if (e.event !== 'refused') open.set(e.username, { username: e.username, email: e.email ?? known?.email, created: e.event === 'created' || Boolean(known?.created) });
    }
    return [...open.values()].map(({ username, email }) => ({ username, email }));
  }

  private append(e: Omit<Event, 'at'>): void {
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
