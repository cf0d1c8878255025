/**
 * os-services rows: control services (control_services) and the nova-compute service of each
 * compute host (compute_hosts status/disabled_reason/forced_down). Updates are single UPDATEs;
 * a compute service is deleted only while no live instance is on its host, decided in the DELETE.
 */
import type { DbOrTrx } from '../database.js';
import type { ControlServicesTable } from '../tables/compute-admin.table.js';

export type ControlServiceRow = ControlServicesTable;

export async function ensureControlServices(
  db: DbOrTrx,
  rows: Array<Omit<ControlServicesTable, 'id' | 'created_at' | 'updated_at'> & { id: string }>,
  now: string,
): Promise<void> {
  for (const r of rows) {
    await db
      .insertInto('control_services')
      .values({ ...r, created_at: now, updated_at: null })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

export function listControlServices(db: DbOrTrx): Promise<ControlServiceRow[]> {
  return db.selectFrom('control_services').selectAll().orderBy('seq').execute();
}

export interface ServiceChange {
  status?: 'enabled' | 'disabled';
  disabled_reason?: string | null;
  forced_down?: number;
}

/** the compute service of `host`; false when there is none */
export async function updateComputeService(db: DbOrTrx, host: string, change: ServiceChange, now: string) {
  const r = await db
    .updateTable('compute_hosts')
    .set({ ...change, service_updated_at: now })
    .where('host', '=', host)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** a compute service with no live instance on its host, and its aggregate memberships */
export async function deleteIdleComputeService(db: DbOrTrx, id: string, host: string): Promise<boolean> {
  const r = await db
    .deleteFrom('compute_hosts')
    .where('id', '=', id)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('instances').select('uuid').where('host', '=', host).where('deleted', '=', 0))),
    )
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) return false;
  await db.deleteFrom('aggregate_hosts').where('host', '=', host).execute();
  return true;
}

export async function deleteControlService(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db.deleteFrom('control_services').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
