/**
 * The service catalog: every service on one port under its own path prefix, laid out the way
 * the unmodified OpenStack clients expect it (compute must be the versioned /v2.1 URL, network
 * and image unversioned, identity at /identity).
 */
import { createHash } from 'node:crypto';

export interface CatalogEntry {
  id: string;
  type: string;
  name: string;
  endpoints: Array<{ id: string; interface: string; region: string; region_id: string; url: string }>;
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

const stableId = (s: string): string => createHash('sha1').update(s).digest('hex').slice(0, 32);

export function buildCatalog(baseUrl: string, region: string): CatalogEntry[] {
  return SERVICES.map((s) => ({
    id: stableId(`service:${s.type}`),
    type: s.type,
    name: s.name,
    endpoints: ['public', 'internal', 'admin'].map((iface) => ({
      id: stableId(`endpoint:${s.type}:${iface}`),
      interface: iface,
      region,
      region_id: region,
      url: baseUrl + s.path,
    })),
  }));
}
