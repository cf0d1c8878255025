/**
 * Neutron's quota limits (neutron/db/quota/models.py Quota): one row per project and resource that
 * an admin set through PUT /v2.0/quotas/{project_id}; a project without rows has the configured
 * defaults. Kept apart from Nova's `quotas` table: the two services name their resources differently
 * and DELETE of one service's quotas must not reset the other's.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('neutron_quotas')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('hard_limit', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('neutron_quotas_pk', ['project_id', 'resource'])
    .execute();
}
