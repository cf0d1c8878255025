/** Keystone service, endpoint and region bodies (keystone/api/services.py, endpoints.py, regions.py). */
import type { CatalogEntry } from '../../../domain/identity/catalog.js';

type Endpoint = CatalogEntry['endpoints'][number];

export function serviceView(s: CatalogEntry, v3: string): Record<string, unknown> {
  return { id: s.id, type: s.type, name: s.name, enabled: true, links: { self: `${v3}/services/${s.id}` } };
}

export function endpointView(e: Endpoint, serviceId: string, v3: string): Record<string, unknown> {
  return {
    id: e.id,
    interface: e.interface,
    region: e.region,
    region_id: e.region_id,
    service_id: serviceId,
    url: e.url,
    enabled: true,
    links: { self: `${v3}/endpoints/${e.id}` },
  };
}

export function regionView(id: string, v3: string): Record<string, unknown> {
  return { id, description: '', parent_region_id: null, links: { self: `${v3}/regions/${id}` } };
}
