/**
 * Nova's server groups (instance_groups, instance_group_policy, instance_group_member): one row
 * per group with its policy and 2.64 rules, one row per member. A server is a member of at most
 * one group (the unique instance_uuid).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('server_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('server_groups_project_idx').on('server_groups').column('project_id').execute();
  await db.schema
    .createTable('server_group_members')
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('instance_uuid', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('server_group_members_pk', ['group_id', 'instance_uuid'])
    .execute();
}
