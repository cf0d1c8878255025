/** QoS specs (qos_specs) and their association with volume types (volume_types.qos_specs_id), migration 0041. */
import type { DbOrTrx } from '../database.js';
import type { QosSpecsTable } from '../tables/volumes.table.js';

export type QosSpecsRow = QosSpecsTable;

export async function listQosSpecs(
  db: DbOrTrx,
  f: { name?: string; consumer?: string; id?: string },
): Promise<QosSpecsRow[]> {
  let q = db.selectFrom('qos_specs').selectAll();
  if (f.id !== undefined) q = q.where('id', '=', f.id);
  if (f.name !== undefined) q = q.where('name', '=', f.name);
  if (f.consumer !== undefined) q = q.where('consumer', '=', f.consumer);
  // Cinder's default sort: created_at desc (then id, for a stable order)
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export async function findQosSpecs(db: DbOrTrx, id: string): Promise<QosSpecsRow | undefined> {
  return db.selectFrom('qos_specs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertQosSpecs(db: DbOrTrx, row: QosSpecsRow): Promise<void> {
  await db.insertInto('qos_specs').values(row).execute();
}

export async function updateQosSpecs(
  db: DbOrTrx,
  id: string,
  change: { consumer: string; specs: string; updated_at: string },
): Promise<void> {
  await db.updateTable('qos_specs').set(change).where('id', '=', id).execute();
}

export async function deleteQosSpecs(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('qos_specs').where('id', '=', id).execute();
}

/** the volume types associated with the specs */
export async function typesOfQosSpecs(db: DbOrTrx, id: string): Promise<Array<{ id: string; name: string }>> {
  return db.selectFrom('volume_types').select(['id', 'name']).where('qos_specs_id', '=', id).orderBy('name').execute();
}

/** sets (or with null clears) a type's association; `onlyFrom` restricts the change to types associated with it */
export async function setTypeQosSpecs(
  db: DbOrTrx,
  typeId: string | null,
  specsId: string | null,
  at: string,
  onlyFrom?: string,
): Promise<void> {
  let q = db.updateTable('volume_types').set({ qos_specs_id: specsId, updated_at: at });
  if (typeId !== null) q = q.where('id', '=', typeId);
  if (onlyFrom !== undefined) q = q.where('qos_specs_id', '=', onlyFrom);
  await q.execute();
}
