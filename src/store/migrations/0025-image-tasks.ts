/**
 * image_tasks: Glance's tasks table (without its soft delete), one row per interoperable image
 * import (type api_image_import). The import's work item is an `image_import` operation written
 * in the same transaction as the task and the image's move to 'importing'. Tasks outlive their
 * image (Glance keeps them until they expire), so image_id has no foreign key.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('image_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    /** pending | processing | success | failure */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('image_id', 'text')
    .addColumn('request_id', 'text')
    .addColumn('user_id', 'text')
    /** JSON object */
    .addColumn('input', 'text', (c) => c.notNull())
    /** JSON object or null */
    .addColumn('result', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema.createIndex('image_tasks_image_idx').on('image_tasks').columns(['image_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('image_tasks').execute();
}
