/**
 * Security groups become writable (Neutron's security-group extension): groups gain updated_at
 * and `stateful`; rules get their table, with UNIQUE(security_group_id, rule_key) so that two
 * identical rules created at once cannot both be stored (rule_key is Neutron's _rule_to_key);
 * ports' groups get a binding table whose foreign key keeps a group in use from being deleted
 * (ports.security_groups stays the JSON list the views read, written together with the bindings).
 * Ports gain allowed_address_pairs (JSON [{ip_address, mac_address}], allowed-address-pairs).
 *
 * Existing data: every port's groups are bound, and every group gets the rules Neutron would have
 * given it at creation (egress IPv4/IPv6; a default group also ingress from itself).
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { initialRules, ruleKey } from '../../domain/ports/security-group-rules.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('security_groups')
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('security_groups')
    .addColumn('stateful', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('security_groups_project_idx').on('security_groups').column('project_id').execute();
  await db.schema
    .createTable('security_group_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('security_group_id', 'text', (c) => c.notNull().references('security_groups.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('ethertype', 'text', (c) => c.notNull())
    .addColumn('protocol', 'text')
    .addColumn('port_range_min', 'integer')
    .addColumn('port_range_max', 'integer')
    .addColumn('remote_ip_prefix', 'text')
    .addColumn('remote_group_id', 'text', (c) => c.references('security_groups.id').onDelete('cascade'))
    .addColumn('remote_address_group_id', 'text')
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rule_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('revision_number', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('security_group_rules_key_uq', ['security_group_id', 'rule_key'])
    .execute();
  await db.schema
    .createIndex('security_group_rules_remote_group_idx')
    .on('security_group_rules')
    .column('remote_group_id')
    .execute();
  await db.schema
    .alterTable('ports')
    .addColumn('allowed_address_pairs', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .createTable('port_security_group_bindings')
    .addColumn('port_id', 'text', (c) => c.notNull().references('ports.id').onDelete('cascade'))
    // no cascade: a group a port uses cannot be deleted (SecurityGroupInUse)
    .addColumn('security_group_id', 'text', (c) => c.notNull().references('security_groups.id'))
    .addPrimaryKeyConstraint('port_security_group_bindings_pk', ['port_id', 'security_group_id'])
    .execute();
  await db.schema
    .createIndex('port_security_group_bindings_group_idx')
    .on('port_security_group_bindings')
    .column('security_group_id')
    .execute();

  const groups = await sql<{ id: string; project_id: string; name: string; created_at: string }>`
    SELECT id, project_id, name, created_at FROM security_groups`.execute(db);
  for (const g of groups.rows) {
    await sql`UPDATE security_groups SET updated_at = ${g.created_at} WHERE id = ${g.id}`.execute(db);
    for (const r of initialRules(g.id, g.name === 'default')) {
      await sql`INSERT INTO security_group_rules
        (id, security_group_id, project_id, direction, ethertype, remote_group_id, description, rule_key,
         created_at, updated_at, revision_number)
        VALUES (${randomUUID()}, ${g.id}, ${g.project_id}, ${r.direction}, ${r.ethertype}, ${r.remoteGroupId},
         '', ${ruleKey(g.id, r)}, ${g.created_at}, ${g.created_at}, 0)`.execute(db);
    }
  }
  const ports = await sql<{ id: string; security_groups: string }>`
    SELECT id, security_groups FROM ports`.execute(db);
  const known = new Set(groups.rows.map((g) => g.id));
  for (const p of ports.rows) {
    const ids = new Set(JSON.parse(p.security_groups) as string[]);
    for (const id of ids) {
      if (!known.has(id)) continue;
      await sql`INSERT INTO port_security_group_bindings (port_id, security_group_id)
        VALUES (${p.id}, ${id})`.execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('port_security_group_bindings').execute();
  await db.schema.dropTable('security_group_rules').execute();
  await db.schema.alterTable('ports').dropColumn('allowed_address_pairs').execute();
  await db.schema.dropIndex('security_groups_project_idx').execute();
  await db.schema.alterTable('security_groups').dropColumn('stateful').execute();
  await db.schema.alterTable('security_groups').dropColumn('updated_at').execute();
}
