/** The admin-set state of Cinder's services (volume_services, migration 0041) and the pools they report. */
import type { DbOrTrx } from '../database.js';
import type { VolumePoolsTable, VolumeServicesTable } from '../tables/volumes.table.js';

export type VolumeServiceStateRow = VolumeServicesTable;

export async function listVolumeServiceStates(db: DbOrTrx): Promise<VolumeServiceStateRow[]> {
  return db.selectFrom('volume_services').selectAll().execute();
}

/** writes the whole state of one service (a row appears on its first change) */
export async function saveVolumeServiceState(db: DbOrTrx, row: VolumeServiceStateRow): Promise<void> {
  const { binary: _b, host: _h, ...change } = row;
  await db
    .insertInto('volume_services')
    .values(row)
    .onConflict((oc) => oc.columns(['binary', 'host']).doUpdateSet(change))
    .execute();
}

export async function listVolumePools(db: DbOrTrx): Promise<VolumePoolsTable[]> {
  return db.selectFrom('volume_pools').selectAll().orderBy('name').execute();
}

/** volumes placed on a pool (the LVM driver's total_volumes) */
export async function countVolumesOnPool(db: DbOrTrx, pool: string): Promise<number> {
  const r = await db
    .selectFrom('volumes')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('host', '=', pool)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
