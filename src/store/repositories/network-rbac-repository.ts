/** SQL for network RBAC policies (neutron/db/models/rbac_db_models.py NetworkRBAC). */
import type { Insertable, Selectable } from 'kysely';
import type { DbOrTrx } from '../database.js';
import type { NetworkRbacPoliciesTable } from '../tables/network-rbac-agents.table.js';

export type RbacPolicyRow = Selectable<NetworkRbacPoliciesTable>;

export interface RbacFilter {
  ids?: string[];
  /** only policies owned by this project; undefined = all (admin) */
  ownedBy?: string;
  projectIds?: string[];
  objectIds?: string[];
  actions?: string[];
  targetTenants?: string[];
  objectTypes?: string[];
}

export async function listRbacPolicies(db: DbOrTrx, f: RbacFilter): Promise<RbacPolicyRow[]> {
  let q = db.selectFrom('network_rbac_policies').selectAll();
  const inList = (v: string[]) => (v.length ? v : ['']);
  if (f.ids) q = q.where('id', 'in', inList(f.ids));
  if (f.ownedBy !== undefined) q = q.where('project_id', '=', f.ownedBy);
  if (f.projectIds) q = q.where('project_id', 'in', inList(f.projectIds));
  if (f.objectIds) q = q.where('object_id', 'in', inList(f.objectIds));
  if (f.actions) q = q.where('action', 'in', inList(f.actions));
  if (f.targetTenants) q = q.where('target_tenant', 'in', inList(f.targetTenants));
  if (f.objectTypes) q = q.where('object_type', 'in', inList(f.objectTypes));
  return q.orderBy('created_at').orderBy('id').execute();
}

export const findRbacPolicy = (db: DbOrTrx, id: string) =>
  db.selectFrom('network_rbac_policies').selectAll().where('id', '=', id).executeTakeFirst();

/** A duplicate (object, action, target) fails on the table's UNIQUE constraint. */
export const insertRbacPolicy = (db: DbOrTrx, row: Insertable<NetworkRbacPoliciesTable>) =>
  db.insertInto('network_rbac_policies').values(row).execute();

/** Inserts unless the (object, action, target) row exists (the policies a network's flags imply). */
export const ensureRbacPolicy = (db: DbOrTrx, row: Insertable<NetworkRbacPoliciesTable>) =>
  db
    .insertInto('network_rbac_policies')
    .values(row)
    .onConflict((oc) => oc.columns(['object_id', 'action', 'target_tenant']).doNothing())
    .execute();

export const updateRbacTarget = (db: DbOrTrx, id: string, targetTenant: string) =>
  db.updateTable('network_rbac_policies').set({ target_tenant: targetTenant }).where('id', '=', id).execute();

export const deleteRbacPolicy = (db: DbOrTrx, id: string) =>
  db.deleteFrom('network_rbac_policies').where('id', '=', id).execute();

export const deleteRbacPoliciesOf = (db: DbOrTrx, objectId: string, action: string, targetTenant?: string) => {
  let q = db.deleteFrom('network_rbac_policies').where('object_id', '=', objectId).where('action', '=', action);
  if (targetTenant !== undefined) q = q.where('target_tenant', '=', targetTenant);
  return q.execute();
};

/** How many policies of this action the network still has. */
export async function countRbacPolicies(db: DbOrTrx, objectId: string, action: string): Promise<number> {
  const r = await db
    .selectFrom('network_rbac_policies')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('object_id', '=', objectId)
    .where('action', '=', action)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Neutron's ensure_no_tenant_ports_on_network: whether a port on the network depends on the
 * access_as_shared policy for `target` being removed. For one project: its ports, unless a '*'
 * policy remains; for '*': ports of projects neither the owner nor covered by another policy.
 */
export async function portsDependOnSharing(
  db: DbOrTrx,
  networkId: string,
  ownerId: string,
  target: string,
): Promise<boolean> {
  let q = db.selectFrom('ports').select('id').where('network_id', '=', networkId);
  if (target === '*') {
    const others = await db
      .selectFrom('network_rbac_policies')
      .select('target_tenant')
      .where('object_id', '=', networkId)
      .where('action', '=', 'access_as_shared')
      .where('target_tenant', '!=', '*')
      .execute();
    q = q.where('project_id', 'not in', [ownerId, ...others.map((o) => o.target_tenant)]);
  } else {
    const wildcard = await db
      .selectFrom('network_rbac_policies')
      .select('id')
      .where('object_id', '=', networkId)
      .where('action', '=', 'access_as_shared')
      .where('target_tenant', '=', '*')
      .executeTakeFirst();
    if (wildcard) return false;
    q = q.where('project_id', '=', target);
  }
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}

/** Whether a router of some project other than the owner has its gateway on the network. */
export async function foreignGatewaysOn(db: DbOrTrx, networkId: string, ownerId: string): Promise<boolean> {
  const r = await db
    .selectFrom('routers')
    .select('id')
    .where('gw_network_id', '=', networkId)
    .where('project_id', '!=', ownerId)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}
