/**
 * Image members (glance/api/v2/image_members.py with glance.domain.ImageMembership): an image
 * with visibility 'shared' is shared with other projects, each of which accepts or rejects it.
 * The owner (or an admin) adds and removes members; only the member itself (or an admin) sets
 * its status. Glance's default policy (glance/policies/image.py) decides each step, and each
 * refusal is worded as the controller words it.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { DomainError, badRequest, conflict, forbidden, notFound } from '../../domain/errors.js';
import { allowed } from '../../policy/check.js';
import {
  countImageMembers,
  deleteImageMember,
  findImage,
  findImageMember,
  insertImageMember,
  listImageMembers,
  updateImageMemberStatus,
  type ImageMemberRow,
} from '../../store/repositories/image-repository.js';
import { visible, type ImageRow } from './image-service.js';

export type { ImageMemberRow };

/** Glance's image_member_quota default */
export const IMAGE_MEMBER_QUOTA = 128;
export const MEMBER_STATUSES = ['pending', 'accepted', 'rejected'];

const ONLY_SHARED = 'Only shared images have members.';
const memberNotFound = (memberId: string, imageId: string): DomainError =>
  notFound(`${memberId} not found in the member list of the image ${imageId}.`);

/** The member controller's own lookup: 404 "Image <id> not found." for an image the caller cannot see. */
async function lookupImage(rt: Runtime, ctx: RequestContext, id: string): Promise<ImageRow> {
  const image = await findImage(rt.store.db, id);
  if (image) {
    if (visible(ctx, image)) return image;
    if (
      image.visibility === 'shared' &&
      ctx.projectId !== null &&
      (await findImageMember(rt.store.db, id, ctx.projectId))
    )
      return image;
  }
  throw notFound(`Image ${id} not found.`);
}

/** The policy target of member rules: the image's owner, and the member the caller is (if any). */
const isOwnerReaderOrMember = (ctx: RequestContext, image: ImageRow, memberId: string | null): boolean =>
  allowed(ctx, 'get_member', { project_id: image.owner, member_id: memberId });

/**
 * A membership as the caller may see it: a non-admin sees the memberships of the images it owns
 * and its own membership of others (glance/db/sqlalchemy/api.py _image_member_find).
 */
async function lookupMember(
  rt: Runtime,
  ctx: RequestContext,
  image: ImageRow,
  memberId: string,
): Promise<ImageMemberRow> {
  const m = await findImageMember(rt.store.db, image.id, memberId);
  const seen = m && (ctx.isAdmin || image.owner === ctx.projectId || m.member_id === ctx.projectId);
  if (!m || !seen) throw memberNotFound(memberId, image.id);
  if (!isOwnerReaderOrMember(ctx, image, ctx.projectId === memberId ? memberId : null))
    throw forbidden(`You are not authorized to lookup the members of the image ${image.id}.`);
  return m;
}

/** POST /v2/images/{id}/members: a pending membership; a second one for the same project is 409. */
export async function addImageMember(
  rt: Runtime,
  ctx: RequestContext,
  imageId: string,
  memberId: string,
): Promise<ImageMemberRow> {
  const image = await lookupImage(rt, ctx, imageId);
  const refused = forbidden(`Not allowed to create members for image ${imageId}.`);
  if (image.visibility !== 'shared') throw refused;
  if (!allowed(ctx, 'add_member', { project_id: image.owner })) throw refused;
  // Glance counts before it inserts, as here: the quota is not a race-tight limit there either
  const count = await countImageMembers(rt.store.db, imageId);
  if (count + 1 > IMAGE_MEMBER_QUOTA)
    throw new DomainError(
      'QUOTA_EXCEEDED',
      413,
      `Image member limit exceeded for image ${imageId}: The limit has been exceeded on the number of allowed image members for this image. Attempted: ${count + 1}, Maximum: ${IMAGE_MEMBER_QUOTA}:`,
    );
  const now = rt.clock().toISOString();
  const row: ImageMemberRow = {
    image_id: imageId,
    member_id: memberId,
    status: 'pending',
    created_at: now,
    updated_at: now,
  };
  try {
    await insertImageMember(rt.store.db, row);
  } catch (err) {
    if (rt.store.adapter.isUniqueViolation(err))
      throw conflict(`Member ${memberId} is duplicated for image ${imageId}`);
    // the image went away between the read and the insert (its foreign key)
    if (!(await findImage(rt.store.db, imageId))) throw notFound(`Image ${imageId} not found.`);
    throw err;
  }
  return row;
}

/** GET /v2/images/{id}/members: the owner sees every member, a member only itself. */
export async function listMembersOfImage(rt: Runtime, ctx: RequestContext, imageId: string): Promise<ImageMemberRow[]> {
  const image = await lookupImage(rt, ctx, imageId);
  const refused = (why: string) => forbidden(`Not allowed to list members for image ${imageId}: ${why}`);
  if (image.visibility !== 'shared') throw refused(ONLY_SHARED);
  const own = ctx.isAdmin || image.owner === ctx.projectId;
  if (!isOwnerReaderOrMember(ctx, image, own ? null : ctx.projectId))
    throw refused(`You are not authorized to complete get_members action.`);
  return listImageMembers(rt.store.db, imageId, own ? undefined : (ctx.projectId ?? ''));
}

/** GET /v2/images/{id}/members/{member}: every refusal is a 404 here, as in Glance. */
export async function showImageMember(
  rt: Runtime,
  ctx: RequestContext,
  imageId: string,
  memberId: string,
): Promise<ImageMemberRow> {
  const image = await lookupImage(rt, ctx, imageId);
  if (image.visibility !== 'shared') throw notFound(ONLY_SHARED);
  try {
    return await lookupMember(rt, ctx, image, memberId);
  } catch (err) {
    if (err instanceof DomainError && err.status === 403) throw notFound(err.message);
    throw err;
  }
}

/** PUT /v2/images/{id}/members/{member}: only the member itself (or an admin) sets its status. */
export async function setImageMemberStatus(
  rt: Runtime,
  ctx: RequestContext,
  imageId: string,
  memberId: string,
  status: unknown,
): Promise<ImageMemberRow> {
  const image = await lookupImage(rt, ctx, imageId);
  const refused = forbidden(`Not allowed to update members for image ${imageId}.`);
  if (image.visibility !== 'shared') throw refused;
  const member = await lookupMember(rt, ctx, image, memberId);
  if (!allowed(ctx, 'modify_member', { member_id: memberId })) throw refused;
  if (typeof status !== 'string' || !MEMBER_STATUSES.includes(status))
    throw badRequest('Incorrect request: Status must be "pending", "accepted" or "rejected".');
  const now = rt.clock().toISOString();
  if (!(await updateImageMemberStatus(rt.store.db, imageId, memberId, status, now)))
    throw memberNotFound(memberId, imageId);
  return { ...member, status, updated_at: now };
}

/** DELETE /v2/images/{id}/members/{member}: by the image's owner (or an admin). */
export async function removeImageMember(
  rt: Runtime,
  ctx: RequestContext,
  imageId: string,
  memberId: string,
): Promise<void> {
  const image = await lookupImage(rt, ctx, imageId);
  const refused = forbidden(`Not allowed to delete members for image ${imageId}.`);
  if (image.visibility !== 'shared') throw refused;
  await lookupMember(rt, ctx, image, memberId);
  if (!allowed(ctx, 'delete_member', { project_id: image.owner })) throw refused;
  if (!(await deleteImageMember(rt.store.db, imageId, memberId))) throw memberNotFound(memberId, imageId);
}
