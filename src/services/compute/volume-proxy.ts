/**
 * Nova's volumes proxy (nova/api/openstack/compute/volumes.py VolumeController and
 * SnapshotController over nova/volume/cinder.py): Nova calls Cinder with the caller's token, so
 * the caller sees the volumes and snapshots Cinder shows them and Cinder's own rules decide; Nova
 * translates Cinder's answers into its own errors (translate_cinder_exception & co.).
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { DomainError, badRequest, forbidden, isDomainError, notFound } from '../../domain/errors.js';
import { authorize } from '../../policy/check.js';
import { VolumeService, type VolumeRow } from '../block-storage/volume-service.js';
import { SnapshotService, type SnapshotRow } from '../block-storage/snapshot-service.js';
import { AttachmentService, type AttachmentRow } from '../block-storage/attachment-service.js';

/** A volume as nova/volume/cinder.py _untranslate_volume_summary_view hands it to the view. */
export interface NovaVolume {
  row: VolumeRow;
  /** the type's name, as Cinder's volume_type field */
  typeName: string | null;
  /** the attached records, in Cinder's order */
  attachments: AttachmentRow[];
}

const requestSuffix = (ctx: RequestContext, status: number): string =>
  ` (HTTP ${status}) (Request-ID: ${ctx.requestId})`;

/**
 * translate_cinder_exception: Cinder's 400 → InvalidInput, 403 → Forbidden (both worded as
 * cinderclient prints the error); `notFound` is what the method's own wrapper makes of a 404;
 * an over-limit (413) → OverQuota, which the controllers answer 403.
 */
async function viaCinder<T>(
  ctx: RequestContext,
  call: () => Promise<T>,
  onNotFound: (e: DomainError) => DomainError,
  overQuota: (e: DomainError) => string = (e) => e.message,
): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.status === 404) throw onNotFound(e);
    if (e.status === 413) throw forbidden(overQuota(e));
    if (e.status === 403) throw forbidden(`${e.message}${requestSuffix(ctx, 403)}`);
    if (e.status === 400) throw badRequest(`Invalid input received: ${e.message}${requestSuffix(ctx, 400)}`);
    throw e;
  }
}

const volumeNotFound = (id: string) => notFound(`Volume ${id} could not be found.`);
const snapshotNotFound = (id: string) => notFound(`Snapshot ${id} could not be found.`);

export interface NovaVolumeCreate {
  size: number;
  name: string | null;
  description: string | null;
  volumeType: string | null;
  metadata: Record<string, string>;
  availabilityZone: string | null;
  snapshotId: string | null;
}

export class VolumeProxy {
  private readonly volumes: VolumeService;
  private readonly snapshots: SnapshotService;
  private readonly attachments: AttachmentService;

  constructor(rt: Runtime) {
    this.volumes = new VolumeService(rt);
    this.snapshots = new SnapshotService(rt);
    this.attachments = new AttachmentService(rt);
  }

  private async withDetails(rows: VolumeRow[]): Promise<NovaVolume[]> {
    const typed = await this.volumes.withType(rows);
    const attached = await this.attachments.attachedOf(rows.map((r) => r.id));
    return typed.map(({ volume, type }) => ({
      row: volume,
      typeName: type?.name ?? null,
      attachments: (attached.get(volume.id) ?? []).filter((a) => a.attach_status === 'attached'),
    }));
  }

  /** cinder.API.get: Cinder's volume show with the caller's token */
  async show(ctx: RequestContext, id: string): Promise<NovaVolume> {
    const row = await viaCinder(
      ctx,
      async () => {
        authorize(ctx, 'volume:get');
        return this.volumes.get(ctx, id);
      },
      () => volumeNotFound(id),
    );
    const [v] = await this.withDetails([row]);
    return v!;
  }

  /**
   * cinder.API.get_all: the caller's project's volumes, newest first (Cinder's default sort); the
   * first `upTo` are enough for the page Nova's common.limited cuts out of them
   */
  async list(ctx: RequestContext, upTo: number): Promise<NovaVolume[]> {
    const rows = await viaCinder(
      ctx,
      async () => {
        authorize(ctx, 'volume:get_all');
        return this.volumes.list(ctx, { allTenants: false, sortKey: 'created_at', sortDir: 'desc', limit: upTo });
      },
      (e) => e,
    );
    return this.withDetails(rows);
  }

  /** cinder.API.create (translate_create_exception): Cinder's 404 and 413 keep Cinder's message */
  async create(ctx: RequestContext, req: NovaVolumeCreate): Promise<NovaVolume> {
    let size = req.size;
    if (req.snapshotId !== null) {
      // the controller reads the snapshot first (SnapshotNotFound → 404); its size is the default
      const snapshotId = req.snapshotId;
      const snap = await viaCinder(
        ctx,
        () => this.snapshots.get(ctx, snapshotId),
        () => snapshotNotFound(snapshotId),
      );
      size ??= snap.size;
    }
    const row = await viaCinder(
      ctx,
      async () => {
        authorize(ctx, 'volume:create');
        return this.volumes.create(ctx, {
          size,
          name: req.name,
          description: req.description,
          metadata: req.metadata,
          volumeType: req.volumeType,
          availabilityZone: req.availabilityZone,
          imageRef: null,
          sourceVolid: null,
          snapshotId: req.snapshotId,
          multiattach: false,
        });
      },
      (e) => notFound(e.message),
    );
    const [v] = await this.withDetails([row]);
    return v!;
  }

  /** cinder.API.delete (translate_volume_exception) */
  async delete(ctx: RequestContext, id: string): Promise<void> {
    await viaCinder(
      ctx,
      async () => {
        const v = await this.volumes.get(ctx, id);
        authorize(ctx, 'volume:delete', { project_id: v.project_id });
        await this.volumes.delete(ctx, id);
      },
      () => volumeNotFound(id),
    );
  }

  /** cinder.API.get_snapshot (translate_snapshot_exception) */
  async showSnapshot(ctx: RequestContext, id: string): Promise<SnapshotRow> {
    return viaCinder(
      ctx,
      async () => {
        authorize(ctx, 'volume:get_snapshot');
        return this.snapshots.get(ctx, id);
      },
      () => snapshotNotFound(id),
    );
  }

  /** cinder.API.get_all_snapshots: the caller's project's snapshots, newest first */
  async listSnapshots(ctx: RequestContext, upTo: number): Promise<SnapshotRow[]> {
    return viaCinder(
      ctx,
      async () => {
        authorize(ctx, 'volume:get_all_snapshots');
        return this.snapshots.list(ctx, {
          allTenants: false,
          sortKey: 'created_at',
          sortDir: 'desc',
          limit: upTo,
          offset: 0,
        });
      },
      (e) => e,
    );
  }

  /** cinder.API.create_snapshot[_force] (translate_mixed_exceptions) */
  async createSnapshot(
    ctx: RequestContext,
    req: { volumeId: string; force: boolean; name: string | null; description: string | null },
  ): Promise<SnapshotRow> {
    return viaCinder(
      ctx,
      async () => {
        authorize(ctx, 'volume:create_snapshot');
        return this.snapshots.create(ctx, {
          volumeId: req.volumeId,
          name: req.name,
          description: req.description,
          metadata: {},
          force: req.force,
        });
      },
      () => volumeNotFound(req.volumeId),
      () => 'Quota exceeded for resources: snapshots',
    );
  }

  /** cinder.API.delete_snapshot (translate_snapshot_exception) */
  async deleteSnapshot(ctx: RequestContext, id: string): Promise<void> {
    await viaCinder(
      ctx,
      async () => {
        const s = await this.snapshots.get(ctx, id);
        authorize(ctx, 'volume:delete_snapshot', { project_id: s.project_id });
        await this.snapshots.delete(ctx, id);
      },
      () => snapshotNotFound(id),
    );
  }
}
