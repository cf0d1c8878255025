/**
 * Keystone's catalog (keystone/catalog/core.py, backends/sql.py): regions, services and
 * endpoints as rows, and the catalog a token carries built from the enabled ones in one query
 * per token issue. Keystone's rules: a service's endpoints go with it; a region goes with its
 * child regions unless an endpoint names any of them (403); a parent must exist (404) and must
 * not make a cycle (400); an endpoint's service and region must exist (400).
 */
import type { Runtime } from '../../runtime.js';
import {
  circularRegion,
  conflictingRegionIds,
  duplicateRegion,
  endpointNotFound,
  endpointReferenceNotFound,
  idImmutable,
  regionHasEndpoints,
  regionNotFound,
  serviceNotFound,
} from '../../domain/identity/errors.js';
import { buildCatalog, type CatalogEntry } from '../../domain/identity/catalog.js';
import { newHexId } from '../../lib/ids.js';
import * as repo from '../../store/repositories/catalog-repository.js';

export type { EndpointRow, RegionRow, ServiceRow } from '../../store/repositories/catalog-repository.js';

type Extra = Record<string, unknown>;
export interface RegionInput {
  id?: string;
  description?: string | null;
  parent_region_id?: string | null;
  [extra: string]: unknown;
}
export interface ServiceInput {
  type?: string;
  enabled?: boolean;
  id?: string;
  [extra: string]: unknown;
}
export interface EndpointInput {
  service_id?: string;
  interface?: string;
  url?: string;
  region_id?: string | null;
  region?: string | null;
  enabled?: boolean;
  id?: string;
  [extra: string]: unknown;
}

const parseExtra = (s: string): Extra => JSON.parse(s) as Extra;
const without = (o: Extra, keys: string[]): Extra =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

export class CatalogService {
  constructor(private readonly rt: Runtime) {}

  private get db() {
    return this.rt.store.db;
  }
  private now(): string {
    return this.rt.clock().toISOString();
  }

  // ---- the token catalog
  async tokenCatalog(values: { base_url: string; project_id?: string; user_id?: string }): Promise<CatalogEntry[]> {
    const rows = await repo.enabledCatalog(this.db);
    return buildCatalog(
      rows.map((r) => ({
        service: { id: r.service.id, type: r.service.type, name: serviceName(r.service) },
        endpoint: r.endpoint,
      })),
      values,
    );
  }

  // ---- regions
  async region(id: string): Promise<repo.RegionRow> {
    const r = await repo.findRegion(this.db, id);
    if (!r) throw regionNotFound(id);
    return r;
  }

  async regions(filter: { parentRegionId?: string }): Promise<repo.RegionRow[]> {
    return repo.listRegions(this.db, filter);
  }

  /** POST (no urlId: the body's id or a generated one) or PUT /v3/regions/{urlId} */
  async createRegion(input: RegionInput, urlId?: string): Promise<repo.RegionRow> {
    if (urlId !== undefined && input.id !== undefined && input.id !== urlId)
      throw conflictingRegionIds(urlId, String(input.id));
    const id = urlId ?? (input.id ? input.id : newHexId());
    const parent = input.parent_region_id ?? null;
    if (parent !== null) await this.region(parent);
    const row: repo.RegionRow = {
      id,
      description: input.description ?? '',
      parent_region_id: parent,
      extra: JSON.stringify(without(input, ['id', 'description', 'parent_region_id'])),
      created_at: this.now(),
    };
    try {
      await repo.insertRegion(this.db, row);
    } catch (e) {
      if (this.rt.store.adapter.isUniqueViolation(e)) throw duplicateRegion(id);
      if (this.rt.store.adapter.isForeignKeyViolation(e)) throw regionNotFound(parent ?? id);
      throw e;
    }
    return row;
  }

  async updateRegion(id: string, patch: RegionInput): Promise<repo.RegionRow> {
    const before = await this.region(id);
    if (patch.id !== undefined && patch.id !== id) throw idImmutable();
    const set: Parameters<typeof repo.updateRegion>[2] = {};
    if (patch.description !== undefined) set.description = patch.description ?? '';
    if (patch.parent_region_id !== undefined) {
      const parent = patch.parent_region_id;
      if (parent !== null) {
        await this.region(parent);
        const parents = await repo.regionParents(this.db);
        for (let at: string | null | undefined = parent; at; at = parents.get(at))
          // keystone names the region met again, i.e. the one being updated
          if (at === id) throw circularRegion(id);
      }
      set.parent_region_id = parent;
    }
    const extra = without(patch, ['id', 'description', 'parent_region_id']);
    if (Object.keys(extra).length > 0) set.extra = JSON.stringify({ ...parseExtra(before.extra), ...extra });
    await repo.updateRegion(this.db, id, set);
    return this.region(id);
  }

  async deleteRegion(id: string): Promise<void> {
    await this.region(id);
    const parents = await repo.regionParents(this.db);
    const subtree = [id];
    for (let i = 0; i < subtree.length; i++)
      for (const [child, parent] of parents) if (parent === subtree[i]) subtree.push(child);
    if ((await repo.endpointCountInRegions(this.db, subtree)) > 0) throw regionHasEndpoints(id);
    let deleted: number;
    try {
      deleted = await repo.deleteRegion(this.db, id);
    } catch (e) {
      // an endpoint created in the subtree since the check: the foreign key refuses the delete
      if (this.rt.store.adapter.isForeignKeyViolation(e)) throw regionHasEndpoints(id);
      throw e;
    }
    if (deleted === 0) throw regionNotFound(id);
  }

  // ---- services
  async service(id: string): Promise<repo.ServiceRow> {
    const s = await repo.findService(this.db, id);
    if (!s) throw serviceNotFound(id);
    return s;
  }

  async services(filter: { type?: string; name?: string }): Promise<repo.ServiceRow[]> {
    const rows = await repo.listServices(this.db, { type: filter.type });
    return filter.name === undefined ? rows : rows.filter((s) => serviceName(s) === filter.name);
  }

  async createService(input: ServiceInput): Promise<repo.ServiceRow> {
    const row: repo.ServiceRow = {
      id: newHexId(),
      type: input.type as string,
      enabled: input.enabled === false ? 0 : 1,
      extra: JSON.stringify(without(input, ['id', 'type', 'enabled'])),
      created_at: this.now(),
    };
    await repo.insertService(this.db, row);
    return row;
  }

  async updateService(id: string, patch: ServiceInput): Promise<repo.ServiceRow> {
    const before = await this.service(id);
    if (patch.id !== undefined && patch.id !== id) throw idImmutable();
    const set: Parameters<typeof repo.updateService>[2] = {};
    if (patch.type !== undefined) set.type = patch.type;
    if (patch.enabled !== undefined && patch.enabled !== null) set.enabled = patch.enabled ? 1 : 0;
    const extra = without(patch, ['id', 'type', 'enabled']);
    if (Object.keys(extra).length > 0) set.extra = JSON.stringify({ ...parseExtra(before.extra), ...extra });
    await repo.updateService(this.db, id, set);
    return this.service(id);
  }

  async deleteService(id: string): Promise<void> {
    if ((await repo.deleteService(this.db, id)) === 0) throw serviceNotFound(id);
  }

  // ---- endpoints
  async endpoint(id: string): Promise<repo.EndpointRow> {
    const e = await repo.findEndpoint(this.db, id);
    if (!e) throw endpointNotFound(id);
    return e;
  }

  async endpoints(filter: { interface?: string; serviceId?: string; regionId?: string }): Promise<repo.EndpointRow[]> {
    return repo.listEndpoints(this.db, filter);
  }

  private async checkRefs(serviceId: string | undefined, regionId: string | null | undefined): Promise<void> {
    if (serviceId !== undefined && !(await repo.findService(this.db, serviceId)))
      throw endpointReferenceNotFound('service_id', 'service');
    if (regionId !== undefined && regionId !== null && !(await repo.findRegion(this.db, regionId)))
      throw endpointReferenceNotFound('region_id', 'region');
  }

  /** the legacy `region` attribute stands for region_id when region_id is not given */
  private static regionOf(input: EndpointInput): string | null | undefined {
    if (input.region_id !== undefined && input.region_id !== null) return input.region_id;
    return input.region ?? input.region_id;
  }

  /**
   * Keystone's _validate_endpoint_region: the legacy `region` (with no region_id) names a region
   * that is created when it does not exist yet, for clients that use v3 as they used v2
   */
  private async autoCreateRegion(input: EndpointInput): Promise<void> {
    if (input.region_id !== undefined && input.region_id !== null) return;
    if (input.region === undefined || input.region === null) return;
    await repo.insertRegionIfMissing(this.db, {
      id: input.region,
      description: '',
      parent_region_id: null,
      extra: '{}',
      created_at: this.now(),
    });
  }

  private async writeEndpoint(fn: () => Promise<void>, serviceId?: string, regionId?: string | null): Promise<void> {
    try {
      await fn();
    } catch (e) {
      // the service or region went away between the check and the write
      if (this.rt.store.adapter.isForeignKeyViolation(e)) {
        if (serviceId !== undefined && !(await repo.findService(this.db, serviceId)))
          throw endpointReferenceNotFound('service_id', 'service');
        if (regionId) throw endpointReferenceNotFound('region_id', 'region');
      }
      throw e;
    }
  }

  async createEndpoint(input: EndpointInput): Promise<repo.EndpointRow> {
    const regionId = CatalogService.regionOf(input) ?? null;
    await this.autoCreateRegion(input);
    await this.checkRefs(input.service_id, regionId);
    const row: repo.EndpointRow = {
      id: newHexId(),
      service_id: input.service_id as string,
      interface: input.interface as string,
      url: input.url as string,
      region_id: regionId,
      enabled: input.enabled === false ? 0 : 1,
      extra: JSON.stringify(without(input, ['id', 'service_id', 'interface', 'url', 'region_id', 'region', 'enabled'])),
      created_at: this.now(),
    };
    await this.writeEndpoint(() => repo.insertEndpoint(this.db, row), row.service_id, regionId);
    return row;
  }

  async updateEndpoint(id: string, patch: EndpointInput): Promise<repo.EndpointRow> {
    const before = await this.endpoint(id);
    if (patch.id !== undefined && patch.id !== id) throw idImmutable();
    const regionId = CatalogService.regionOf(patch);
    await this.autoCreateRegion(patch);
    await this.checkRefs(patch.service_id, regionId);
    const set: Parameters<typeof repo.updateEndpoint>[2] = {};
    if (patch.service_id !== undefined) set.service_id = patch.service_id;
    if (patch.interface !== undefined) set.interface = patch.interface;
    if (patch.url !== undefined) set.url = patch.url;
    if (regionId !== undefined) set.region_id = regionId;
    if (patch.enabled !== undefined && patch.enabled !== null) set.enabled = patch.enabled ? 1 : 0;
    const extra = without(patch, ['id', 'service_id', 'interface', 'url', 'region_id', 'region', 'enabled']);
    if (Object.keys(extra).length > 0) set.extra = JSON.stringify({ ...parseExtra(before.extra), ...extra });
    await this.writeEndpoint(() => repo.updateEndpoint(this.db, id, set), patch.service_id, regionId);
    return this.endpoint(id);
  }

  async deleteEndpoint(id: string): Promise<void> {
    if ((await repo.deleteEndpoint(this.db, id)) === 0) throw endpointNotFound(id);
  }
}

/** Keystone keeps a service's name in its extra properties and shows '' when it has none */
export function serviceName(s: repo.ServiceRow): string {
  const name = parseExtra(s.extra).name;
  return typeof name === 'string' ? name : '';
}
