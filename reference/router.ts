// Maps METHOD + path to an endpoint under /api/v1: 404 for unknown paths,
// 405 (with Allow) for a known path and an unsupported method.
import { ApiError, notFound } from './api-error.ts';
import type { Params, Policy } from './access.ts';
import type { Handler } from './handlers/context.ts';

export interface Endpoint {
  policy: Policy;
  handler: Handler;
  /** Open to every valid key whatever its scopes. */
  unscoped?: boolean;
}

export interface Route {
  /** Segments; `:name` captures one URL-decoded segment. */
  pattern: string;
  endpoints: Readonly<Partial<Record<string, Endpoint>>>;
}

export interface RouteMatch {
  endpoint: Endpoint;
  params: Params;
  /** First pattern segment, named in 403 messages. */
  resource: string;
}

export const API_PREFIX = '/api/v1';

/** Routes are tried in order, so fixed paths must precede `:username`. */
export function resolveRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const noRoute = notFound(`No route for ${method} ${path}`);
  const segments = apiSegments(path);
  if (!segments) throw noRoute;
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (!params) continue;
    const endpoint = route.endpoints[method];
    if (!endpoint) {
      const allow = Object.keys(route.endpoints).join(', ');
      throw new ApiError(405, 'METHOD_NOT_ALLOWED', `Method ${method} is not allowed here`, { Allow: allow });
    }
    return { endpoint, params, resource: route.pattern.split('/')[1] ?? '' };
  }
  throw noRoute;
}

/** Path segments below the API prefix; one trailing slash is optional. */
function apiSegments(path: string): string[] | undefined {
  if (path !== API_PREFIX && !path.startsWith(`${API_PREFIX}/`)) return undefined;
  return path.slice(API_PREFIX.length).replace(/\/$/, '').split('/').slice(1);
}

function matchPattern(pattern: string, segments: string[]): Params | undefined {
  const parts = pattern.split('/').slice(1);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const segment = segments[i] ?? '';
    if (!part.startsWith(':')) {
      if (part !== segment) return undefined;
      continue;
    }
    const value = decodeSegment(segment);
    if (!value) return undefined;
    params[part.slice(1)] = value;
  }
  return params;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
