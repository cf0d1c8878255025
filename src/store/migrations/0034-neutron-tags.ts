/**
 * Neutron's tags (standard-attr-tag; neutron/db/models/tag.py): strings on networks, subnets,
 * ports, routers, floating IPs, security groups and subnet pools. Neutron keys a tag by its
 * resource's standard attribute row, which cascades; stackbox has no such row, so each tag carries
 * its resource in the one foreign-key column of its type (ON DELETE CASCADE: a resource's tags go
 * with it however it is deleted), and UNIQUE(resource_type, resource_id, tag) lets the database
 * decide two concurrent adds of one tag.
 */
import { sql, type Kysely } from 'kysely';

/** the foreign-key column of each tagged table */
const PARENTS = [
  ['network_id', 'networks'],
  ['subnet_id', 'subnets'],
  ['port_id', 'ports'],
  ['router_id', 'routers'],
  ['floatingip_id', 'floating_ips'],
  ['security_group_id', 'security_groups'],
  ['subnetpool_id', 'subnetpools'],
] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  let table = db.schema
    .createTable('neutron_tags')
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull());
  for (const [column, parent] of PARENTS) {
    table = table.addColumn(column, 'text', (c) => c.references(`${parent}.id`).onDelete('cascade'));
  }
  await table
    .addUniqueConstraint('neutron_tags_resource_tag', ['resource_type', 'resource_id', 'tag'])
    // the foreign key set is the resource's own, so the cascade removes exactly its tags
    .addCheckConstraint(
      'neutron_tags_parent',
      sql`resource_id = coalesce(${sql.join(PARENTS.map(([c]) => sql.ref(c)))})`,
    )
    .execute();
  // the cascades look tags up by parent
  for (const [column] of PARENTS) {
    await db.schema.createIndex(`neutron_tags_${column}_idx`).on('neutron_tags').column(column).execute();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('neutron_tags').execute();
}
