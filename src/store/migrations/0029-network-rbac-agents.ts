/**
 * Neutron's network RBAC policies (neutron/db/models/rbac_db_models.py NetworkRBAC), its agents
 * (neutron/db/models/agent.py Agent) and the availability zone hints of networks and routers
 * (network_availability_zone, router_availability_zone).
 *
 * UNIQUE(object_id, action, target_tenant) is Neutron's own constraint
 * (uniq_networkrbacs0tenant_target0object_id0action): concurrent duplicates are decided by it.
 * UNIQUE(agent_type, host) likewise (uniq_agents0agent_type0host).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('network_rbac_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_tenant', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('network_rbac_policies_object_action_target', ['object_id', 'action', 'target_tenant'])
    .execute();
  await db.schema
    .createIndex('network_rbac_policies_target')
    .on('network_rbac_policies')
    .columns(['target_tenant', 'object_id'])
    .execute();

  // the policies Neutron keeps for networks created shared or external before this migration
  const flagged = await db
    .selectFrom('networks')
    .select(['id', 'project_id', 'shared', 'router_external', 'created_at'])
    .where((eb) => eb.or([eb('shared', '=', 1), eb('router_external', '=', 1)]))
    .execute();
  for (const n of flagged) {
    for (const [flag, action] of [
      [n.shared, 'access_as_shared'],
      [n.router_external, 'access_as_external'],
    ] as const) {
      if (Number(flag) !== 1) continue;
      await db
        .insertInto('network_rbac_policies')
        .values({
          id: randomUUID(),
          project_id: n.project_id,
          object_type: 'network',
          object_id: n.id,
          action,
          target_tenant: '*',
          created_at: n.created_at,
        })
        .execute();
    }
  }

  await db.schema
    .createTable('network_agents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agent_type', 'text', (c) => c.notNull())
    .addColumn('binary', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('availability_zone', 'text', (c) => c.notNull())
    .addColumn('admin_state_up', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    // DELETE /agents/{id}: hidden until the host next heartbeats (a real agent re-registers)
    .addColumn('deleted_at', 'text')
    .addUniqueConstraint('network_agents_type_host', ['agent_type', 'host'])
    .execute();

  await db.schema
    .alterTable('networks')
    .addColumn('availability_zone_hints', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('routers')
    .addColumn('availability_zone_hints', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}
