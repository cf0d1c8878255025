/** compute_hosts.capabilities: the JSON DriverCapabilities the owning agent's driver publishes. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('compute_hosts')
    .addColumn('capabilities', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
}
