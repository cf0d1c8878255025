/**
 * server_events_delivery_idx (host, delivered_at) served the per-host delivery SELECT that the
 * batched UPDATE … RETURNING by event id replaced (repositories/event-delivery-queries.ts): no
 * query reads it any more, and every event INSERT and delivered-mark UPDATE paid for it.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('server_events_delivery_idx').ifExists().execute();
}
