/**
 * The catalog's first-start rows: the configured region, the SERVICES and a public, internal
 * and admin endpoint each. Each is seeded once (a settings flag per region and per service type
 * records it), so a service or endpoint an operator deletes stays deleted across restarts, while
 * a service type added to SERVICES in a later release is seeded into an existing store at its
 * next start. Rows are stamped a millisecond apart so that lists keep the configured order.
 */
import type { Config } from '../config/config.js';
import type { Db, Trx } from './database.js';
import { BASE_URL_KEY, INTERFACES, SERVICES, seededEndpointId, seededServiceId } from '../domain/identity/catalog.js';

/** true when this call set the flag (the first start that sees it), false when it was there */
async function firstTime(trx: Trx, key: string, now: string): Promise<boolean> {
  const r = await trx
    .insertInto('settings')
    .values({ key, value: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function seedCatalog(db: Db, config: Config, now: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const t0 = Date.parse(now);
    let n = 0;
    const stamp = () => new Date(t0 + n++).toISOString();
    const regionSeeded = await firstTime(trx, 'catalog_seeded:region', now);
    if (regionSeeded)
      await trx
        .insertInto('regions')
        .values({ id: config.region, description: '', parent_region_id: null, extra: '{}', created_at: stamp() })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    for (const s of SERVICES) {
      if (!(await firstTime(trx, `catalog_seeded:service:${s.type}`, now))) continue;
      const serviceId = seededServiceId(s.type);
      await trx
        .insertInto('catalog_services')
        .values({
          id: serviceId,
          type: s.type,
          enabled: 1,
          extra: JSON.stringify({ name: s.name }),
          created_at: stamp(),
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      // the region may have been deleted since the first start: the endpoints then have none
      const region = await trx.selectFrom('regions').select('id').where('id', '=', config.region).executeTakeFirst();
      for (const iface of INTERFACES)
        await trx
          .insertInto('catalog_endpoints')
          .values({
            id: seededEndpointId(s.type, iface),
            service_id: serviceId,
            interface: iface,
            url: BASE_URL_KEY + s.path,
            region_id: region ? region.id : null,
            enabled: 1,
            extra: '{}',
            created_at: stamp(),
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
    }
  });
}
