/**
 * Application credential access rules (keystonemiddleware auth_token validate_allowed_request):
 * a token made from a credential with access rules may call only a request some rule matches by
 * service type, method and path. A path pattern's `*` (or `{name}`) matches one path segment,
 * `**` any run of characters. The path is the request's path below the service's root (what the
 * service itself sees when it runs on its own port: '/v2.1/servers/x/ips' for Nova). Keystone's own
 * GET /v3/auth/tokens is always allowed, so a token can be validated.
 */
export interface AccessRule {
  id?: string;
  service: string;
  path: string;
  method: string;
}

/** stackbox mounts each service under a prefix; the service types its catalog gives it */
const MOUNTS: Array<{ prefix: string; types: string[] }> = [
  { prefix: '/identity', types: ['identity'] },
  { prefix: '/compute', types: ['compute'] },
  { prefix: '/baremetal-compute', types: ['baremetal-compute'] },
  { prefix: '/network', types: ['network'] },
  { prefix: '/image', types: ['image'] },
  { prefix: '/volume', types: ['block-storage', 'volumev3'] },
];

function patternRegex(pattern: string): RegExp {
  let re = '';
  const token = /(\{[^}]*\})|(\*\*)|(\*)|([^{}*])/g;
  for (const m of pattern.matchAll(token)) {
    if (m[1] !== undefined || m[3] !== undefined) re += '[^/]+';
    else if (m[2] !== undefined) re += '.*';
    else if (m[4] !== undefined) re += m[4].replace(/[.+?^$()[\]\\|]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function pathMatches(path: string, pattern: string): boolean {
  return patternRegex(pattern).test(path);
}

/** The service (types) and the path below its root of a request URL (query string ignored). */
export function serviceOfUrl(url: string): { types: string[]; path: string } | null {
  const path = url.split('?')[0] ?? '';
  for (const m of MOUNTS)
    if (path === m.prefix || path.startsWith(`${m.prefix}/`))
      return { types: m.types, path: path.slice(m.prefix.length) || '/' };
  return null;
}

/** Does some rule allow this request? (null rules: the credential has none, so anything goes) */
export function requestAllowed(rules: AccessRule[] | null | undefined, method: string, url: string): boolean {
  if (!rules) return true;
  const svc = serviceOfUrl(url);
  if (!svc) return false;
  if (svc.types.includes('identity') && method === 'GET' && svc.path.endsWith('/v3/auth/tokens')) return true;
  return rules.some((r) => r.method === method && svc.types.includes(r.service) && pathMatches(svc.path, r.path));
}
