/**
 * The service catalog. Its rows (services, endpoints, regions) live in the store and are seeded
 * once from SERVICES: every service on one port under its own path prefix, laid out the way the
 * unmodified OpenStack clients expect it (compute must be the versioned /v2.1 URL, network and
 * image unversioned, identity at /identity). A seeded URL starts with $(base_url)s, the URL the
 * request reached stackbox on, so the catalog follows however clients reach the server.
 */
import { createHash } from 'node:crypto';

export interface CatalogEntry {
  id: string;
  type: string;
  name: string;
  endpoints: Array<{ id: string; interface: string; region: string | null; region_id: string | null; url: string }>;
}

export const SERVICES: Array<{ type: string; name: string; path: string }> = [
  { type: 'identity', name: 'keystone', path: '/identity' },
  { type: 'compute', name: 'nova', path: '/compute/v2.1' },
  { type: 'baremetal-compute', name: 'mogan', path: '/baremetal-compute' },
  { type: 'network', name: 'neutron', path: '/network' },
  { type: 'image', name: 'glance', path: '/image' },
  // Cinder v3 under both of its service types; project-less, which Cinder accepts at every
  // microversion (and the 3.67+ form), so the catalog needs no per-token substitution
  { type: 'block-storage', name: 'cinder', path: '/volume/v3' },
  { type: 'volumev3', name: 'cinderv3', path: '/volume/v3' },
];

export const INTERFACES = ['public', 'internal', 'admin'] as const;
export const BASE_URL_KEY = '$(base_url)s';

/** ids of the seeded rows: the same on every install, as they were before the catalog was stored */
export const stableId = (s: string): string => createHash('sha1').update(s).digest('hex').slice(0, 32);
export const seededServiceId = (type: string): string => stableId(`service:${type}`);
export const seededEndpointId = (type: string, iface: string): string => stableId(`endpoint:${type}:${iface}`);

/**
 * Keystone's endpoint URL substitution (keystone/catalog/core.py format_url): `$(key)s` or
 * `%(key)s` replaced from `values`; undefined when the URL names a key that has no value (Keystone
 * leaves such an endpoint out of the catalog, e.g. $(project_id)s in an unscoped token).
 */
export function formatUrl(url: string, values: Record<string, string | undefined>): string | undefined {
  let missing = false;
  const out = url.replace(/[$%]\(([A-Za-z_][A-Za-z0-9_]*)\)s/g, (_m, key: string) => {
    const v = values[key];
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? undefined : out;
}

/** the URL shown by /v3/endpoints: only the base URL is filled in (the rest is per token) */
export const shownUrl = (url: string, baseUrl: string): string => url.split(BASE_URL_KEY).join(baseUrl);

export interface CatalogRow {
  service: { id: string; type: string; name: string };
  endpoint: { id: string; interface: string; region_id: string | null; url: string } | null;
}

/** A token's catalog from the enabled rows (services in order, each with its endpoints). */
export function buildCatalog(
  rows: CatalogRow[],
  values: { base_url: string; project_id?: string; user_id?: string },
): CatalogEntry[] {
  const subst = { ...values, tenant_id: values.project_id };
  const byId = new Map<string, CatalogEntry>();
  for (const { service, endpoint } of rows) {
    let entry = byId.get(service.id);
    if (!entry) {
      entry = { id: service.id, type: service.type, name: service.name, endpoints: [] };
      byId.set(service.id, entry);
    }
    if (!endpoint) continue;
    const url = formatUrl(endpoint.url, subst);
    if (url === undefined) continue;
    entry.endpoints.push({
      id: endpoint.id,
      interface: endpoint.interface,
      region: endpoint.region_id,
      region_id: endpoint.region_id,
      url,
    });
  }
  return [...byId.values()];
}
