/**
 * image_data: the bytes uploaded with PUT /v2/images/{id}/file, in fixed-size chunks (seq 0, 1, …).
 * Chunks rather than one value per image because node-postgres reads bytea as a hex string
 * (twice the size) that V8 caps near 512 MiB, and because a download can then stream chunk by
 * chunk instead of holding the whole image in memory. An uploaded image always has chunk 0
 * (empty for a zero-byte image): "has data" is "chunk 0 exists".
 * The foreign key cascades, so deleting an image deletes its data in the same statement, and a
 * chunk written after a concurrent delete fails instead of leaving orphans.
 */
import type { Kysely } from 'kysely';
import { adapterOf } from '../dialects/adapter.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const binary = adapterOf(db).binaryColumnType;
  await db.schema
    .createTable('image_data')
    .addColumn('image_id', 'text', (c) => c.notNull().references('images.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', binary, (c) => c.notNull())
    .addPrimaryKeyConstraint('image_data_pk', ['image_id', 'seq'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('image_data').execute();
}
