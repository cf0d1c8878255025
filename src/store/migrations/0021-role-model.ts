/**
 * Keystone's complete role model (keystone/assignment/role_backends/sql_model.py and
 * backends/sql_model.py):
 * - implied roles: a prior role implies another (keystone's implied_role table); a rule goes
 *   with either role;
 * - domain-specific roles: a role name is unique within its domain, global roles (domain_id
 *   NULL) among themselves, so the column-wide UNIQUE on roles.name becomes a unique index on
 *   (coalesce(domain_id, ''), name);
 * - system grants: a role held by a user or a group on the whole deployment (scope system all);
 * - inherited grants (OS-INHERIT): a role granted on a domain or a project that the projects
 *   below it inherit, to a user or a group.
 * In the grant tables exactly one of user_id / group_id is set (and, for inherited grants, one of
 * project_id / domain_id); the id is derived from the grant's parts, so concurrent identical
 * grants collide on the key.
 */
import { sql, type Kysely } from 'kysely';
import { adapterOf } from '../dialects/adapter.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await adapterOf(db).dropColumnUnique(db, 'roles', 'name');
  await sql`CREATE UNIQUE INDEX roles_domain_name_uq ON roles ((coalesce(domain_id, '')), name)`.execute(db);
  await db.schema
    .createTable('implied_roles')
    .addColumn('prior_role_id', 'text', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addColumn('implied_role_id', 'text', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('implied_roles_pk', ['prior_role_id', 'implied_role_id'])
    .execute();
  await db.schema
    .createTable('system_role_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.references('groups.id').onDelete('cascade'))
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .execute();
  await db.schema
    .createTable('inherited_role_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.references('groups.id').onDelete('cascade'))
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.references('projects.id').onDelete('cascade'))
    .addColumn('domain_id', 'text', (c) => c.references('domains.id').onDelete('cascade'))
    .execute();
  await db.schema
    .createIndex('inherited_role_assignments_user_idx')
    .on('inherited_role_assignments')
    .column('user_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('inherited_role_assignments').execute();
  await db.schema.dropTable('system_role_assignments').execute();
  await db.schema.dropTable('implied_roles').execute();
}
