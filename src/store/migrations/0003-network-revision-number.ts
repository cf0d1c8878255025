/**
 * Neutron's standard attribute revision_number on networks, subnets, ports and security groups
 * (bumped on every change; clients use it for If-Match), and the per-network
 * port_security_enabled default that ports inherit (port-security extension).
 */
import type { Kysely } from 'kysely';

const TABLES = ['networks', 'subnets', 'ports', 'security_groups'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const t of TABLES) {
    await db.schema
      .alterTable(t)
      .addColumn('revision_number', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  }
  await db.schema
    .alterTable('networks')
    .addColumn('port_security_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('networks').dropColumn('port_security_enabled').execute();
  for (const t of TABLES) await db.schema.alterTable(t).dropColumn('revision_number').execute();
}
