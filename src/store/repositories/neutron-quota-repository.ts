/**
 * Neutron's quota rows (neutron/objects/quota.py Quota) and the usage counts its quota engine
 * compares them with. Writes are upserts on the primary key, so concurrent updates cannot collide.
 */
import type { DbOrTrx } from '../database.js';

export interface NeutronQuotaRow {
  project_id: string;
  resource: string;
  hard_limit: number;
}

/** one project's rows (resource → limit) */
export async function neutronLimitRows(db: DbOrTrx, projectId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('neutron_quotas')
    .select(['resource', 'hard_limit'])
    .where('project_id', '=', projectId)
    .execute();
  return new Map(rows.map((r) => [r.resource, Number(r.hard_limit)]));
}

/** every row, by project then resource (GET /v2.0/quotas lists the projects that have one) */
export async function allNeutronLimitRows(db: DbOrTrx): Promise<NeutronQuotaRow[]> {
  const rows = await db.selectFrom('neutron_quotas').selectAll().orderBy('project_id').orderBy('resource').execute();
  return rows.map((r) => ({ ...r, hard_limit: Number(r.hard_limit) }));
}

export async function upsertNeutronLimit(
  db: DbOrTrx,
  projectId: string,
  resource: string,
  limit: number,
): Promise<void> {
  await db
    .insertInto('neutron_quotas')
    .values({ project_id: projectId, resource, hard_limit: limit })
    .onConflict((oc) => oc.columns(['project_id', 'resource']).doUpdateSet({ hard_limit: limit }))
    .execute();
}

/** deletes a project's rows; how many there were */
export async function deleteNeutronLimits(db: DbOrTrx, projectId: string): Promise<number> {
  const r = await db.deleteFrom('neutron_quotas').where('project_id', '=', projectId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** the tables whose rows count against each counted resource (all carry project_id) */
const COUNTED = {
  network: 'networks',
  subnet: 'subnets',
  subnetpool: 'subnetpools',
  port: 'ports',
  router: 'routers',
  floatingip: 'floating_ips',
  rbac_policy: 'network_rbac_policies',
  security_group: 'security_groups',
  security_group_rule: 'security_group_rules',
} as const;
export type CountedResource = keyof typeof COUNTED;
export const COUNTED_RESOURCES = Object.keys(COUNTED) as CountedResource[];

/** how many rows of a resource a project owns */
export async function countOwned(db: DbOrTrx, projectId: string, resource: CountedResource): Promise<number> {
  const r = await db
    .selectFrom(COUNTED[resource])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
