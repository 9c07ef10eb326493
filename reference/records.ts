// The shapes of the in-memory state and its documented defaults.

export const LIMIT_KEYS = [
  'max_users',
  'max_domains',
  'max_databases',
  'max_email_accounts',
  'max_ftp_accounts',
  'disk_quota_mb',
  'bandwidth_quota_mb',
] as const;

export type LimitKey = (typeof LIMIT_KEYS)[number];
/** Integers; -1 means unlimited. */
export type Limits = Record<LimitKey, number>;

/** The values of the vendor's verified-live reseller object, in its order. */
export const DEFAULT_LIMITS: Readonly<Limits> = {
  max_users: 5,
  max_domains: 10,
  max_databases: 20,
  max_email_accounts: 50,
  max_ftp_accounts: 10,
  disk_quota_mb: 10240,
  bandwidth_quota_mb: 51200,
};

export type Role = 'admin' | 'reseller' | 'user';

/** Whoever a key belongs to, as /auth/me and the access policies see it. */
export interface Account {
  username: string;
  email: string;
  role: Role;
}

export interface ResellerRecord {
  username: string;
  email: string;
  status: 'active';
  createdAt: string;
  /** 'seed' resellers existed before the server started. */
  createdVia: 'seed' | 'api';
  limits: Limits;
  branding: Record<string, string>;
  ips: string[];
  nameservers: string[];
  overselling: Record<string, boolean | number>;
  /** Under a stale-limits fault: the limits before the first PUT /limits. */
  limitsBeforePut?: Limits;
}

export type Subresources = Pick<ResellerRecord, 'limits' | 'branding' | 'ips' | 'nameservers' | 'overselling'>;

/** A new reseller's sub-resources: the documented limits, nothing else set. */
export const defaultSubresources = (): Subresources => ({
  limits: { ...DEFAULT_LIMITS },
  branding: {},
  ips: [],
  nameservers: [],
  overselling: { enabled: false },
});

/** A hosting user, owned by one reseller. */
export interface UserRecord {
  username: string;
  email: string;
  reseller: string;
  createdAt: string;
}

export interface KeyRecord {
  id: string;
  name: string;
  username: string;
  secret: string;
  permissions: string[];
  /** IPv4 addresses and CIDR blocks the key is honoured from; empty = any. */
  ipWhitelist: string[];
  createdAt: string;
  /** Epoch ms on the server's clock; absent = never expires. */
  expiresAt?: number;
}
