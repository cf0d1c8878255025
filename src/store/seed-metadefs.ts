/**
 * The metadata definition namespaces of domain/image/metadefs-catalog.ts, loaded once each (a
 * settings flag per namespace records it), so a namespace an operator deletes stays deleted
 * across restarts. Resource types are created as the associations name them, protected as
 * Glance's loader makes them. Rows are stamped a millisecond apart so lists keep the order.
 */
import type { Db } from './database.js';
import { newUuid } from '../lib/ids.js';
import { METADEF_SEED_OWNER, SEED_METADEF_NAMESPACES } from '../domain/image/metadefs-catalog.js';
import {
  ensureResourceType,
  insertAssociation,
  insertNamespace,
  insertProperty,
} from './repositories/metadef-repository.js';

export async function seedMetadefs(db: Db, now: string): Promise<void> {
  const t0 = Date.parse(now);
  let n = 0;
  const stamp = () => new Date(t0 + n++).toISOString();
  for (const spec of SEED_METADEF_NAMESPACES) {
    await db.transaction().execute(async (trx) => {
      const flag = await trx
        .insertInto('settings')
        .values({ key: `metadefs_seeded:${spec.namespace}`, value: now })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      if (Number(flag.numInsertedOrUpdatedRows ?? 0) !== 1) return;
      const at = stamp();
      const existing = await trx
        .selectFrom('metadef_namespaces')
        .select('id')
        .where('namespace', '=', spec.namespace)
        .executeTakeFirst();
      if (existing) return;
      const ns = {
        id: newUuid(),
        namespace: spec.namespace,
        display_name: spec.display_name,
        description: spec.description,
        visibility: spec.visibility,
        protected: spec.protected ? 1 : 0,
        owner: METADEF_SEED_OWNER,
        created_at: at,
        updated_at: at,
      };
      await insertNamespace(trx, ns);
      for (const a of spec.resource_type_associations) {
        const aAt = stamp();
        const type = await ensureResourceType(trx, {
          id: newUuid(),
          name: a.name,
          protected: 1,
          created_at: aAt,
          updated_at: aAt,
        });
        await insertAssociation(trx, {
          namespace_id: ns.id,
          resource_type_id: type.id,
          prefix: a.prefix ?? null,
          properties_target: a.properties_target ?? null,
          created_at: aAt,
          updated_at: aAt,
        });
      }
      for (const [name, schema] of Object.entries(spec.properties))
        await insertProperty(trx, {
          id: newUuid(),
          namespace_id: ns.id,
          name,
          json_schema: JSON.stringify(schema),
          created_at: at,
          updated_at: at,
        });
    });
  }
}
