/**
 * image_members: the projects an image with visibility 'shared' is shared with (Glance's
 * image_members table without its soft delete). The primary key (image_id, member_id) is what
 * makes a second POST of the same member Glance's 409, even when two requests race; the foreign
 * key cascades, so deleting an image removes its memberships in the same statement.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('image_members')
    .addColumn('image_id', 'text', (c) => c.notNull().references('images.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull())
    /** pending | accepted | rejected */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('image_members_pk', ['image_id', 'member_id'])
    .execute();
  // the images list joins memberships by the caller's project
  await db.schema.createIndex('image_members_member_idx').on('image_members').columns(['member_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('image_members').execute();
}
