/** Migration 0001, network tables (see ../0001-initial.ts). Part of applied history: never edit. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function networkTables(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('networks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('router_external', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('admin_state_up', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('mtu', 'integer', (c) => c.notNull().defaultTo(1500))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('subnets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ip_version', 'integer', (c) => c.notNull())
    .addColumn('cidr', 'text', (c) => c.notNull())
    .addColumn('gateway_ip', 'text')
    .addColumn('allocation_pools', 'text', (c) => c.notNull())
    .addColumn('enable_dhcp', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('dns_nameservers', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('host_routes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('ipv6_ra_mode', 'text')
    .addColumn('ipv6_address_mode', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subnets_network_idx').on('subnets').column('network_id').execute();
  await db.schema
    .createTable('ports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('mac_address', 'text', (c) => c.notNull())
    .addColumn('admin_state_up', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('device_owner', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('binding_host_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('binding_vif_type', 'text', (c) => c.notNull().defaultTo('unbound'))
    .addColumn('binding_vnic_type', 'text', (c) => c.notNull().defaultTo('normal'))
    .addColumn('binding_profile', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('security_groups', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('port_security_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ports_network_mac_uq', ['network_id', 'mac_address'])
    .execute();
  await db.schema.createIndex('ports_device_idx').on('ports').column('device_id').execute();
  await db.schema
    .createTable('ip_allocations')
    .addColumn('network_id', 'text', (c) => c.notNull())
    .addColumn('subnet_id', 'text', (c) => c.notNull().references('subnets.id'))
    .addColumn('ip_address', 'text', (c) => c.notNull())
    .addColumn('port_id', 'text', (c) => c.notNull().references('ports.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('ip_allocations_pk', ['network_id', 'ip_address'])
    .execute();
  await db.schema.createIndex('ip_allocations_port_idx').on('ip_allocations').column('port_id').execute();
  await db.schema
    .createIndex('ip_allocations_subnet_idx')
    .on('ip_allocations')
    .columns(['subnet_id', 'ip_address'])
    .execute();
  await db.schema
    .createTable('security_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('virtual_interfaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_uuid', 'text', (c) => c.notNull())
    .addColumn('port_id', 'text', (c) => c.notNull().unique())
    .addColumn('network_id', 'text', (c) => c.notNull())
    .addColumn('mac_address', 'text', (c) => c.notNull())
    .addColumn('tag', 'text')
    .addColumn('created_by_compute', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('virtual_interfaces_instance_idx')
    .on('virtual_interfaces')
    .column('instance_uuid')
    .execute();
}
