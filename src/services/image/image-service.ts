/**
 * The image aggregate's reads and writes (Glance's ImageRepo with its visibility rule): the API
 * translates requests into these calls and never reaches the store itself.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { DomainError, conflict, forbidden } from '../../domain/errors.js';
import { newUuid } from '../../lib/ids.js';
import {
  deleteUnprotectedImage,
  findImage,
  findImageMember,
  insertImage,
  listImages,
  updateImage,
  IMAGE_FILTER_COLUMNS,
  type ImageFilterColumn,
  type ImageListFilter,
  type ImageRow,
  type ImageUpdate,
} from '../../store/repositories/image-repository.js';

export type { ImageFilterColumn, ImageRow };
export { IMAGE_FILTER_COLUMNS };

/** What a list request filters by; `nothing` when a filter can match no image (a non-numeric size). */
export type ImageListRequest = ImageListFilter & { nothing?: boolean };

export const imageNotFound = (id: string): DomainError =>
  new DomainError('IMAGE_NOT_FOUND', 404, `No image found with ID ${id}`);
export const notAuthorized = (action: string): DomainError =>
  forbidden(`You are not authorized to complete ${action} action.`);

/**
 * Glance's visibility check for a single image without its members: admins see all, others
 * public/community or their own (findVisibleImage adds the projects a shared image is shared with).
 */
export function visible(ctx: RequestContext, i: ImageRow): boolean {
  return (
    ctx.isAdmin ||
    i.visibility === 'public' ||
    i.visibility === 'community' ||
    (i.owner !== null && i.owner === ctx.projectId)
  );
}

/**
 * The image if the caller may see it, else undefined. Other services (Nova's create and rebuild)
 * resolve image ids through this too: the real Nova reads the image from Glance with the user's
 * token, so an image Glance hides from the caller does not exist for Nova either.
 */
export async function imageVisibleTo(rt: Runtime, ctx: RequestContext, id: string): Promise<ImageRow | undefined> {
  const image = await findImage(rt.store.db, id);
  if (!image) return undefined;
  if (visible(ctx, image)) return image;
  // glance's is_image_visible: a member of a shared image sees it whatever its membership status
  if (
    image.visibility === 'shared' &&
    ctx.projectId !== null &&
    (await findImageMember(rt.store.db, id, ctx.projectId))
  )
    return image;
  return undefined;
}

/** The image whatever its visibility (Nova's own reads with its service credentials), or undefined. */
export const imageById = (rt: Runtime, id: string): Promise<ImageRow | undefined> => findImage(rt.store.db, id);

/** The image if the caller may see it, else Glance's 404 (an invisible image does not exist). */
export async function findVisibleImage(rt: Runtime, ctx: RequestContext, id: string): Promise<ImageRow> {
  const image = await imageVisibleTo(rt, ctx, id);
  if (!image) throw imageNotFound(id);
  return image;
}

/** The images a list request matches, unsorted (the API orders and pages them). */
export async function listVisibleImages(rt: Runtime, filter: ImageListRequest): Promise<ImageRow[]> {
  if (filter.nothing === true) return [];
  return listImages(rt.store.db, filter);
}

/** What a create request sets; everything else starts as Glance's defaults (queued, no data). */
export interface NewImage {
  id?: string;
  name: string | null;
  visibility: string;
  owner: string | null;
  containerFormat: string | null;
  diskFormat: string | null;
  minDisk: number;
  minRam: number;
  protected: boolean;
  osHidden: boolean;
  tags: string[];
  properties: Record<string, unknown>;
}

/** Inserts a queued image; a taken id is Glance's 409 (the unique key decides a race). */
export async function createImage(rt: Runtime, spec: NewImage): Promise<ImageRow> {
  const now = rt.clock().toISOString();
  const row: ImageRow = {
    id: spec.id?.toLowerCase() ?? newUuid(),
    name: spec.name,
    status: 'queued',
    visibility: spec.visibility,
    owner: spec.owner,
    container_format: spec.containerFormat,
    disk_format: spec.diskFormat,
    min_disk: spec.minDisk,
    min_ram: spec.minRam,
    size: null,
    virtual_size: null,
    checksum: null,
    os_hash_algo: null,
    os_hash_value: null,
    protected: spec.protected ? 1 : 0,
    os_hidden: spec.osHidden ? 1 : 0,
    tags: JSON.stringify(spec.tags),
    properties: JSON.stringify(spec.properties),
    created_at: now,
    updated_at: now,
  };
  try {
    await insertImage(rt.store.db, row);
  } catch (err) {
    if (rt.store.adapter.isUniqueViolation(err)) throw conflict(`Image ID ${row.id} already exists!`);
    throw err;
  }
  const created = await findImage(rt.store.db, row.id);
  if (!created) throw imageNotFound(row.id);
  return created;
}

/** Deletes an unprotected image (and its data); the protected flag is checked in the statement. */
export async function deleteImage(rt: Runtime, id: string): Promise<void> {
  if (await deleteUnprotectedImage(rt.store.db, id)) return;
  if (await findImage(rt.store.db, id)) throw forbidden(`Image ${id} is protected and cannot be deleted.`);
  throw imageNotFound(id);
}

/** The attributes an update writes (updated_at is the service's). */
export type ImageFields = Omit<ImageUpdate, 'updated_at'>;

/** Writes the updatable attributes and returns the image as stored. */
export async function saveImageFields(rt: Runtime, id: string, fields: ImageFields): Promise<ImageRow> {
  await updateImage(rt.store.db, id, { ...fields, updated_at: rt.clock().toISOString() });
  const updated = await findImage(rt.store.db, id);
  if (!updated) throw imageNotFound(id);
  return updated;
}
