/**
 * Image tags (glance/api/v2/image_tags.py) and deactivate/reactivate (image_actions.py with
 * glance.domain.Image's transitions). Every write carries its precondition in the statement: a
 * transition names the status it leaves, a tag write the tag list it replaces.
 */
import type { Runtime } from '../../runtime.js';
import { DomainError, forbidden } from '../../domain/errors.js';
import { findImage, replaceImageTags, transitionImageStatus } from '../../store/repositories/image-repository.js';
import { imageNotFound, type ImageRow } from './image-service.js';

/** Glance's image_tag_quota default */
export const IMAGE_TAG_QUOTA = 128;

const tagLimitExceeded = (id: string, attempted: number): DomainError =>
  new DomainError(
    'QUOTA_EXCEEDED',
    413,
    `Image tag limit exceeded for image ${id}: The limit has been exceeded on the number of allowed image tags. Attempted: ${attempted}, Maximum: ${IMAGE_TAG_QUOTA}:`,
  );
const tagNotFound = (): DomainError => new DomainError('NOT_FOUND', 404, 'The resource could not be found.');

/** webob's bare 404 when the tag is not on the image; Glance's texts for the image's own refusals. */
export const tagUpdateForbidden = (id: string): DomainError => forbidden(`Not allowed to update tags for image ${id}.`);
export const tagDeleteForbidden = (id: string): DomainError => forbidden(`Not allowed to delete tags for image ${id}.`);

/**
 * Applies `change` to the image's tag list until the write lands on the list it was computed
 * from (another writer may change the tags in between; a lost compare is read again).
 */
async function changeTags(rt: Runtime, id: string, change: (tags: string[]) => string[] | null): Promise<void> {
  for (;;) {
    const image = await findImage(rt.store.db, id);
    if (!image) throw imageNotFound(id);
    const next = change(JSON.parse(image.tags) as string[]);
    if (next === null) return; // nothing to write
    if (await replaceImageTags(rt.store.db, id, image.tags, JSON.stringify(next), rt.clock().toISOString())) return;
  }
}

/** PUT /v2/images/{id}/tags/{tag}: idempotent; the 129th tag is Glance's 413. */
export async function addImageTag(rt: Runtime, image: ImageRow, tag: string): Promise<void> {
  await changeTags(rt, image.id, (tags) => {
    if (tags.includes(tag)) return null;
    if (tags.length + 1 > IMAGE_TAG_QUOTA) throw tagLimitExceeded(image.id, tags.length + 1);
    return [...tags, tag];
  });
}

/** DELETE /v2/images/{id}/tags/{tag}: 404 when the tag is not there. */
export async function removeImageTag(rt: Runtime, image: ImageRow, tag: string): Promise<void> {
  await changeTags(rt, image.id, (tags) => {
    if (!tags.includes(tag)) throw tagNotFound();
    return tags.filter((t) => t !== tag);
  });
}

type Action = 'deactivate' | 'reactivate';
const TRANSITIONS: Record<Action, { from: string; to: string }> = {
  deactivate: { from: 'active', to: 'deactivated' },
  reactivate: { from: 'deactivated', to: 'active' },
};

/**
 * active → deactivated and back. Already being in the target status is a no-op (204), any
 * other status Glance's 403 "Not allowed to <action> image in status '<status>'".
 */
export async function changeImageActivation(rt: Runtime, image: ImageRow, action: Action): Promise<void> {
  const { from, to } = TRANSITIONS[action];
  let current = image;
  for (;;) {
    if (current.status === to) return;
    if (current.status !== from) throw forbidden(`Not allowed to ${action} image in status '${current.status}'`);
    if (await transitionImageStatus(rt.store.db, image.id, from, to, rt.clock().toISOString())) return;
    // the status moved since the read: decide again on what it is now
    const now = await findImage(rt.store.db, image.id);
    if (!now) throw imageNotFound(image.id);
    current = now;
  }
}

/** Glance's image_data download refusal for a deactivated image (admins may still download). */
export function checkDownloadable(isAdmin: boolean, image: ImageRow): void {
  if (image.status === 'deactivated' && !isAdmin)
    throw forbidden('The requested image has been deactivated. Image data download is forbidden.');
}
