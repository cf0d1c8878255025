/**
 * Neutron's L3 (router, ext-gw-mode, extraroute) and floating IPs.
 *
 * - `routers`: the router with its gateway (gw_port_id: the port on the external network,
 *   device_owner network:router_gateway) and its static routes (JSON [{destination, nexthop}]).
 * - `router_interfaces`: one row per (router, subnet) the router is plugged into; the primary key
 *   refuses a second interface on the same subnet, also when two requests add it at once. The
 *   port's foreign key cascades: the row goes with its port.
 * - `floating_ips`: the address lives on a port of the external network (device_owner
 *   network:floatingip); UNIQUE(floating_network_id, fixed_port_id, fixed_ip_address) keeps one
 *   floating IP per fixed IP per external network (NULLs, i.e. unassociated ones, never collide).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('routers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('admin_state_up', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('ACTIVE'))
    .addColumn('gw_port_id', 'text', (c) => c.references('ports.id').onDelete('set null'))
    .addColumn('gw_network_id', 'text')
    .addColumn('enable_snat', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('routes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('distributed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ha', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('revision_number', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('routers_project_idx').on('routers').column('project_id').execute();
  await db.schema
    .createTable('router_interfaces')
    .addColumn('router_id', 'text', (c) => c.notNull().references('routers.id'))
    .addColumn('subnet_id', 'text', (c) => c.notNull())
    .addColumn('port_id', 'text', (c) => c.notNull().references('ports.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('router_interfaces_pk', ['router_id', 'subnet_id'])
    .execute();
  await db.schema.createIndex('router_interfaces_port_idx').on('router_interfaces').column('port_id').execute();
  await db.schema.createIndex('router_interfaces_subnet_idx').on('router_interfaces').column('subnet_id').execute();
  await db.schema
    .createTable('floating_ips')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('floating_network_id', 'text', (c) => c.notNull())
    .addColumn('floating_ip_address', 'text', (c) => c.notNull())
    .addColumn('floating_port_id', 'text', (c) => c.notNull())
    .addColumn('fixed_port_id', 'text')
    .addColumn('fixed_ip_address', 'text')
    .addColumn('router_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('DOWN'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('revision_number', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('floating_ips_fixed_uq', ['floating_network_id', 'fixed_port_id', 'fixed_ip_address'])
    .execute();
  await db.schema.createIndex('floating_ips_project_idx').on('floating_ips').column('project_id').execute();
  await db.schema.createIndex('floating_ips_fixed_port_idx').on('floating_ips').column('fixed_port_id').execute();
  await db.schema.createIndex('floating_ips_router_idx').on('floating_ips').column('router_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('floating_ips').execute();
  await db.schema.dropTable('router_interfaces').execute();
  await db.schema.dropTable('routers').execute();
}
