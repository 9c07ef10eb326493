// All server state, in memory: resellers with their sub-resources, hosting
// users and API keys. One store per server, so tests never share state.
import { randomBytes, randomUUID } from 'node:crypto';
import { defaultSubresources, type Account, type KeyRecord, type ResellerRecord, type UserRecord } from './records.ts';

export interface KeyOptions {
  /** Epoch ms on the server's clock; absent = never expires. */
  expiresAt?: number;
  ipWhitelist?: readonly string[];
  /** Default: a new one of the documented shape. */
  secret?: string;
}

export class Store {
  readonly admin: Account = { username: 'admin', email: 'admin@example.com', role: 'admin' };
  /** The truth, which writes see at once. */
  readonly resellers = new Map<string, ResellerRecord>();
  readonly users = new Map<string, UserRecord>();
  /** By secret, the lookup every request makes. */
  private readonly keys = new Map<string, KeyRecord>();
  /** Deleted records a lagging read still shows, with when they went. */
  private gone: Array<{ record: ResellerRecord; at: number }> = [];
  /** Records a faulty delete left behind (the row went, the rest stayed). */
  readonly leftBehind = new Map<string, ResellerRecord>();

  /** Reads of reseller records (get one, list) lag writes by this much; 0 = none. */
  constructor(private readonly readLagMs = 0) {}

  /** Usernames are one namespace across admin, resellers and users. */
  account(username: string): Account | undefined {
    if (username === this.admin.username) return this.admin;
    const reseller = this.resellers.get(username);
    if (reseller) return { username, email: reseller.email, role: 'reseller' };
    const user = this.users.get(username);
    return user && { username, email: user.email, role: 'user' };
  }

  /** Creates the reseller, replacing any record of that name. */
  addReseller(username: string, email: string, createdVia: ResellerRecord['createdVia']): ResellerRecord {
    const record: ResellerRecord = {
      username,
      email,
      status: 'active',
      createdAt: new Date().toISOString(),
      createdVia,
      ...defaultSubresources(),
    };
    this.resellers.set(username, record);
    this.leftBehind.delete(username);
    return record;
  }

  addUser(username: string, email: string, reseller: string): UserRecord {
    const record: UserRecord = { username, email, reseller, createdAt: new Date().toISOString() };
    this.users.set(username, record);
    return record;
  }

  /** The resellers a read sees: with a lag, those that existed that long
   *  ago. One created since is not there yet; one deleted since still is. */
  readResellers(): ResellerRecord[] {
    if (this.readLagMs === 0) return [...this.resellers.values()];
    const cutoff = Date.now() - this.readLagMs;
    this.gone = this.gone.filter(({ at }) => at > cutoff);
    const existed = (r: ResellerRecord) => r.createdVia === 'seed' || Date.parse(r.createdAt) <= cutoff;
    return [...this.resellers.values(), ...this.gone.map(({ record }) => record)].filter(existed);
  }

  readReseller(username: string): ResellerRecord | undefined {
    return this.readLagMs === 0 ? this.resellers.get(username) : this.readResellers().find((r) => r.username === username);
  }

  /** Removes the reseller, its hosting users, and every key they held (but
   *  for faults that keep the keys, or leave the record and its users behind). */
  deleteReseller(username: string, opts: { keepKeys?: boolean; leaveBehind?: boolean } = {}): void {
    const record = this.resellers.get(username);
    if (record && this.readLagMs > 0) this.gone.push({ record: structuredClone(record), at: Date.now() });
    this.resellers.delete(username);
    if (record && opts.leaveBehind) this.leftBehind.set(username, record);
    for (const user of this.users.values()) {
      if (user.reseller === username && !opts.leaveBehind) this.users.delete(user.username);
    }
    if (opts.keepKeys) return;
    for (const key of this.keys.values()) {
      if (!this.account(key.username)) this.keys.delete(key.secret);
    }
  }

  issueKey(username: string, name: string, permissions: readonly string[], options: KeyOptions = {}): KeyRecord {
    const { expiresAt, ipWhitelist = [], secret = newSecret() } = options;
    const key: KeyRecord = {
      id: randomUUID(),
      name,
      username,
      secret,
      permissions: [...permissions],
      ipWhitelist: [...ipWhitelist],
      createdAt: new Date().toISOString(),
      ...(expiresAt === undefined ? {} : { expiresAt }),
    };
    this.keys.set(key.secret, key);
    return key;
  }

  /** Every key of `username` goes (for a fault). */
  revokeKeysOf(username: string): void {
    for (const key of this.keys.values()) if (key.username === username) this.keys.delete(key.secret);
  }

  /** The key issued just before `key` (for a fault). */
  keyIssuedBefore(key: KeyRecord): KeyRecord | undefined {
    const issued = [...this.keys.values()];
    return issued[issued.indexOf(key) - 1];
  }

  findKey(secret: string): KeyRecord | undefined {
    return this.keys.get(secret);
  }

  /** The first key whose secret starts with `prefix` (for a fault). */
  findKeyByPrefix(prefix: string): KeyRecord | undefined {
    for (const [secret, key] of this.keys) if (secret.startsWith(prefix)) return key;
    return undefined;
  }

  /** A deep copy of everything, key secrets reduced to their prefix. */
  snapshot(): unknown {
    return structuredClone({
      resellers: [...this.resellers.values()],
      users: [...this.users.values()],
      keys: [...this.keys.values()].map(({ secret, ...key }) => ({ ...key, keyPrefix: keyPrefix(secret) })),
    });
  }
}

const SECRET_HEX_DIGITS = 48;
/** The length of a key secret: `wsp_` and its hex characters. */
export const SECRET_LENGTH = 'wsp_'.length + SECRET_HEX_DIGITS;

/** A key secret: `wsp_` and 48 (or `hexDigits`) lower-case hex characters. */
export const newSecret = (hexDigits = SECRET_HEX_DIGITS): string => `wsp_${randomBytes(hexDigits / 2).toString('hex')}`;

/** What the API shows of a secret after issuing it: `wsp_` and 8 hex characters. */
export const keyPrefix = (secret: string): string => secret.slice(0, 12);
