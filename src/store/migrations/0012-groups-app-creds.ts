/**
 * Keystone groups (membership and role grants to a group, which its members hold) and
 * application credentials (keystone's application_credential table, with its roles and
 * access rules kept as JSON text beside it). The name is unique per user (a database constraint,
 * so two concurrent creates cannot both win); the secret is stored hashed only. Deleting the user
 * or the project removes the user's credentials on it, as Keystone does.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('application_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('description', 'text')
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('unrestricted', 'integer')
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('access_rules', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('application_credentials_user_name_uq', ['user_id', 'name'])
    .execute();
  await db.schema
    .createTable('groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('domain_id', 'text', (c) => c.notNull().references('domains.id'))
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('groups_domain_name_uq', ['domain_id', 'name'])
    .execute();
  await db.schema
    .createTable('group_memberships')
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('group_memberships_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('group_memberships_user_idx').on('group_memberships').column('user_id').execute();
  // like role_assignments, for a group: exactly one of project_id / domain_id is set; the id is
  // derived from (group, role, target), so concurrent identical grants collide on the key
  await db.schema
    .createTable('group_role_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.references('projects.id').onDelete('cascade'))
    .addColumn('domain_id', 'text', (c) => c.references('domains.id').onDelete('cascade'))
    .execute();
  await db.schema
    .createIndex('group_role_assignments_group_idx')
    .on('group_role_assignments')
    .column('group_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('group_role_assignments').execute();
  await db.schema.dropTable('group_memberships').execute();
  await db.schema.dropTable('groups').execute();
  await db.schema.dropTable('application_credentials').execute();
}
