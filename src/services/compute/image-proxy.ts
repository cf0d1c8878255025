/**
 * Nova's images proxy (nova/api/openstack/compute/images.py, image_metadata.py and nova/image/glance.py):
 * Nova reads and writes Glance with the caller's token, so the caller sees exactly the images
 * Glance shows them and Glance's own rules (delete_image, modify_image, property protections)
 * decide the writes; Nova translates Glance's answers into its own errors.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { DomainError, badRequest, forbidden, notFound } from '../../domain/errors.js';
import { imageMetadataLimitExceeded } from '../../domain/compute-errors.js';
import { allowed } from '../../policy/check.js';
import { deleteImage, imageVisibleTo, listVisibleImages, type ImageRow } from '../image/image-service.js';
import { updateImage, type ImageChange } from '../image/image-update-service.js';
import { imageAsSeenBy } from '../image/property-protection-service.js';
import { effectiveQuotas } from './quota-service.js';

/** The filters Nova passes on to Glance, already renamed as glance.py _extract_query_params_v2 does. */
export interface NovaImageFilter {
  name?: string;
  status?: string;
  /** 'changes-since', which Nova sends to Glance as updated_at=gte:… */
  changesSince?: string;
  minRam?: string;
  minDisk?: string;
  /** custom-property equality filters (server → instance_uuid, type → image_type, property-*) */
  properties: Record<string, string>;
}

/** An image as Nova's view builder reads it: the row plus the custom properties the caller may read. */
export interface NovaImage {
  row: ImageRow;
  properties: Record<string, unknown>;
}

const imageNotFound = (): DomainError => notFound('Image not found.');
/** exception.ImageNotAuthorized, what Nova makes of Glance's 403 on a write */
const notAuthorizedFor = (id: string): DomainError => forbidden(`Not authorized for image ${id}.`);

// glance.py _CONVERT_PROPS: kept as JSON text in Glance, handed out decoded by Nova
const JSON_PROPS = ['block_device_mapping', 'mappings'];

function novaImage(rt: Runtime, ctx: RequestContext, row: ImageRow): NovaImage {
  const properties = JSON.parse(imageAsSeenBy(rt, ctx, row).properties) as Record<string, unknown>;
  for (const k of JSON_PROPS) {
    const v = properties[k];
    if (typeof v !== 'string') continue;
    try {
      properties[k] = JSON.parse(v) as unknown;
    } catch {
      // Nova's _json_loads would fail the request; a value Glance accepted is left as it is
    }
  }
  return { row, properties };
}

/** Nova's ImageNotFound: an image Glance does not show the caller does not exist. */
async function visibleImage(rt: Runtime, ctx: RequestContext, id: string): Promise<ImageRow> {
  const row = await imageVisibleTo(rt, ctx, id);
  if (!row) throw imageNotFound();
  return row;
}

export async function showNovaImage(rt: Runtime, ctx: RequestContext, id: string): Promise<NovaImage> {
  return novaImage(rt, ctx, await visibleImage(rt, ctx, id));
}

/** "gte:<time>" as Glance parses it; an unparsable time is Glance's 400, which Nova passes on. */
function changesSince(value: string): string {
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) throw badRequest(`Invalid time format for updated_at.`);
  return t.toISOString();
}

/**
 * Glance's v2 list with Nova's filters, newest first (Glance's created_at/id desc default), from
 * after `marker`, at most `limit` when given (glanceclient pages through everything otherwise).
 */
export async function listNovaImages(
  rt: Runtime,
  ctx: RequestContext,
  f: NovaImageFilter,
  page: { limit?: number; marker?: string },
): Promise<NovaImage[]> {
  const since = f.changesSince === undefined ? undefined : changesSince(f.changesSince);
  const columns: Record<string, string> = {};
  if (f.minRam !== undefined) columns.min_ram = f.minRam;
  if (f.minDisk !== undefined) columns.min_disk = f.minDisk;
  // Glance compares min_ram/min_disk as integers: a non-numeric value matches nothing
  const numeric = Object.values(columns).every((v) => /^\d+$/.test(v));
  let rows = await listVisibleImages(rt, {
    projectId: ctx.isAdmin ? null : (ctx.projectId ?? ''),
    callerProject: ctx.projectId,
    memberStatus: 'accepted',
    name: f.name,
    status: f.status,
    columns: numeric ? Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Number(v)])) : {},
    nothing: !numeric,
    properties: f.properties,
  });
  if (since !== undefined) rows = rows.filter((r) => r.updated_at >= since);
  rows.sort((a, b) =>
    a.created_at !== b.created_at ? (a.created_at < b.created_at ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0,
  );
  let start = 0;
  if (page.marker !== undefined) {
    const i = rows.findIndex((r) => r.id === page.marker);
    if (i < 0) throw badRequest(`No image found with ID ${page.marker}`);
    start = i + 1;
  }
  const end = page.limit === undefined ? undefined : start + page.limit;
  return rows.slice(start, end).map((r) => novaImage(rt, ctx, r));
}

/** ImagesController.delete: Glance's delete_image rule and protected flag are Nova's 403. */
export async function deleteNovaImage(rt: Runtime, ctx: RequestContext, id: string): Promise<void> {
  const row = await visibleImage(rt, ctx, id);
  const denied = forbidden('You are not allowed to delete the image.');
  if (!allowed(ctx, 'delete_image', { project_id: row.owner }) || row.protected === 1) throw denied;
  try {
    await deleteImage(rt, row.id);
  } catch (err) {
    if (err instanceof DomainError && err.status === 404) throw imageNotFound();
    if (err instanceof DomainError && err.status === 403) throw denied;
    throw err;
  }
}

/** The image's metadata (its custom properties) as Nova's image metadata API shows it. */
export async function novaImageMetadata(
  rt: Runtime,
  ctx: RequestContext,
  id: string,
): Promise<Record<string, unknown>> {
  return (await showNovaImage(rt, ctx, id)).properties;
}

/** What a metadata write does to the image's properties (create merges, update_all replaces). */
export type ImageMetadataWrite =
  | { op: 'merge'; items: Record<string, string> }
  | { op: 'replace'; items: Record<string, string> }
  | { op: 'delete'; key: string };

/**
 * ImageMetadataController's writes: the new property set checked against the caller's
 * metadata_items quota (403 "Image metadata limit exceeded"), then written through Glance's
 * update with purge_props (Glance's modify_image rule and property protections, a refusal
 * being Nova's ImageNotAuthorized). Returns the properties as stored.
 */
export async function writeNovaImageMetadata(
  rt: Runtime,
  ctx: RequestContext,
  id: string,
  w: ImageMetadataWrite,
): Promise<Record<string, unknown>> {
  const row = await visibleImage(rt, ctx, id);
  // the properties as Glance stores them (not decoded), which is what a purge_props update compares
  const current = JSON.parse(imageAsSeenBy(rt, ctx, row).properties) as Record<string, unknown>;
  let next: Record<string, unknown>;
  if (w.op === 'delete') {
    if (!Object.hasOwn(current, w.key)) throw notFound('Invalid metadata key');
    next = Object.fromEntries(Object.entries(current).filter(([k]) => k !== w.key));
  } else {
    next = w.op === 'merge' ? { ...current, ...w.items } : { ...w.items };
    // common.check_img_metadata_properties_quota: against the caller's project, only when non-empty
    const count = Object.keys(w.op === 'merge' ? next : w.items).length;
    if (count > 0 && ctx.projectId !== null) {
      const limit = (await effectiveQuotas(rt, ctx.projectId)).metadata_items;
      if (limit >= 0 && count > limit) throw imageMetadataLimitExceeded();
    }
  }
  if (!allowed(ctx, 'modify_image', { project_id: row.owner })) throw notAuthorizedFor(id);
  const changes: ImageChange[] = [
    ...Object.keys(current)
      .filter((k) => !Object.hasOwn(next, k))
      .map((k): ImageChange => ({ op: 'remove', root: k })),
    ...Object.entries(next)
      .filter(([k, v]) => current[k] !== v)
      .map(([k, v]): ImageChange => ({ op: Object.hasOwn(current, k) ? 'replace' : 'add', root: k, value: v })),
  ];
  try {
    const saved = await updateImage(rt, ctx, row, changes, 10);
    return novaImage(rt, ctx, saved).properties;
  } catch (err) {
    if (err instanceof DomainError && err.status === 403) throw notAuthorizedFor(id);
    throw err;
  }
}
