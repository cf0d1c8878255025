/** SQL for Neutron's tags (migration 0034). */
import type { DbOrTrx } from '../database.js';
import type { NeutronTagsTable } from '../tables/neutron-tags.table.js';

/** Neutron's collection names of the resources tags go on */
export type TaggedType =
  'networks' | 'subnets' | 'ports' | 'routers' | 'floatingips' | 'security_groups' | 'subnetpools';

/** where each type lives: its table, and the tag row's foreign-key column */
const PARENT = {
  networks: { table: 'networks', column: 'network_id' },
  subnets: { table: 'subnets', column: 'subnet_id' },
  ports: { table: 'ports', column: 'port_id' },
  routers: { table: 'routers', column: 'router_id' },
  floatingips: { table: 'floating_ips', column: 'floatingip_id' },
  security_groups: { table: 'security_groups', column: 'security_group_id' },
  subnetpools: { table: 'subnetpools', column: 'subnetpool_id' },
} as const satisfies Record<TaggedType, { table: string; column: keyof NeutronTagsTable }>;

/** SQLite's limit on bound parameters is the lowest: ids are asked for in chunks below it */
const CHUNK = 500;

/** The tags of these resources, as (resource_id, tag) rows; every resource of the type without `ids`. */
export async function listTags(
  db: DbOrTrx,
  type: TaggedType,
  ids?: string[],
): Promise<Array<{ resource_id: string; tag: string }>> {
  const base = db.selectFrom('neutron_tags').select(['resource_id', 'tag']).where('resource_type', '=', type);
  if (!ids) return base.execute();
  const out: Array<{ resource_id: string; tag: string }> = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    out.push(...(await base.where('resource_id', 'in', ids.slice(i, i + CHUNK)).execute()));
  }
  return out;
}

/** Adds one tag; false when it was there already (the UNIQUE key decides, also between concurrent adds). */
export async function insertTag(db: DbOrTrx, type: TaggedType, id: string, tag: string): Promise<boolean> {
  const res = await db
    .insertInto('neutron_tags')
    .values({ resource_type: type, resource_id: id, tag, [PARENT[type].column]: id })
    .onConflict((oc) => oc.columns(['resource_type', 'resource_id', 'tag']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Removes these tags of a resource (all without `tags`); how many went. */
export async function deleteTags(db: DbOrTrx, type: TaggedType, id: string, tags?: string[]): Promise<number> {
  let q = db.deleteFrom('neutron_tags').where('resource_type', '=', type).where('resource_id', '=', id);
  if (tags) {
    if (tags.length === 0) return 0;
    q = q.where('tag', 'in', tags);
  }
  const res = await q.executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** The resource's revision_number +1 and updated_at, as Neutron's revision plugin does for a tag change. */
export async function bumpRevision(db: DbOrTrx, type: TaggedType, id: string, at: string): Promise<void> {
  await db
    .updateTable(PARENT[type].table)
    .set((eb) => ({ revision_number: eb('revision_number', '+', 1), updated_at: at }))
    .where('id', '=', id)
    .execute();
}
