/** SQL for routers, their interfaces and floating IPs (Neutron's L3 data). */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DbOrTrx } from '../database.js';
import type { FloatingIpsTable, RouterInterfacesTable, RoutersTable } from '../tables/l3.table.js';

export type RouterRow = Selectable<RoutersTable>;
export type RouterInterfaceRow = Selectable<RouterInterfacesTable>;
export type FloatingIpRow = Selectable<FloatingIpsTable>;

const list = (v: string[]) => (v.length ? v : ['']);

export async function insertRouter(db: DbOrTrx, row: Insertable<RoutersTable>): Promise<void> {
  await db.insertInto('routers').values(row).execute();
}

export const findRouter = (db: DbOrTrx, id: string) =>
  db.selectFrom('routers').selectAll().where('id', '=', id).executeTakeFirst();

export interface RouterFilter {
  ids?: string[];
  names?: string[];
  projectIds?: string[];
}

export async function listRouters(db: DbOrTrx, f: RouterFilter): Promise<RouterRow[]> {
  let q = db.selectFrom('routers').selectAll();
  if (f.ids) q = q.where('id', 'in', list(f.ids));
  if (f.names) q = q.where('name', 'in', list(f.names));
  if (f.projectIds) q = q.where('project_id', 'in', list(f.projectIds));
  return q.orderBy('created_at').orderBy('id').execute();
}

/** Updates a router (revision +1); with `expectedRevision` only while it still has it. False: no row changed. */
export async function updateRouter(
  db: DbOrTrx,
  id: string,
  patch: Updateable<RoutersTable>,
  expectedRevision?: number,
): Promise<boolean> {
  let q = db
    .updateTable('routers')
    .set(patch)
    .set((eb) => ({ revision_number: eb('revision_number', '+', 1) }))
    .where('id', '=', id);
  if (expectedRevision !== undefined) q = q.where('revision_number', '=', expectedRevision);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteRouter(db: DbOrTrx, id: string, expectedRevision?: number): Promise<boolean> {
  let q = db.deleteFrom('routers').where('id', '=', id);
  if (expectedRevision !== undefined) q = q.where('revision_number', '=', expectedRevision);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Adds an interface row; false when the router already has one on the subnet (the primary key). */
export async function insertInterface(db: DbOrTrx, row: RouterInterfaceRow): Promise<boolean> {
  const r = await db
    .insertInto('router_interfaces')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export const interfacesOfRouters = (db: DbOrTrx, routerIds: string[]) =>
  db.selectFrom('router_interfaces').selectAll().where('router_id', 'in', list(routerIds)).execute();

export const interfacesOnSubnets = (db: DbOrTrx, subnetIds: string[]) =>
  db.selectFrom('router_interfaces').selectAll().where('subnet_id', 'in', list(subnetIds)).execute();

export async function insertFloatingIp(db: DbOrTrx, row: Insertable<FloatingIpsTable>): Promise<void> {
  await db.insertInto('floating_ips').values(row).execute();
}

export const findFloatingIp = (db: DbOrTrx, id: string) =>
  db.selectFrom('floating_ips').selectAll().where('id', '=', id).executeTakeFirst();

export interface FloatingIpFilter {
  ids?: string[];
  projectIds?: string[];
  floatingNetworkIds?: string[];
  floatingIpAddresses?: string[];
  portIds?: string[];
  fixedIpAddresses?: string[];
  routerIds?: string[];
  statuses?: string[];
  descriptions?: string[];
}

export async function listFloatingIps(db: DbOrTrx, f: FloatingIpFilter): Promise<FloatingIpRow[]> {
  let q = db.selectFrom('floating_ips').selectAll();
  if (f.ids) q = q.where('id', 'in', list(f.ids));
  if (f.projectIds) q = q.where('project_id', 'in', list(f.projectIds));
  if (f.floatingNetworkIds) q = q.where('floating_network_id', 'in', list(f.floatingNetworkIds));
  if (f.floatingIpAddresses) q = q.where('floating_ip_address', 'in', list(f.floatingIpAddresses));
  if (f.portIds) q = q.where('fixed_port_id', 'in', list(f.portIds));
  if (f.fixedIpAddresses) q = q.where('fixed_ip_address', 'in', list(f.fixedIpAddresses));
  if (f.routerIds) q = q.where('router_id', 'in', list(f.routerIds));
  if (f.statuses) q = q.where('status', 'in', list(f.statuses));
  if (f.descriptions) q = q.where('description', 'in', list(f.descriptions));
  return q.orderBy('created_at').orderBy('id').execute();
}

/** Updates a floating IP (revision +1); with `expectedRevision` only while it still has it. */
export async function updateFloatingIp(
  db: DbOrTrx,
  id: string,
  patch: Updateable<FloatingIpsTable>,
  expectedRevision?: number,
): Promise<boolean> {
  let q = db
    .updateTable('floating_ips')
    .set(patch)
    .set((eb) => ({ revision_number: eb('revision_number', '+', 1) }))
    .where('id', '=', id);
  if (expectedRevision !== undefined) q = q.where('revision_number', '=', expectedRevision);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteFloatingIp(db: DbOrTrx, id: string, expectedRevision?: number): Promise<boolean> {
  let q = db.deleteFrom('floating_ips').where('id', '=', id);
  if (expectedRevision !== undefined) q = q.where('revision_number', '=', expectedRevision);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/**
 * Deletes the floating IPs of this external network that no port is associated with (Neutron's
 * delete_disassociated_floatingips); returns their floating ports, for the caller to delete.
 */
export async function deleteDisassociatedFloatingIps(db: DbOrTrx, networkId: string): Promise<string[]> {
  const rows = await db
    .deleteFrom('floating_ips')
    .where('floating_network_id', '=', networkId)
    .where('fixed_port_id', 'is', null)
    .returning('floating_port_id')
    .execute();
  return rows.map((r) => r.floating_port_id);
}

/** Floating IPs a router carries (associated through it). */
export const floatingIpsOfRouter = (db: DbOrTrx, routerId: string) =>
  db.selectFrom('floating_ips').selectAll().where('router_id', '=', routerId).execute();
