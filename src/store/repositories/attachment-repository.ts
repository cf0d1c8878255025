/** Cinder's volume attachments and Nova's block device mappings (migration 0026). */
import type { DbOrTrx } from '../database.js';
import type { BlockDeviceMappingsTable, VolumeAttachmentsTable } from '../tables/volume-attachments.table.js';

export type AttachmentRow = VolumeAttachmentsTable;
export type BdmRow = BlockDeviceMappingsTable;

// ---- Cinder attachments ----

export async function findAttachment(db: DbOrTrx, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('volume_attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertAttachment(db: DbOrTrx, row: AttachmentRow): Promise<void> {
  await db.insertInto('volume_attachments').values(row).execute();
}

export async function attachmentsOfVolume(db: DbOrTrx, volumeId: string): Promise<AttachmentRow[]> {
  return db
    .selectFrom('volume_attachments')
    .selectAll()
    .where('volume_id', '=', volumeId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** the attached records of many volumes at once (the volume views' `attachments`) */
export async function attachedOfVolumes(db: DbOrTrx, volumeIds: string[]): Promise<Map<string, AttachmentRow[]>> {
  const out = new Map<string, AttachmentRow[]>();
  if (volumeIds.length === 0) return out;
  const rows = await db
    .selectFrom('volume_attachments')
    .selectAll()
    .where('volume_id', 'in', volumeIds)
    .where('attach_status', '=', 'attached')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.volume_id) ?? [];
    list.push(r);
    out.set(r.volume_id, list);
  }
  return out;
}

export interface AttachmentFilter {
  /** null: every project (an admin's all_tenants) */
  projectId: string | null;
  volumeId?: string;
  instanceUuid?: string;
  attachStatus?: string;
  limit: number;
  marker?: AttachmentRow;
}

/** newest first, as Cinder's default sort (created_at desc, id desc) */
export async function listAttachments(db: DbOrTrx, f: AttachmentFilter): Promise<AttachmentRow[]> {
  let q = db.selectFrom('volume_attachments').selectAll();
  if (f.projectId !== null) q = q.where('project_id', '=', f.projectId);
  if (f.volumeId !== undefined) q = q.where('volume_id', '=', f.volumeId);
  if (f.instanceUuid !== undefined) q = q.where('instance_uuid', '=', f.instanceUuid);
  if (f.attachStatus !== undefined) q = q.where('attach_status', '=', f.attachStatus);
  if (f.marker) {
    const m = f.marker;
    q = q.where((eb) =>
      eb.or([eb('created_at', '<', m.created_at), eb.and([eb('created_at', '=', m.created_at), eb('id', '<', m.id)])]),
    );
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

/** Moves an attachment on only from one of `from` (a conditional UPDATE); true when it did. */
export async function transitionAttachment(
  db: DbOrTrx,
  id: string,
  from: readonly string[],
  set: Partial<AttachmentRow>,
): Promise<boolean> {
  const r = await db
    .updateTable('volume_attachments')
    .set(set)
    .where('id', '=', id)
    .where('attach_status', 'in', [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteAttachment(db: DbOrTrx, id: string): Promise<AttachmentRow | undefined> {
  return db.deleteFrom('volume_attachments').where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteAttachmentsOfVolume(db: DbOrTrx, volumeId: string): Promise<void> {
  await db.deleteFrom('volume_attachments').where('volume_id', '=', volumeId).execute();
}

// ---- Nova block device mappings ----

export async function insertBdm(db: DbOrTrx, row: BdmRow): Promise<void> {
  await db.insertInto('block_device_mappings').values(row).execute();
}

export async function findBdm(db: DbOrTrx, uuid: string): Promise<BdmRow | undefined> {
  return db.selectFrom('block_device_mappings').selectAll().where('uuid', '=', uuid).executeTakeFirst();
}

export async function bdmsOfInstance(db: DbOrTrx, instanceUuid: string): Promise<BdmRow[]> {
  return db
    .selectFrom('block_device_mappings')
    .selectAll()
    .where('instance_uuid', '=', instanceUuid)
    .orderBy('created_at')
    .orderBy('device_name')
    .orderBy('uuid')
    .execute();
}

export async function bdmsOfInstances(db: DbOrTrx, uuids: string[]): Promise<Map<string, BdmRow[]>> {
  const out = new Map<string, BdmRow[]>();
  if (uuids.length === 0) return out;
  const rows = await db
    .selectFrom('block_device_mappings')
    .selectAll()
    .where('instance_uuid', 'in', uuids)
    .orderBy('created_at')
    .orderBy('device_name')
    .orderBy('uuid')
    .execute();
  for (const r of rows) {
    const list = out.get(r.instance_uuid) ?? [];
    list.push(r);
    out.set(r.instance_uuid, list);
  }
  return out;
}

export async function bdmsOfVolume(db: DbOrTrx, volumeId: string): Promise<BdmRow[]> {
  return db.selectFrom('block_device_mappings').selectAll().where('volume_id', '=', volumeId).execute();
}

export async function findBdmByAttachment(db: DbOrTrx, attachmentId: string): Promise<BdmRow | undefined> {
  return db
    .selectFrom('block_device_mappings')
    .selectAll()
    .where('attachment_id', '=', attachmentId)
    .executeTakeFirst();
}

export async function updateBdm(db: DbOrTrx, uuid: string, set: Partial<BdmRow>): Promise<void> {
  await db.updateTable('block_device_mappings').set(set).where('uuid', '=', uuid).execute();
}

export async function deleteBdm(db: DbOrTrx, uuid: string): Promise<BdmRow | undefined> {
  return db.deleteFrom('block_device_mappings').where('uuid', '=', uuid).returningAll().executeTakeFirst();
}
