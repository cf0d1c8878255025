/**
 * Cinder's user messages (cinder/message/api.py): what asynchronous work that failed tells the
 * project that asked for it. A message is recorded in the transaction of the failure it
 * describes and kept until its guarantee runs out (message_ttl); expired ones are no longer
 * shown and are reaped whenever a new one is recorded (Cinder's periodic cleanup).
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import type { DbOrTrx } from '../../store/database.js';
import { newUuid } from '../../lib/ids.js';
import { messageNotFound } from '../../domain/volumes/errors.js';
import { eventId, MESSAGE_TTL_SECONDS } from '../../domain/volumes/message-fields.js';
import {
  deleteExpiredMessages,
  deleteMessage,
  findMessage,
  insertMessage,
  listMessages,
  type MessageColumn,
  type MessageListFilter,
  type MessageRow,
} from '../../store/repositories/volume-message-repository.js';

export type { MessageRow, MessageColumn };
export { MESSAGE_COLUMNS } from '../../store/repositories/volume-message-repository.js';

export interface NewMessage {
  projectId: string;
  requestId: string | null;
  resourceType: string;
  resourceUuid: string | null;
  action: { id: string };
  detail: { id: string };
  level?: string;
}

/** message_api.create: one ERROR message (by default), guaranteed for message_ttl from `now` */
export async function recordMessage(db: DbOrTrx, m: NewMessage, now: Date): Promise<MessageRow> {
  const at = now.toISOString();
  await deleteExpiredMessages(db, at);
  const row: MessageRow = {
    id: newUuid(),
    project_id: m.projectId,
    request_id: m.requestId,
    resource_type: m.resourceType,
    resource_uuid: m.resourceUuid,
    event_id: eventId(m.resourceType, m.action.id, m.detail.id),
    message_level: m.level ?? 'ERROR',
    action_id: m.action.id,
    detail_id: m.detail.id,
    created_at: at,
    expires_at: new Date(now.getTime() + MESSAGE_TTL_SECONDS * 1000).toISOString(),
  };
  await insertMessage(db, row);
  return row;
}

export type MessageListQuery = Omit<MessageListFilter, 'projectId' | 'now' | 'marker'> & { marker?: string };

export class MessageService {
  constructor(private readonly rt: Runtime) {}

  private now(): string {
    return this.rt.clock().toISOString();
  }

  /** message_get with project_only: an admin reads any project's, others their own */
  async get(ctx: RequestContext, id: string): Promise<MessageRow> {
    const m = await findMessage(this.rt.store.db, id, this.now());
    if (!m || !(ctx.isAdmin || m.project_id === ctx.projectId)) throw messageNotFound(id);
    return m;
  }

  async list(ctx: RequestContext, q: MessageListQuery): Promise<MessageRow[]> {
    if (!ctx.isAdmin && ctx.projectId === null) return [];
    const marker = q.marker === undefined ? undefined : await this.get(ctx, q.marker);
    return listMessages(this.rt.store.db, {
      ...q,
      projectId: ctx.isAdmin ? null : ctx.projectId,
      now: this.now(),
      marker,
    });
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const m = await this.get(ctx, id);
    if (!(await deleteMessage(this.rt.store.db, m.id))) throw messageNotFound(id);
  }
}
