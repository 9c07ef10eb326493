// API-key scopes. Documented: `permissions` defaults to ["read"] and `all`
// grants everything; other scope names exist (e.g. `domains`), but neither
// their list nor the one the resellers endpoints need is shown. This server
// reads `read` as every GET and a scope named after a resource (the first
// path segment: `resellers`, `users`) as all of that resource. The role
// policies still apply on top: no scope lets a reseller past them.

export const DEFAULT_SCOPES: readonly string[] = ['read'];
export const ALL_SCOPES: readonly string[] = ['all'];

export function scopeAllows(permissions: readonly string[], resource: string, method: string): boolean {
  return permissions.includes('all') || permissions.includes(resource) || (method === 'GET' && permissions.includes('read'));
}
