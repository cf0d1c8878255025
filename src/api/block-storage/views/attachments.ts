/** Cinder's attachment views (cinder/api/v3/views/attachments.py) and the volume view's `attachments`. */
import type { AttachmentRow } from '../../../services/block-storage/attachment-service.js';
import { cinderTime } from './volumes.js';

export function attachmentSummary(a: AttachmentRow): Record<string, unknown> {
  return { id: a.id, status: a.attach_status, instance: a.instance_uuid, volume_id: a.volume_id };
}

/** timestamps print '' when unset (the view's _normalize) */
export function attachmentDetail(a: AttachmentRow): Record<string, unknown> {
  return {
    ...attachmentSummary(a),
    attached_at: cinderTime(a.attach_time) ?? '',
    detached_at: cinderTime(a.detach_time) ?? '',
    attach_mode: a.attach_mode,
    connection_info: a.connection_info === null ? {} : (JSON.parse(a.connection_info) as Record<string, unknown>),
  };
}

/** views/volumes.py _get_attachments: the attached records; host_name only for admins */
export function volumeAttachmentsView(rows: AttachmentRow[], isAdmin: boolean): Record<string, unknown>[] {
  return rows
    .filter((a) => a.attach_status === 'attached')
    .map((a) => ({
      id: a.volume_id,
      attachment_id: a.id,
      volume_id: a.volume_id,
      server_id: a.instance_uuid,
      host_name: isAdmin ? a.attached_host : null,
      device: a.mountpoint,
      attached_at: cinderTime(a.attach_time),
    }));
}
