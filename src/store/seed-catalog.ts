/**
 * The catalog's first-start rows: the configured region, the SERVICES and a public, internal
 * and admin endpoint each. Seeded once (a settings flag records it), so a service or endpoint an
 * operator deletes stays deleted across restarts. Rows are stamped a millisecond apart so that
 * lists keep the configured order.
 */
import type { Config } from '../config/config.js';
import type { Db } from './database.js';
import { BASE_URL_KEY, INTERFACES, SERVICES, seededEndpointId, seededServiceId } from '../domain/identity/catalog.js';

const SEEDED_KEY = 'catalog_seeded';

export async function seedCatalog(db: Db, config: Config, now: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const flag = await trx
      .insertInto('settings')
      .values({ key: SEEDED_KEY, value: now })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    if (Number(flag.numInsertedOrUpdatedRows ?? 0) === 0) return;
    const t0 = Date.parse(now);
    let n = 0;
    const stamp = () => new Date(t0 + n++).toISOString();
    await trx
      .insertInto('regions')
      .values({ id: config.region, description: '', parent_region_id: null, extra: '{}', created_at: stamp() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    for (const s of SERVICES) {
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
      for (const iface of INTERFACES)
        await trx
          .insertInto('catalog_endpoints')
          .values({
            id: seededEndpointId(s.type, iface),
            service_id: serviceId,
            interface: iface,
            url: BASE_URL_KEY + s.path,
            region_id: config.region,
            enabled: 1,
            extra: '{}',
            created_at: stamp(),
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
    }
  });
}
