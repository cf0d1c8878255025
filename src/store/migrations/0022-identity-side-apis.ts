/**
 * Keystone's side APIs as rows:
 * - credentials (keystone/credential/backends/sql.py): a blob of a type for a user, optionally on a
 *   project. No foreign keys: Keystone stores a credential for any user id it is given. An ec2
 *   credential's id is the sha256 of its access key, so the primary key makes a second one with
 *   the same access a conflict.
 * - access rules of application credentials (keystone's access_rule and
 *   application_credential_access_rule): one row per (user, service, path, method), shared by the
 *   user's credentials that name it and kept after they go; a rule still in use cannot be deleted
 *   (no cascade from the rule). The rules 0012 kept as JSON beside each credential move here.
 * - OAuth1 consumers (keystone/oauth1/backends/sql.py consumer): the secret is kept as is, since
 *   OAuth1 signs with it.
 * - domain configuration (keystone's whitelisted_config / sensitive_config): one row per
 *   (domain, group, option), the value as JSON text.
 * - policies (keystone/policy/backends/sql.py): a blob of a type.
 * - OS-EP-FILTER: endpoint groups (filters as JSON text) and their project associations, and
 *   direct project-endpoint associations; both go with the project, the endpoint, the group.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('extra', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('credentials_user_idx').on('credentials').column('user_id').execute();

  await db.schema
    .createTable('access_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('access_rules_user_rule_uq', ['user_id', 'service', 'path', 'method'])
    .execute();
  await db.schema
    .createTable('application_credential_access_rules')
    .addColumn('application_credential_id', 'text', (c) =>
      c.notNull().references('application_credentials.id').onDelete('cascade'),
    )
    .addColumn('access_rule_id', 'text', (c) => c.notNull().references('access_rules.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('application_credential_access_rules_pk', ['application_credential_id', 'access_rule_id'])
    .execute();
  await db.schema
    .createIndex('application_credential_access_rules_rule_idx')
    .on('application_credential_access_rules')
    .column('access_rule_id')
    .execute();
  // the rules 0012 kept beside each credential
  const creds = await sql<{ id: string; user_id: string; access_rules: string; created_at: string }>`
    select id, user_id, access_rules, created_at from application_credentials`.execute(db);
  for (const c of creds.rows) {
    const rules = JSON.parse(c.access_rules) as Array<{ id: string; service: string; path: string; method: string }>;
    let position = 0;
    for (const r of rules) {
      const existing = await sql<{ id: string }>`select id from access_rules where user_id = ${c.user_id}
        and service = ${r.service} and path = ${r.path} and method = ${r.method}`.execute(db);
      let ruleId = existing.rows[0]?.id;
      if (!ruleId) {
        ruleId = r.id;
        await sql`insert into access_rules (id, user_id, service, path, method, created_at)
          values (${r.id}, ${c.user_id}, ${r.service}, ${r.path}, ${r.method}, ${c.created_at})`.execute(db);
      }
      await sql`insert into application_credential_access_rules (application_credential_id, access_rule_id, position)
        values (${c.id}, ${ruleId}, ${position++})`.execute(db);
    }
  }

  await db.schema
    .createTable('oauth1_consumers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text')
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('extra', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('domain_configs')
    .addColumn('domain_id', 'text', (c) => c.notNull().references('domains.id').onDelete('cascade'))
    .addColumn('group_name', 'text', (c) => c.notNull())
    .addColumn('option_name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('sensitive', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('domain_configs_pk', ['domain_id', 'group_name', 'option_name'])
    .execute();

  await db.schema
    .createTable('policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('extra', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('endpoint_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('filters', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('project_endpoint_groups')
    .addColumn('endpoint_group_id', 'text', (c) => c.notNull().references('endpoint_groups.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('project_endpoint_groups_pk', ['endpoint_group_id', 'project_id'])
    .execute();
  await db.schema
    .createIndex('project_endpoint_groups_project_idx')
    .on('project_endpoint_groups')
    .column('project_id')
    .execute();
  await db.schema
    .createTable('project_endpoints')
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('catalog_endpoints.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('project_endpoints_pk', ['endpoint_id', 'project_id'])
    .execute();
  await db.schema.createIndex('project_endpoints_project_idx').on('project_endpoints').column('project_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'project_endpoints',
    'project_endpoint_groups',
    'endpoint_groups',
    'policies',
    'domain_configs',
    'oauth1_consumers',
    'application_credential_access_rules',
    'access_rules',
    'credentials',
  ])
    await db.schema.dropTable(t).execute();
}
