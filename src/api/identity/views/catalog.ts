/** Keystone service, endpoint and region bodies (keystone/api/services.py, endpoints.py, regions.py). */
import { shownUrl } from '../../../domain/identity/catalog.js';
import type { EndpointRow, RegionRow, ServiceRow } from '../../../services/identity/catalog-service.js';
import { serviceName } from '../../../services/identity/catalog-service.js';

const extra = (s: string): Record<string, unknown> => JSON.parse(s) as Record<string, unknown>;

export function serviceView(s: ServiceRow, v3: string): Record<string, unknown> {
  return {
    ...extra(s.extra),
    id: s.id,
    type: s.type,
    name: serviceName(s),
    enabled: s.enabled === 1,
    links: { self: `${v3}/services/${s.id}` },
  };
}

/** base: the URL the request reached stackbox on, filled into seeded endpoint URLs */
export function endpointView(e: EndpointRow, v3: string, base: string): Record<string, unknown> {
  return {
    ...extra(e.extra),
    id: e.id,
    interface: e.interface,
    region: e.region_id,
    region_id: e.region_id,
    service_id: e.service_id,
    url: shownUrl(e.url, base),
    enabled: e.enabled === 1,
    links: { self: `${v3}/endpoints/${e.id}` },
  };
}

export function regionView(r: RegionRow, v3: string): Record<string, unknown> {
  return {
    ...extra(r.extra),
    id: r.id,
    description: r.description,
    parent_region_id: r.parent_region_id,
    links: { self: `${v3}/regions/${r.id}` },
  };
}
