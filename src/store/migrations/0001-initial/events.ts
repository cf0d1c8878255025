/** Migration 0001, events tables (see ../0001-initial.ts). Part of applied history: never edit. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function eventsTables(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('server_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_uuid', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tag', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('code', 'integer', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('consumed_by', 'text')
    .addColumn('consumed_at', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('host', 'text')
    .execute();
  await db.schema
    .createIndex('server_events_instance_idx')
    .on('server_events')
    .columns(['instance_uuid', 'name', 'tag'])
    .execute();
  await db.schema
    .createIndex('server_events_delivery_idx')
    .on('server_events')
    .columns(['host', 'delivered_at'])
    .execute();
  await db.schema
    .createTable('event_waits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_uuid', 'text', (c) => c.notNull())
    .addColumn('operation_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tag', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('event_id', 'text')
    .execute();
  await db.schema
    .createIndex('event_waits_instance_idx')
    .on('event_waits')
    .columns(['instance_uuid', 'state'])
    .execute();
  await db.schema
    .createTable('emulator_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('match', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('remaining', 'integer')
    .addColumn('probability', 'real', (c) => c.notNull().defaultTo(1))
    .addColumn('expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
