/** Cinder's user messages (migration 0043): queries taking a DbOrTrx. */
import { sql } from 'kysely';
import type { DbOrTrx } from '../database.js';
import { keysetOrdered } from './keyset-order.js';
import type { VolumeMessagesTable } from '../tables/volumes.table.js';

export type MessageRow = VolumeMessagesTable;

/** the columns a list may filter and sort on (the model's own) */
export const MESSAGE_COLUMNS = [
  'id',
  'project_id',
  'request_id',
  'resource_type',
  'resource_uuid',
  'event_id',
  'message_level',
  'action_id',
  'detail_id',
  'created_at',
  'expires_at',
] as const;
export type MessageColumn = (typeof MESSAGE_COLUMNS)[number];

export interface MessageListFilter {
  /** null: every project (an admin) */
  projectId: string | null;
  /** only messages not yet expired at this time */
  now: string;
  /** column = value for each entry */
  equal: Partial<Record<MessageColumn, string>>;
  sortKey: MessageColumn;
  sortDir: 'asc' | 'desc';
  limit: number;
  offset: number;
  marker?: MessageRow;
}

export async function insertMessage(db: DbOrTrx, row: MessageRow): Promise<void> {
  await db.insertInto('volume_messages').values(row).execute();
}

/** the message if it has not expired at `now` */
export async function findMessage(db: DbOrTrx, id: string, now: string): Promise<MessageRow | undefined> {
  return db
    .selectFrom('volume_messages')
    .selectAll()
    .where('id', '=', id)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function listMessages(db: DbOrTrx, f: MessageListFilter): Promise<MessageRow[]> {
  let q = db.selectFrom('volume_messages').selectAll().where('expires_at', '>', f.now);
  if (f.projectId !== null) q = q.where('project_id', '=', f.projectId);
  for (const [k, v] of Object.entries(f.equal)) q = q.where(k as MessageColumn, '=', v);
  const key = f.sortKey === 'id' ? sql`id` : sql`coalesce(${sql.ref(f.sortKey)}, '')`;
  q = keysetOrdered(q, {
    key,
    dir: f.sortDir,
    after: f.marker ? { value: f.marker[f.sortKey] ?? '', id: f.marker.id } : undefined,
  });
  return q.limit(f.limit).offset(f.offset).execute();
}

export async function deleteMessage(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db.deleteFrom('volume_messages').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** cleanup_expired_messages: the rows whose guarantee ran out before `now` */
export async function deleteExpiredMessages(db: DbOrTrx, now: string): Promise<number> {
  const r = await db.deleteFrom('volume_messages').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
