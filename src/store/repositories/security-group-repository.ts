/** SQL for security groups, their rules and the ports' group bindings (Neutron's security-group data). */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DbOrTrx } from '../database.js';
import type {
  SecurityGroupsTable,
  SecurityGroupRulesTable,
  PortSecurityGroupBindingsTable,
} from '../tables/networks.table.js';

export type SecurityGroupRow = Selectable<SecurityGroupsTable>;
export type SecurityGroupRuleRow = Selectable<SecurityGroupRulesTable>;
export type PortSecurityGroupBindingRow = Selectable<PortSecurityGroupBindingsTable>;

const list = (v: string[]) => (v.length ? v : ['']);

/** Inserts a group; false when its id exists already (the default group's id is derived, racing creators agree). */
export async function insertSecurityGroup(db: DbOrTrx, row: Insertable<SecurityGroupsTable>): Promise<boolean> {
  const r = await db
    .insertInto('security_groups')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export const findSecurityGroup = (db: DbOrTrx, id: string) =>
  db.selectFrom('security_groups').selectAll().where('id', '=', id).executeTakeFirst();

/**
 * Updates a group; with `expectedRevision` only while the group still has that revision (If-Match).
 * False when no row changed.
 */
export async function updateSecurityGroup(
  db: DbOrTrx,
  id: string,
  patch: Updateable<SecurityGroupsTable>,
  expectedRevision?: number,
): Promise<boolean> {
  let q = db
    .updateTable('security_groups')
    .set(patch)
    .set((eb) => ({ revision_number: eb('revision_number', '+', 1) }))
    .where('id', '=', id);
  if (expectedRevision !== undefined) q = q.where('revision_number', '=', expectedRevision);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Bumps a group's revision (a rule was added or removed, as Neutron's revision plugin does). */
export const bumpSecurityGroup = (db: DbOrTrx, id: string, at: string) =>
  db
    .updateTable('security_groups')
    .set((eb) => ({ revision_number: eb('revision_number', '+', 1), updated_at: at }))
    .where('id', '=', id)
    .execute();

/** True when a port is bound to the group. */
export async function securityGroupInUse(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db
    .selectFrom('port_security_group_bindings')
    .select('port_id')
    .where('security_group_id', '=', id)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * Deletes a group and its rules (and the rules of other groups naming it as their remote group).
 * A port bound meanwhile makes the delete fail on the bindings' foreign key.
 */
export async function deleteSecurityGroup(db: DbOrTrx, id: string, expectedRevision?: number): Promise<boolean> {
  await db
    .deleteFrom('security_group_rules')
    .where((eb) => eb.or([eb('security_group_id', '=', id), eb('remote_group_id', '=', id)]))
    .execute();
  let q = db.deleteFrom('security_groups').where('id', '=', id);
  if (expectedRevision !== undefined) q = q.where('revision_number', '=', expectedRevision);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export interface RuleFilter {
  ids?: string[];
  securityGroupIds?: string[];
  /** rules of these projects' groups or owned by these projects */
  visibleTo?: string;
  projectIds?: string[];
  directions?: string[];
  ethertypes?: string[];
  protocols?: string[];
  remoteGroupIds?: string[];
  remoteIpPrefixes?: string[];
  descriptions?: string[];
}

export async function listRules(db: DbOrTrx, f: RuleFilter): Promise<SecurityGroupRuleRow[]> {
  let q = db.selectFrom('security_group_rules').selectAll();
  if (f.ids) q = q.where('id', 'in', list(f.ids));
  if (f.securityGroupIds) q = q.where('security_group_id', 'in', list(f.securityGroupIds));
  if (f.projectIds) q = q.where('project_id', 'in', list(f.projectIds));
  if (f.directions) q = q.where('direction', 'in', list(f.directions));
  if (f.ethertypes) q = q.where('ethertype', 'in', list(f.ethertypes));
  if (f.protocols) q = q.where('protocol', 'in', list(f.protocols));
  if (f.remoteGroupIds) q = q.where('remote_group_id', 'in', list(f.remoteGroupIds));
  if (f.remoteIpPrefixes) q = q.where('remote_ip_prefix', 'in', list(f.remoteIpPrefixes));
  if (f.descriptions) q = q.where('description', 'in', list(f.descriptions));
  const visible = f.visibleTo;
  if (visible !== undefined) {
    q = q.where((eb) =>
      eb.or([
        eb('project_id', '=', visible),
        eb('security_group_id', 'in', db.selectFrom('security_groups').select('id').where('project_id', '=', visible)),
      ]),
    );
  }
  // rules made in one request share created_at: IPv4 before IPv6, as Neutron inserts (and answers)
  // a new group's egress pair, not the order of their random ids
  return q.orderBy('created_at').orderBy('ethertype').orderBy('id').execute();
}

export const findRule = (db: DbOrTrx, id: string) =>
  db.selectFrom('security_group_rules').selectAll().where('id', '=', id).executeTakeFirst();

/** The rule already holding this key in the group (the winner of a duplicate). */
export const findRuleByKey = (db: DbOrTrx, securityGroupId: string, key: string) =>
  db
    .selectFrom('security_group_rules')
    .selectAll()
    .where('security_group_id', '=', securityGroupId)
    .where('rule_key', '=', key)
    .executeTakeFirst();

/**
 * Inserts a rule unless the group has one with the same key: UNIQUE(security_group_id, rule_key)
 * decides, and ON CONFLICT DO NOTHING leaves the caller's transaction usable. False: duplicate.
 */
export async function insertRule(db: DbOrTrx, row: Insertable<SecurityGroupRulesTable>): Promise<boolean> {
  const r = await db
    .insertInto('security_group_rules')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function deleteRule(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db.deleteFrom('security_group_rules').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Binds a port that has no bindings yet. */
export async function insertPortSecurityGroupBindings(db: DbOrTrx, portId: string, groupIds: string[]): Promise<void> {
  if (groupIds.length === 0) return;
  await db
    .insertInto('port_security_group_bindings')
    .values(groupIds.map((g) => ({ port_id: portId, security_group_id: g })))
    .execute();
}

/** Replaces a port's bindings with these groups. */
export async function bindPortSecurityGroups(db: DbOrTrx, portId: string, groupIds: string[]): Promise<void> {
  await db.deleteFrom('port_security_group_bindings').where('port_id', '=', portId).execute();
  await insertPortSecurityGroupBindings(db, portId, groupIds);
}

export const unbindPortSecurityGroups = (db: DbOrTrx, portId: string) =>
  db.deleteFrom('port_security_group_bindings').where('port_id', '=', portId).execute();
