/**
 * Neutron's agent scheduler bindings (neutron/db/models/agent.py NetworkDhcpAgentBinding,
 * neutron/db/models/l3agent.py RouterL3AgentBinding): which DHCP agent hosts a network and which
 * L3 agent hosts a router.
 *
 * The primary key (resource, agent) decides a concurrent double add of the same pair; UNIQUE
 * (resource, binding_index) is Neutron's uniq_network_dhcp_agent_binding0network_id0binding_index
 * (and its router twin), which lets only dhcp_agents_per_network automatic bindings win a race.
 * Both go with their network, router or agent (ON DELETE CASCADE).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('network_dhcp_agent_bindings')
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('agent_id', 'text', (c) => c.notNull().references('network_agents.id').onDelete('cascade'))
    .addColumn('binding_index', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('network_dhcp_agent_bindings_pk', ['network_id', 'agent_id'])
    .addUniqueConstraint('network_dhcp_agent_bindings_index', ['network_id', 'binding_index'])
    .execute();
  await db.schema
    .createIndex('network_dhcp_agent_bindings_agent')
    .on('network_dhcp_agent_bindings')
    .column('agent_id')
    .execute();
  await db.schema
    .createTable('router_l3_agent_bindings')
    .addColumn('router_id', 'text', (c) => c.notNull().references('routers.id').onDelete('cascade'))
    .addColumn('agent_id', 'text', (c) => c.notNull().references('network_agents.id').onDelete('cascade'))
    .addColumn('binding_index', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('router_l3_agent_bindings_pk', ['router_id', 'agent_id'])
    .addUniqueConstraint('router_l3_agent_bindings_index', ['router_id', 'binding_index'])
    .execute();
  await db.schema
    .createIndex('router_l3_agent_bindings_agent')
    .on('router_l3_agent_bindings')
    .column('agent_id')
    .execute();
}
