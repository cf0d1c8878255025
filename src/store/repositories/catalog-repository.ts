/** Keystone catalog rows (regions, services, endpoints): queries taking a DbOrTrx. */
import type { DbOrTrx } from '../database.js';
import type { CatalogEndpointsTable, CatalogServicesTable, RegionsTable } from '../tables/catalog.table.js';

export type RegionRow = RegionsTable;
export type ServiceRow = CatalogServicesTable;
export type EndpointRow = CatalogEndpointsTable;

// ---- regions
export async function insertRegion(db: DbOrTrx, row: RegionRow): Promise<void> {
  await db.insertInto('regions').values(row).execute();
}
/** inserts the region unless one with its id exists (one statement: concurrent callers both succeed) */
export async function insertRegionIfMissing(db: DbOrTrx, row: RegionRow): Promise<void> {
  await db
    .insertInto('regions')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
export async function findRegion(db: DbOrTrx, id: string): Promise<RegionRow | undefined> {
  return db.selectFrom('regions').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function listRegions(db: DbOrTrx, f: { parentRegionId?: string }): Promise<RegionRow[]> {
  let q = db.selectFrom('regions').selectAll();
  if (f.parentRegionId !== undefined) q = q.where('parent_region_id', '=', f.parentRegionId);
  return q.orderBy('created_at').orderBy('id').execute();
}
export async function updateRegion(
  db: DbOrTrx,
  id: string,
  patch: Partial<Pick<RegionRow, 'description' | 'parent_region_id' | 'extra'>>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('regions').set(patch).where('id', '=', id).execute();
}
/** Deletes the region (its children follow by cascade); returns the rows deleted at the top. */
export async function deleteRegion(db: DbOrTrx, id: string): Promise<number> {
  const r = await db.deleteFrom('regions').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}
/** parent id of every region (the tree is small: one query, walked in memory) */
export async function regionParents(db: DbOrTrx): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('regions').select(['id', 'parent_region_id']).execute();
  return new Map(rows.map((r) => [r.id, r.parent_region_id]));
}
export async function endpointCountInRegions(db: DbOrTrx, regionIds: string[]): Promise<number> {
  if (regionIds.length === 0) return 0;
  const r = await db
    .selectFrom('catalog_endpoints')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('region_id', 'in', regionIds)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- services
export async function insertService(db: DbOrTrx, row: ServiceRow): Promise<void> {
  await db.insertInto('catalog_services').values(row).execute();
}
export async function findService(db: DbOrTrx, id: string): Promise<ServiceRow | undefined> {
  return db.selectFrom('catalog_services').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function listServices(db: DbOrTrx, f: { type?: string }): Promise<ServiceRow[]> {
  let q = db.selectFrom('catalog_services').selectAll();
  if (f.type !== undefined) q = q.where('type', '=', f.type);
  return q.orderBy('created_at').orderBy('id').execute();
}
export async function updateService(
  db: DbOrTrx,
  id: string,
  patch: Partial<Pick<ServiceRow, 'type' | 'enabled' | 'extra'>>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('catalog_services').set(patch).where('id', '=', id).execute();
}
/** Deletes the service (its endpoints follow by cascade); returns the rows deleted. */
export async function deleteService(db: DbOrTrx, id: string): Promise<number> {
  const r = await db.deleteFrom('catalog_services').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ---- endpoints
export async function insertEndpoint(db: DbOrTrx, row: EndpointRow): Promise<void> {
  await db.insertInto('catalog_endpoints').values(row).execute();
}
export async function findEndpoint(db: DbOrTrx, id: string): Promise<EndpointRow | undefined> {
  return db.selectFrom('catalog_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function listEndpoints(
  db: DbOrTrx,
  f: { interface?: string; serviceId?: string; regionId?: string },
): Promise<EndpointRow[]> {
  let q = db.selectFrom('catalog_endpoints').selectAll();
  if (f.interface !== undefined) q = q.where('interface', '=', f.interface);
  if (f.serviceId !== undefined) q = q.where('service_id', '=', f.serviceId);
  if (f.regionId !== undefined) q = q.where('region_id', '=', f.regionId);
  return q.orderBy('created_at').orderBy('id').execute();
}
export async function updateEndpoint(
  db: DbOrTrx,
  id: string,
  patch: Partial<Pick<EndpointRow, 'service_id' | 'interface' | 'url' | 'region_id' | 'enabled' | 'extra'>>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('catalog_endpoints').set(patch).where('id', '=', id).execute();
}
export async function deleteEndpoint(db: DbOrTrx, id: string): Promise<number> {
  const r = await db.deleteFrom('catalog_endpoints').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * The token catalog in one query: every enabled service with its enabled endpoints (a service
 * without any is still listed, with none, as Keystone does), in a stable order.
 */
export async function enabledCatalog(
  db: DbOrTrx,
): Promise<Array<{ service: ServiceRow; endpoint: EndpointRow | null }>> {
  const rows = await db
    .selectFrom('catalog_services as s')
    .leftJoin('catalog_endpoints as e', (j) => j.onRef('e.service_id', '=', 's.id').on('e.enabled', '=', 1))
    .select([
      's.id as s_id',
      's.type as s_type',
      's.enabled as s_enabled',
      's.extra as s_extra',
      's.created_at as s_created_at',
      'e.id as e_id',
      'e.interface as e_interface',
      'e.url as e_url',
      'e.region_id as e_region_id',
      'e.enabled as e_enabled',
      'e.extra as e_extra',
      'e.created_at as e_created_at',
    ])
    .where('s.enabled', '=', 1)
    .orderBy('s.created_at')
    .orderBy('s.id')
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    service: { id: r.s_id, type: r.s_type, enabled: r.s_enabled, extra: r.s_extra, created_at: r.s_created_at },
    endpoint:
      r.e_id === null
        ? null
        : {
            id: r.e_id,
            service_id: r.s_id,
            interface: r.e_interface!,
            url: r.e_url!,
            region_id: r.e_region_id,
            enabled: r.e_enabled!,
            extra: r.e_extra!,
            created_at: r.e_created_at!,
          },
  }));
}
