/** virtual_interfaces: which ports an instance has plugged (Nova's VirtualInterface objects). */
import type { DbOrTrx } from '../database.js';

export interface VirtualInterfaceRow {
  id: string;
  instance_uuid: string;
  port_id: string;
  network_id: string;
  mac_address: string;
  tag: string | null;
  created_by_compute: number;
  created_at: string;
}

export async function insertVif(db: DbOrTrx, row: VirtualInterfaceRow): Promise<void> {
  await db.insertInto('virtual_interfaces').values(row).execute();
}

export const findVif = (db: DbOrTrx, id: string): Promise<VirtualInterfaceRow | undefined> =>
  db.selectFrom('virtual_interfaces').selectAll().where('id', '=', id).executeTakeFirst();

export const findVifOfPort = (
  db: DbOrTrx,
  instanceUuid: string,
  portId: string,
): Promise<VirtualInterfaceRow | undefined> =>
  db
    .selectFrom('virtual_interfaces')
    .selectAll()
    .where('instance_uuid', '=', instanceUuid)
    .where('port_id', '=', portId)
    .executeTakeFirst();

/** an instance's interfaces in attach order, a page of them (SQLite needs LIMIT with OFFSET) */
export async function listVifs(
  db: DbOrTrx,
  instanceUuid: string,
  page: { offset: number; limit: number },
): Promise<VirtualInterfaceRow[]> {
  return db
    .selectFrom('virtual_interfaces')
    .selectAll()
    .where('instance_uuid', '=', instanceUuid)
    .orderBy('created_at')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** the tag recorded for each of an instance's ports */
export async function tagsByPort(db: DbOrTrx, instanceUuid: string): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom('virtual_interfaces')
    .select(['port_id', 'tag'])
    .where('instance_uuid', '=', instanceUuid)
    .execute();
  return new Map(rows.map((r) => [r.port_id, r.tag]));
}

/** false when the row was already gone (another release got there first) */
export async function deleteVif(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db.deleteFrom('virtual_interfaces').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** all of an instance's interfaces in attach order */
export const vifsOfInstance = (db: DbOrTrx, instanceUuid: string): Promise<VirtualInterfaceRow[]> =>
  db
    .selectFrom('virtual_interfaces')
    .selectAll()
    .where('instance_uuid', '=', instanceUuid)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
