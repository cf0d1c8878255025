/** SQL for subnet pools and address scopes (Neutron's subnet_allocation and address-scope data). */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DbOrTrx } from '../database.js';
import type { AddressScopesTable, SubnetpoolsTable } from '../tables/subnet-pools.table.js';

export type SubnetpoolRow = Selectable<SubnetpoolsTable>;
export type AddressScopeRow = Selectable<AddressScopesTable>;

const list = (v: string[]) => (v.length ? v : ['']);

export async function insertSubnetpool(db: DbOrTrx, row: Insertable<SubnetpoolsTable>): Promise<void> {
  await db.insertInto('subnetpools').values(row).execute();
}

export const findSubnetpool = (db: DbOrTrx, id: string) =>
  db.selectFrom('subnetpools').selectAll().where('id', '=', id).executeTakeFirst();

export interface SubnetpoolFilter {
  ids?: string[];
  names?: string[];
  projectIds?: string[];
  ipVersion?: number;
  isDefault?: number;
  shared?: number;
  addressScopeIds?: string[];
  /** null: every pool; a project: its own and the shared ones */
  visibleTo?: string | null;
}

export async function listSubnetpools(db: DbOrTrx, f: SubnetpoolFilter): Promise<SubnetpoolRow[]> {
  let q = db.selectFrom('subnetpools').selectAll();
  if (f.ids) q = q.where('id', 'in', list(f.ids));
  if (f.names) q = q.where('name', 'in', list(f.names));
  if (f.projectIds) q = q.where('project_id', 'in', list(f.projectIds));
  if (f.ipVersion !== undefined) q = q.where('ip_version', '=', f.ipVersion);
  if (f.isDefault !== undefined) q = q.where('is_default', '=', f.isDefault);
  if (f.shared !== undefined) q = q.where('shared', '=', f.shared);
  if (f.addressScopeIds) q = q.where('address_scope_id', 'in', list(f.addressScopeIds));
  if (typeof f.visibleTo === 'string') {
    const p = f.visibleTo;
    q = q.where((eb) => eb.or([eb('project_id', '=', p), eb('shared', '=', 1)]));
  }
  return q.orderBy('created_at').orderBy('id').execute();
}

/** Updates a pool (revision +1). False: no such row. */
/** false when no row matched: the pool is gone or, with `expectedRevision`, has another revision */
export async function updateSubnetpool(
  db: DbOrTrx,
  id: string,
  patch: Updateable<SubnetpoolsTable>,
  expectedRevision?: number,
): Promise<boolean> {
  let q = db
    .updateTable('subnetpools')
    .set(patch)
    .set((eb) => ({ revision_number: eb('revision_number', '+', 1) }))
    .where('id', '=', id);
  if (expectedRevision !== undefined) q = q.where('revision_number', '=', expectedRevision);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteSubnetpool(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db.deleteFrom('subnetpools').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** The CIDRs allocated from a pool (optionally only a project's). */
export async function cidrsOfPool(db: DbOrTrx, poolId: string, projectId?: string): Promise<string[]> {
  let q = db.selectFrom('subnets').select('cidr').where('subnetpool_id', '=', poolId);
  if (projectId !== undefined) q = q.where('project_id', '=', projectId);
  return (await q.execute()).map((r) => r.cidr);
}

export async function poolHasSubnets(db: DbOrTrx, poolId: string): Promise<boolean> {
  const r = await db.selectFrom('subnets').select('id').where('subnetpool_id', '=', poolId).limit(1).executeTakeFirst();
  return r !== undefined;
}

export async function insertAddressScope(db: DbOrTrx, row: Insertable<AddressScopesTable>): Promise<void> {
  await db.insertInto('address_scopes').values(row).execute();
}

export const findAddressScope = (db: DbOrTrx, id: string) =>
  db.selectFrom('address_scopes').selectAll().where('id', '=', id).executeTakeFirst();

export interface AddressScopeFilter {
  ids?: string[];
  names?: string[];
  projectIds?: string[];
  ipVersion?: number;
  shared?: number;
  visibleTo?: string | null;
}

export async function listAddressScopes(db: DbOrTrx, f: AddressScopeFilter): Promise<AddressScopeRow[]> {
  let q = db.selectFrom('address_scopes').selectAll();
  if (f.ids) q = q.where('id', 'in', list(f.ids));
  if (f.names) q = q.where('name', 'in', list(f.names));
  if (f.projectIds) q = q.where('project_id', 'in', list(f.projectIds));
  if (f.ipVersion !== undefined) q = q.where('ip_version', '=', f.ipVersion);
  if (f.shared !== undefined) q = q.where('shared', '=', f.shared);
  if (typeof f.visibleTo === 'string') {
    const p = f.visibleTo;
    q = q.where((eb) => eb.or([eb('project_id', '=', p), eb('shared', '=', 1)]));
  }
  return q.orderBy('created_at').orderBy('id').execute();
}

export async function updateAddressScope(
  db: DbOrTrx,
  id: string,
  patch: Updateable<AddressScopesTable>,
): Promise<boolean> {
  const r = await db.updateTable('address_scopes').set(patch).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Deletes a scope no pool uses; false when a pool is in it (or it is gone). */
export async function deleteAddressScopeIfUnused(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('address_scopes')
    .where('id', '=', id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('subnetpools').select('id').where('address_scope_id', '=', id))))
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/**
 * The scopes of the pools networks' subnets came from, per family (address_scope_db
 * _extend_network_dict_address_scope: a network is in the scope of its pool of that family).
 */
export async function scopesOfNetworks(
  db: DbOrTrx,
  networkIds: string[],
): Promise<Array<{ network_id: string; ip_version: number; address_scope_id: string | null }>> {
  return db
    .selectFrom('subnets')
    .innerJoin('subnetpools', 'subnetpools.id', 'subnets.subnetpool_id')
    .select(['subnets.network_id', 'subnetpools.ip_version', 'subnetpools.address_scope_id'])
    .where('subnets.network_id', 'in', list(networkIds))
    .execute();
}
