/**
 * Volume attachments, Cinder's side (cinder/volume/api.py attachment_create / _update / _delete,
 * the attachments controller's os-complete, and the older volume actions os-reserve …
 * os-terminate_connection). A volume moves available → reserved → attaching → in-use →
 * detaching → available; every move is one conditional UPDATE on the volume's status, so of two
 * racing reservations of a volume that is not multiattach exactly one finds it available. The
 * volume's status after a detach follows from the attachments left (db volume_detached).
 * The functions taking a transaction are also Nova's way in (services/compute/volume-attach-service.ts).
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import type { Trx } from '../../store/database.js';
import { allowed } from '../../policy/check.js';
import { newUuid, isUuidLike } from '../../lib/ids.js';
import {
  findVolume,
  findVolumeType,
  transitionVolume,
  updateVolumeFields,
  type VolumeRow,
} from '../../store/repositories/volume-repository.js';
import {
  attachedOfVolumes,
  attachmentsOfVolume,
  deleteAttachment,
  findAttachment,
  findBdmByAttachment,
  insertAttachment,
  listAttachments,
  transitionAttachment,
  type AttachmentRow,
} from '../../store/repositories/attachment-repository.js';
import { volumeNotFound } from '../../domain/volumes/errors.js';
import {
  attachmentNotFound,
  attachmentOnErrorVolume,
  beginDetachingInvalid,
  duplicateConnectors,
  forceDetachAttachmentNotFound,
  invalidUuid,
  mismatchedAttachment,
  novaUsesAttachment,
  oldReserveStatusInvalid,
  reserveStatusInvalid,
} from '../../domain/volumes/attachment-errors.js';
import { volumeLockKey } from './snapshot-service.js';

export type { AttachmentRow };

export type Connector = Record<string, unknown>;

/** attach_status values (cinder/objects/fields.py VolumeAttachStatus) */
export const AttachStatus = {
  RESERVED: 'reserved',
  ATTACHING: 'attaching',
  ATTACHED: 'attached',
  DETACHING: 'detaching',
} as const;

/** a volume takes several attachments when it, or its type, says multiattach */
export async function isMultiattach(trx: Trx | Runtime['store']['db'], v: VolumeRow): Promise<boolean> {
  if (v.multiattach === 1) return true;
  const t = await findVolumeType(trx, v.volume_type_id);
  return t !== undefined && typeIsMultiattach(t);
}

/** a type whose extra spec multiattach is "<is> True" makes its volumes multiattach */
export function typeIsMultiattach(t: { extra_specs: string }): boolean {
  const spec = (JSON.parse(t.extra_specs) as Record<string, unknown>).multiattach;
  return typeof spec === 'string' && spec.replace(/\s+/g, ' ').trim().toLowerCase() === '<is> true';
}

/** what the simulated backend answers for a connector (an iSCSI target, as Cinder's LVM driver) */
function connectionInfo(attachmentId: string, mode: string): Record<string, unknown> {
  return {
    access_mode: mode,
    qos_specs: null,
    encrypted: false,
    cacheable: false,
    driver_volume_type: 'iscsi',
    attachment_id: attachmentId,
  };
}

/** the statuses an attachment leaves the volume in (db _get_statuses_from_attachments) */
function statusFromAttachments(rows: AttachmentRow[]): string {
  const live = rows.map((r) => r.attach_status).filter((s) => !s.startsWith('error_'));
  live.sort();
  const first = live[0] ?? 'detached';
  return first === 'attached' ? 'in-use' : first === 'detached' ? 'available' : first;
}

/**
 * _attachment_reserve: the volume moves to reserved from available (or in-use, for a multiattach
 * volume) in one conditional UPDATE, and the reserved attachment row is written with it.
 */
export async function reserveAttachment(
  trx: Trx,
  v: VolumeRow,
  instanceUuid: string | null,
  now: string,
): Promise<AttachmentRow> {
  if (v.status.includes('error')) throw attachmentOnErrorVolume('created', v.id, v.status);
  const multi = await isMultiattach(trx, v);
  const from = multi ? ['available', 'in-use', 'downloading'] : ['available', 'downloading'];
  const ok = await transitionVolume(trx, v.id, from, { status: 'reserved', updated_at: now });
  if (!ok) {
    const cur = await findVolume(trx, v.id);
    const status = cur?.status ?? v.status;
    // the same server attaching again (a move between hosts) may hold a second attachment
    const same =
      instanceUuid !== null &&
      (status === 'in-use' || status === 'reserved') &&
      (await attachmentsOfVolume(trx, v.id)).some((a) => a.instance_uuid === instanceUuid);
    if (!same) throw reserveStatusInvalid(v.id, from, status);
  }
  const row: AttachmentRow = {
    id: newUuid(),
    volume_id: v.id,
    project_id: v.project_id,
    instance_uuid: instanceUuid,
    attached_host: null,
    mountpoint: null,
    attach_status: AttachStatus.RESERVED,
    attach_mode: 'null',
    connector: null,
    connection_info: null,
    attach_time: null,
    detach_time: null,
    created_at: now,
    updated_at: null,
  };
  await insertAttachment(trx, row);
  return row;
}

/**
 * attachment_update (and the volume manager's half): record the connector, answer the
 * connection info, attachment and volume → attaching. Only a reserved or attaching attachment
 * connects; a repeat (a recovered operation) changes nothing more.
 */
export async function connectAttachment(
  trx: Trx,
  attachmentId: string,
  connector: Connector,
  now: string,
): Promise<AttachmentRow> {
  const a = await findAttachment(trx, attachmentId);
  if (!a) throw attachmentNotFound(attachmentId);
  const v = await findVolume(trx, a.volume_id);
  if (!v) throw volumeNotFound(a.volume_id);
  if (v.status.includes('error')) throw attachmentOnErrorVolume('updated', v.id, v.status);
  const all = await attachmentsOfVolume(trx, v.id);
  if (all.length > 1 && !(await isMultiattach(trx, v))) {
    const hosts = all.filter((x) => x.id !== a.id && x.connection_info !== null);
    if (hosts.length > 0) throw duplicateConnectors(v.id);
  }
  const mode = a.attach_mode !== 'null' ? a.attach_mode : typeof connector.mode === 'string' ? connector.mode : 'rw';
  const host = typeof connector.host === 'string' ? connector.host : '';
  const mountpoint = typeof connector.mountpoint === 'string' ? connector.mountpoint : 'na';
  const set: Partial<AttachmentRow> = {
    connector: JSON.stringify(connector),
    connection_info: JSON.stringify(connectionInfo(a.id, mode)),
    attached_host: host,
    mountpoint,
    attach_mode: mode,
    attach_time: now,
    updated_at: now,
  };
  // a connector sent again to an attached record only refreshes the connection (Cinder's manager)
  if (a.attach_status === AttachStatus.RESERVED || a.attach_status === AttachStatus.ATTACHING)
    set.attach_status = AttachStatus.ATTACHING;
  await transitionAttachment(trx, a.id, [a.attach_status], set);
  await transitionVolume(trx, v.id, ['reserved'], { status: 'attaching', updated_at: now });
  return { ...a, ...set };
}

/** os-complete: the attachment is attached, the volume in-use */
export async function completeAttachment(trx: Trx, attachmentId: string, now: string): Promise<void> {
  const a = await findAttachment(trx, attachmentId);
  if (!a) throw attachmentNotFound(attachmentId);
  await transitionAttachment(trx, a.id, [a.attach_status], { attach_status: AttachStatus.ATTACHED, updated_at: now });
  await updateVolumeFields(trx, a.volume_id, { status: 'in-use', updated_at: now });
}

/**
 * volume.finish_detach: the attachment goes, and the volume takes the status its remaining
 * attachments give it (in-use, attaching, detaching, reserved or available). The volume's lock
 * serialises two detaches of one volume, so the last one out always leaves it available.
 */
export async function finishDetach(
  rt: Runtime,
  trx: Trx,
  volumeId: string,
  attachmentId: string,
  now: string,
): Promise<AttachmentRow[]> {
  await rt.store.adapter.lockForUpdateOf(trx, volumeLockKey(volumeId));
  await deleteAttachment(trx, attachmentId);
  const left = await attachmentsOfVolume(trx, volumeId);
  const v = await findVolume(trx, volumeId);
  if (v && v.status !== 'deleting') {
    await updateVolumeFields(trx, volumeId, { status: statusFromAttachments(left), updated_at: now });
  }
  return left;
}

/** admins see every attachment; others their volumes' project's */
function visibleTo(ctx: RequestContext, a: { project_id: string }): boolean {
  return ctx.isAdmin || (ctx.projectId !== null && a.project_id === ctx.projectId);
}

export interface AttachmentListQuery {
  allTenants: boolean;
  volumeId?: string;
  instanceUuid?: string;
  attachStatus?: string;
  limit: number;
  marker?: string;
}

export class AttachmentService {
  constructor(private readonly rt: Runtime) {}

  private now(): string {
    return this.rt.clock().toISOString();
  }

  async get(ctx: RequestContext, id: string): Promise<AttachmentRow> {
    const a = await findAttachment(this.rt.store.db, id);
    if (!a || !visibleTo(ctx, a)) throw attachmentNotFound(id);
    return a;
  }

  async list(ctx: RequestContext, q: AttachmentListQuery): Promise<AttachmentRow[]> {
    const every = q.allTenants && ctx.isAdmin;
    const projectId = every ? null : ctx.projectId;
    if (projectId === null && !every) return [];
    let marker: AttachmentRow | undefined;
    if (q.marker !== undefined) marker = await this.get(ctx, q.marker);
    return listAttachments(this.rt.store.db, { ...q, projectId, marker });
  }

  /** the attached records per volume, for the volume views */
  attachedOf(volumeIds: string[]): Promise<Map<string, AttachmentRow[]>> {
    return attachedOfVolumes(this.rt.store.db, volumeIds);
  }

  /** POST /attachments: reserve, and connect at once when a connector came along */
  async create(
    ctx: RequestContext,
    v: VolumeRow,
    req: { instanceUuid: string | null; connector: Connector | null; mode: string | null },
  ): Promise<AttachmentRow> {
    const now = this.now();
    return this.rt.store.transaction(async (trx) => {
      const a = await reserveAttachment(trx, v, req.instanceUuid, now);
      if (req.mode !== null && req.mode !== 'null') {
        await transitionAttachment(trx, a.id, [a.attach_status], { attach_mode: req.mode });
        a.attach_mode = req.mode;
      }
      if (req.connector) return connectAttachment(trx, a.id, req.connector, now);
      // Cinder answers the new record with an empty connection_info
      return { ...a, connection_info: '{}' };
    });
  }

  async update(ctx: RequestContext, id: string, connector: Connector): Promise<AttachmentRow> {
    const a = await this.get(ctx, id);
    const now = this.now();
    return this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, volumeLockKey(a.volume_id));
      return connectAttachment(trx, a.id, connector, now);
    });
  }

  async complete(ctx: RequestContext, id: string): Promise<void> {
    const a = await this.get(ctx, id);
    const now = this.now();
    await this.rt.store.transaction((trx) => completeAttachment(trx, a.id, now));
  }

  /**
   * attachment_deletion_allowed: a user may not pull an attachment a server is using (Nova's
   * mapping holds it and it is connected); Nova detaches it through the Compute API instead.
   */
  private async checkDeletionAllowed(a: AttachmentRow, volumeId?: string): Promise<void> {
    if (volumeId !== undefined && a.volume_id !== volumeId) throw mismatchedAttachment();
    if (a.instance_uuid === null || a.connection_info === null) return;
    const bdm = await findBdmByAttachment(this.rt.store.db, a.id);
    if (bdm) throw novaUsesAttachment(a.instance_uuid);
  }

  /** DELETE /attachments/{id}: the attachments left on the volume */
  async delete(ctx: RequestContext, id: string): Promise<AttachmentRow[]> {
    const a = await this.get(ctx, id);
    await this.checkDeletionAllowed(a);
    const now = this.now();
    return this.rt.store.transaction((trx) => finishDetach(this.rt, trx, a.volume_id, a.id, now));
  }

  // ---- the older volume actions (contrib/volume_actions.py) ----

  async reserve(v: VolumeRow): Promise<void> {
    const multi = await isMultiattach(this.rt.store.db, v);
    const from = multi ? ['available', 'in-use'] : ['available'];
    const ok = await transitionVolume(this.rt.store.db, v.id, from, { status: 'attaching', updated_at: this.now() });
    if (!ok) throw oldReserveStatusInvalid(from, (await findVolume(this.rt.store.db, v.id))?.status ?? v.status);
  }

  async unreserve(v: VolumeRow): Promise<void> {
    await this.rt.store.transaction(async (trx) => {
      const left = await attachedOfVolumes(trx, [v.id]);
      await transitionVolume(trx, v.id, ['attaching'], {
        status: (left.get(v.id) ?? []).length > 0 ? 'in-use' : 'available',
        updated_at: this.now(),
      });
    });
  }

  async beginDetaching(v: VolumeRow): Promise<void> {
    const ok = await this.rt.store.transaction(async (trx) => {
      const attached = (await attachedOfVolumes(trx, [v.id])).get(v.id) ?? [];
      if (attached.length === 0) return false;
      return transitionVolume(trx, v.id, ['in-use'], { status: 'detaching', updated_at: this.now() });
    });
    if (!ok) throw beginDetachingInvalid();
  }

  async rollDetaching(v: VolumeRow): Promise<void> {
    await transitionVolume(this.rt.store.db, v.id, ['detaching'], { status: 'in-use', updated_at: this.now() });
  }

  /** os-attach: an attachment recorded as attached at once (the volume manager's attach_volume) */
  async attach(
    v: VolumeRow,
    req: { instanceUuid: string | null; hostName: string | null; mountpoint: string; mode: string },
  ): Promise<void> {
    if (req.instanceUuid !== null && !isUuidLike(req.instanceUuid)) throw invalidUuid(req.instanceUuid);
    const now = this.now();
    await this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, volumeLockKey(v.id));
      const row: AttachmentRow = {
        id: newUuid(),
        volume_id: v.id,
        project_id: v.project_id,
        instance_uuid: req.instanceUuid,
        attached_host: req.hostName,
        mountpoint: req.mountpoint,
        attach_status: AttachStatus.ATTACHED,
        attach_mode: req.mode,
        connector: null,
        connection_info: null,
        attach_time: now,
        detach_time: null,
        created_at: now,
        updated_at: null,
      };
      await insertAttachment(trx, row);
      await updateVolumeFields(trx, v.id, { status: 'in-use', updated_at: now });
    });
  }

  /** os-detach: the named attachment (or the only one) goes */
  /**
   * os-force_detach (admin_actions.py): the same detach from any volume status (Tempest resets
   * the volume to error first); the simulated backend has no connection to terminate. An unknown
   * attachment is the manager's error, which Cinder answers 400, not 404.
   */
  async forceDetach(v: VolumeRow, attachmentId: string | null): Promise<void> {
    if (attachmentId !== null && !(await findAttachment(this.rt.store.db, attachmentId)))
      throw forceDetachAttachmentNotFound(attachmentId);
    await this.detach(v, attachmentId);
  }

  async detach(v: VolumeRow, attachmentId: string | null): Promise<void> {
    const all = await attachmentsOfVolume(this.rt.store.db, v.id);
    const a = attachmentId === null ? (all.length === 1 ? all[0] : undefined) : all.find((x) => x.id === attachmentId);
    if (attachmentId !== null && !a) {
      const other = await findAttachment(this.rt.store.db, attachmentId);
      if (other) throw mismatchedAttachment();
      throw attachmentNotFound(attachmentId);
    }
    if (!a) return;
    await this.checkDeletionAllowed(a, v.id);
    const now = this.now();
    await this.rt.store.transaction((trx) => finishDetach(this.rt, trx, v.id, a.id, now));
  }

  /** os-initialize_connection: the connection the backend offers this connector */
  initializeConnection(v: VolumeRow, connector: Connector): Record<string, unknown> {
    const mode = typeof connector.mode === 'string' ? connector.mode : 'rw';
    return {
      driver_volume_type: 'iscsi',
      data: {
        target_discovered: false,
        target_iqn: `iqn.2010-10.org.openstack:volume-${v.id}`,
        target_portal: '127.0.0.1:3260',
        target_lun: 0,
        volume_id: v.id,
        access_mode: mode,
        encrypted: false,
        qos_specs: null,
        cacheable: false,
      },
    };
  }

  /** os-terminate_connection: refused while Nova uses the only attachment; then unreserve */
  async terminateConnection(v: VolumeRow): Promise<void> {
    const all = await attachmentsOfVolume(this.rt.store.db, v.id);
    if (all.length === 1 && all[0]) await this.checkDeletionAllowed(all[0]);
    await this.unreserve(v);
  }

  /** whether a user may see the host attached to (views: admins only) */
  static showsHost(ctx: RequestContext): boolean {
    return ctx.isAdmin || allowed(ctx, 'volume_extension:volume_host_attribute');
  }
}
