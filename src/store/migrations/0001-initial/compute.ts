/** Migration 0001, compute tables (see ../0001-initial.ts). Part of applied history: never edit. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function computeTables(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('flavors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('vcpus', 'integer', (c) => c.notNull())
    .addColumn('ram', 'integer', (c) => c.notNull())
    .addColumn('disk', 'integer', (c) => c.notNull())
    .addColumn('ephemeral', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('swap', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rxtx_factor', 'real', (c) => c.notNull().defaultTo(1))
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('description', 'text')
    .addColumn('extra_specs', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('flavor_access')
    .addColumn('flavor_id', 'text', (c) => c.notNull().references('flavors.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('flavor_access_pk', ['flavor_id', 'project_id'])
    .execute();
  await db.schema
    .createTable('images')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('container_format', 'text')
    .addColumn('disk_format', 'text')
    .addColumn('min_disk', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('min_ram', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('size', 'bigint')
    .addColumn('virtual_size', 'bigint')
    .addColumn('checksum', 'text')
    .addColumn('os_hash_algo', 'text')
    .addColumn('os_hash_value', 'text')
    .addColumn('protected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('os_hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('properties', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('images_name_idx').on('images').column('name').execute();
  await db.schema
    .createTable('compute_hosts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull().unique())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('node', 'text', (c) => c.notNull().unique())
    .addColumn('availability_zone', 'text', (c) => c.notNull())
    .addColumn('hypervisor_type', 'text', (c) => c.notNull())
    .addColumn('host_ip', 'text', (c) => c.notNull())
    .addColumn('vcpus', 'integer', (c) => c.notNull())
    .addColumn('memory_mb', 'integer', (c) => c.notNull())
    .addColumn('local_gb', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('disabled_reason', 'text')
    .addColumn('agent_id', 'text')
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('instances')
    .addColumn('uuid', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('display_description', 'text')
    .addColumn('hostname', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('vm_state', 'text', (c) => c.notNull())
    .addColumn('task_state', 'text')
    .addColumn('power_state', 'integer', (c) => c.notNull())
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_by', 'text')
    .addColumn('locked_reason', 'text')
    .addColumn('host', 'text')
    .addColumn('node', 'text')
    .addColumn('availability_zone', 'text')
    .addColumn('requested_availability_zone', 'text')
    .addColumn('flavor_id', 'text', (c) => c.notNull())
    .addColumn('flavor', 'text', (c) => c.notNull())
    .addColumn('vcpus', 'integer', (c) => c.notNull())
    .addColumn('memory_mb', 'integer', (c) => c.notNull())
    .addColumn('root_gb', 'integer', (c) => c.notNull())
    .addColumn('image_ref', 'text', (c) => c.notNull())
    .addColumn('key_name', 'text')
    .addColumn('key_data', 'text')
    .addColumn('user_data', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('security_groups', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('reservation_id', 'text', (c) => c.notNull())
    .addColumn('launch_index', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('access_ip_v4', 'text')
    .addColumn('access_ip_v6', 'text')
    .addColumn('config_drive', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('disk_config', 'text', (c) => c.notNull().defaultTo('MANUAL'))
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fault', 'text')
    .addColumn('requested_networks', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('launched_at', 'text')
    .addColumn('terminated_at', 'text')
    .addColumn('deleted_at', 'text')
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // keyset pagination: (project, deleted, created_at desc, uuid desc)
  await db.schema
    .createIndex('instances_project_created_idx')
    .on('instances')
    .columns(['project_id', 'deleted', 'created_at', 'uuid'])
    .execute();
  await db.schema
    .createIndex('instances_created_idx')
    .on('instances')
    .columns(['deleted', 'created_at', 'uuid'])
    .execute();
  await db.schema.createIndex('instances_updated_idx').on('instances').column('updated_at').execute();
  await db.schema.createIndex('instances_host_idx').on('instances').columns(['host', 'deleted']).execute();
  await db.schema.createIndex('instances_reservation_idx').on('instances').column('reservation_id').execute();
  await db.schema
    .createTable('instance_tags')
    .addColumn('instance_uuid', 'text', (c) => c.notNull().references('instances.uuid').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('instance_tags_pk', ['instance_uuid', 'tag'])
    .execute();
  await db.schema.createIndex('instance_tags_tag_idx').on('instance_tags').column('tag').execute();
  await db.schema
    .createTable('instance_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_uuid', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('finish_time', 'text')
    .addColumn('message', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('instance_actions_req_uq', ['instance_uuid', 'request_id'])
    .execute();
  await db.schema
    .createTable('instance_action_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('action_id', 'text', (c) => c.notNull().references('instance_actions.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('finish_time', 'text')
    .addColumn('result', 'text')
    .addColumn('traceback', 'text')
    .addColumn('host', 'text')
    .addColumn('details', 'text')
    .execute();
  await db.schema
    .createIndex('instance_action_events_action_idx')
    .on('instance_action_events')
    .column('action_id')
    .execute();
  await db.schema
    .createTable('operations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('instance_uuid', 'text')
    .addColumn('host', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('request_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_by', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('run_after', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createIndex('operations_claim_idx')
    .on('operations')
    .columns(['status', 'host', 'run_after'])
    .execute();
  await db.schema
    .createIndex('operations_instance_idx')
    .on('operations')
    .columns(['instance_uuid', 'status'])
    .execute();
  await db.schema
    .createTable('keypairs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('keypairs_user_name_uq', ['user_id', 'name'])
    .execute();
  await db.schema
    .createTable('quotas')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('hard_limit', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('quotas_pk', ['project_id', 'resource'])
    .execute();
}
