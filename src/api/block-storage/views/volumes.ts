/**
 * Cinder's volume and volume type views (cinder/api/v3/views/volumes.py, types.py), field by field
 * per microversion, and the attributes the os-vol-* policies show.
 */
import type { RequestContext } from '../../../domain/context.js';
import type { ApiVersion } from '../../../http/api-version.js';
import { allowed } from '../../../policy/check.js';
import type { UploadImageResult, VolumeRow, VolumeTypeRow } from '../../../services/block-storage/volume-service.js';
import type { SnapshotRow } from '../../../services/block-storage/snapshot-service.js';

/** Cinder prints naive datetimes with Python's isoformat: microseconds, no zone */
export function cinderTime(iso: string | null): string | null {
  if (iso === null) return null;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$/.exec(iso);
  if (!m) return iso;
  const frac = (m[2] ?? '').padEnd(6, '0').slice(0, 6);
  return frac === '000000' ? m[1]! : `${m[1]}.${frac}`;
}

export interface LinkBase {
  /** http://host:port/volume */
  root: string;
  /** the project the request URL named, or null for the project-less form */
  urlProject: string | null;
}

export function volumeLinks(b: LinkBase, collection: string, id: string): Array<{ rel: string; href: string }> {
  const p = b.urlProject === null ? '' : `/${b.urlProject}`;
  return [
    { rel: 'self', href: `${b.root}/v3${p}/${collection}/${id}` },
    { rel: 'bookmark', href: `${b.root}${p}/${collection}/${id}` },
  ];
}

export function volumeSummary(b: LinkBase, v: VolumeRow): Record<string, unknown> {
  return { id: v.id, name: v.name, links: volumeLinks(b, 'volumes', v.id) };
}

export function volumeDetail(
  b: LinkBase,
  ctx: RequestContext,
  mv: ApiVersion,
  v: VolumeRow,
  type: VolumeTypeRow | undefined,
  /** the contrib extensions (tenant, host, migration, image metadata) extend show and detail only, not create or update */
  extended = true,
): Record<string, unknown> {
  const target = { project_id: v.project_id };
  const out: Record<string, unknown> = {
    id: v.id,
    status: v.status,
    size: v.size,
    availability_zone: v.availability_zone,
    created_at: cinderTime(v.created_at),
    updated_at: cinderTime(v.updated_at),
    name: v.name,
    description: v.description,
    volume_type: type?.name ?? null,
    snapshot_id: v.snapshot_id,
    source_volid: v.source_volid,
    // the visible admin metadata ("readonly") is shown among the metadata (api_utils.add_visible_admin_metadata)
    metadata: {
      ...(JSON.parse(v.metadata) as Record<string, string>),
      ...(v.readonly === null ? {} : { readonly: v.readonly }),
    },
    links: volumeLinks(b, 'volumes', v.id),
    user_id: v.user_id,
    bootable: v.bootable ? 'true' : 'false',
    encrypted: v.encryption_key_id !== null,
    replication_status: null,
    consistencygroup_id: null,
    multiattach: v.multiattach === 1,
    attachments: [],
  };
  // migration_status and provider_id are admin fields (views/volumes.py _get_volume_detail)
  if (ctx.isAdmin) out.migration_status = null;
  // no Glance metadata rows (none copied, or all unset): no volume_image_metadata key, as in Cinder
  if (
    extended &&
    v.image_metadata !== null &&
    v.image_metadata !== '{}' &&
    allowed(ctx, 'volume_extension:volume_image_metadata:show', target)
  )
    out.volume_image_metadata = JSON.parse(v.image_metadata) as Record<string, string>;
  if (extended && allowed(ctx, 'volume_extension:volume_tenant_attribute', target))
    out['os-vol-tenant-attr:tenant_id'] = v.project_id;
  if (extended && allowed(ctx, 'volume_extension:volume_mig_status_attribute', target)) {
    out['os-vol-mig-status-attr:migstat'] = null;
    out['os-vol-mig-status-attr:name_id'] = null;
  }
  if (extended && allowed(ctx, 'volume_extension:volume_host_attribute', target)) out['os-vol-host-attr:host'] = v.host;
  if (mv.atLeast('3.13')) out.group_id = v.group_id;
  if (mv.atLeast('3.21') && ctx.isAdmin) out.provider_id = null;
  if (mv.atLeast('3.48')) {
    out.shared_targets = false;
    out.service_uuid = v.host === null ? null : serviceUuid(v.host);
  }
  if (mv.atLeast('3.61') && ctx.isAdmin) out.cluster_name = null;
  if (mv.atLeast('3.63')) out.volume_type_id = v.volume_type_id;
  if (mv.atLeast('3.65')) out.consumes_quota = true;
  return out;
}

/** one stable service uuid per pool's host (the cinder-volume service that owns it) */
function serviceUuid(pool: string): string {
  let h = 0x811c9dc5;
  const host = pool.split('#')[0] ?? pool;
  const hex: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const c of `${round}:${host}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
    hex.push(h.toString(16).padStart(8, '0'));
  }
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-8${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

/** policies/type_extra_specs.py: the extra specs every reader of a type sees */
const USER_VISIBLE_EXTRA_SPECS = ['RESKEY:availability_zones', 'multiattach', 'replication_enabled'];

export function volumeTypeView(ctx: RequestContext, t: VolumeTypeRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: t.id,
    name: t.name,
    is_public: t.is_public === 1,
    description: t.description,
  };
  if (allowed(ctx, 'volume_extension:access_types_extra_specs')) {
    const specs = JSON.parse(t.extra_specs) as Record<string, string>;
    // v3/views/types.py: without types_extra_specs:read_sensitive only the user-visible keys
    out.extra_specs = allowed(ctx, 'volume_extension:types_extra_specs:read_sensitive')
      ? specs
      : Object.fromEntries(Object.entries(specs).filter(([k]) => USER_VISIBLE_EXTRA_SPECS.includes(k)));
  }
  if (ctx.isAdmin) out.qos_specs_id = t.qos_specs_id;
  out['os-volume-type-access:is_public'] = t.is_public === 1;
  return out;
}

/**
 * views/types.py, the view types_manage.py answers create and update with: no qos_specs_id,
 * extra_specs always (only admins reach these calls).
 */
export function volumeTypeManageView(t: VolumeTypeRow): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    is_public: t.is_public === 1,
    extra_specs: JSON.parse(t.extra_specs) as Record<string, string>,
    description: t.description,
  };
}

/** views/snapshots.py summary (what GET /snapshots lists) */
export function snapshotSummary(mv: ApiVersion, s: SnapshotRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: s.id,
    created_at: cinderTime(s.created_at),
    updated_at: cinderTime(s.updated_at),
    name: s.name,
    description: s.description,
    volume_id: s.volume_id,
    status: s.status,
    size: s.size,
    metadata: JSON.parse(s.metadata) as Record<string, string>,
  };
  if (mv.atLeast('3.14')) out.group_snapshot_id = null;
  if (mv.atLeast('3.41')) out.user_id = s.user_id;
  if (mv.atLeast('3.65')) out.consumes_quota = true;
  return out;
}

/** show and detail add the extended snapshot attributes for admins and owners */
export function snapshotDetail(ctx: RequestContext, mv: ApiVersion, s: SnapshotRow): Record<string, unknown> {
  const out = snapshotSummary(mv, s);
  if (allowed(ctx, 'volume_extension:extended_snapshot_attributes', { project_id: s.project_id })) {
    out['os-extended-snapshot-attributes:project_id'] = s.project_id;
    out['os-extended-snapshot-attributes:progress'] = s.progress;
  }
  return out;
}

/**
 * volume/api.py copy_volume_to_image's answer: the volume as it went uploading and the image
 * Glance created (protected and visibility as Glance v2 reports them; the 3.0 body carries them
 * too, since Cinder copies whatever Glance answered). The type is shown by id, name,
 * description and is_public (Cinder serialises its VolumeType object here).
 */
export function uploadImageView(r: UploadImageResult): Record<string, unknown> {
  const { volume: v, type, image } = r;
  return {
    id: v.id,
    updated_at: cinderTime(v.updated_at),
    status: 'uploading',
    display_description: v.description,
    size: v.size,
    volume_type: type
      ? { id: type.id, name: type.name, description: type.description, is_public: type.is_public === 1 }
      : null,
    image_id: image.id,
    container_format: image.container_format,
    disk_format: image.disk_format,
    image_name: image.name,
    protected: image.protected === 1,
    visibility: image.visibility,
  };
}
