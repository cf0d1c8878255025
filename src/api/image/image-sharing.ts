/**
 * Glance v2 tags (image_tags.py), deactivate/reactivate (image_actions.py) and members
 * (image_members.py). Translation only: the image services decide and write.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import type { RequestContext } from '../../domain/context.js';
import { badRequest, forbidden, isDomainError, notFound } from '../../domain/errors.js';
import { allowed } from '../../policy/check.js';
import { notAuthorized, type ImageRow } from '../../services/image/image-service.js';
import {
  addImageTag,
  changeImageActivation,
  removeImageTag,
  tagDeleteForbidden,
  tagUpdateForbidden,
} from '../../services/image/image-actions-service.js';
import {
  addImageMember,
  listMembersOfImage,
  removeImageMember,
  setImageMemberStatus,
  showImageMember,
  type ImageMemberRow,
} from '../../services/image/image-members-service.js';
import { visibleImage } from './image-lookup.js';
import { tagTooLong } from './errors.js';

/** the image schema's tags items maxLength, which PUT …/tags/{tag} validates its tag against */
const MAX_TAG_LENGTH = 255;

/** Glance's timeutils.isotime: seconds precision, Z */
const isotime = (iso: string): string => iso.replace(/\.\d+Z$/, 'Z');

export function memberView(m: ImageMemberRow): Record<string, unknown> {
  return {
    member_id: m.member_id,
    image_id: m.image_id,
    status: m.status,
    created_at: isotime(m.created_at),
    updated_at: isotime(m.updated_at),
    schema: '/v2/schemas/member',
  };
}

/** The image of a tag route: the controller words its 404 "Image <id> not found." */
async function taggedImage(rt: Runtime, request: Parameters<typeof visibleImage>[1]) {
  try {
    return await visibleImage(rt, request);
  } catch (err) {
    if (isDomainError(err) && err.status === 404) throw notFound(`Image ${request.params.imageId} not found.`);
    throw err;
  }
}

/**
 * The deactivate/reactivate rule, worded as Zed's Glance words a refusal: another project's
 * image is "You do not own this image" (its authorization layer), the owner's reader the rule's.
 */
function checkActivationAllowed(ctx: RequestContext, image: ImageRow, action: 'deactivate' | 'reactivate'): void {
  if (allowed(ctx, action, { project_id: image.owner })) return;
  if (image.owner !== ctx.projectId) throw forbidden('You do not own this image');
  throw notAuthorized(action);
}

/** A JSON object body, or Glance's 400 for none. */
function objectBody(body: unknown): Record<string, unknown> | null {
  if (body === undefined || body === null) throw badRequest('Body expected in request.');
  return typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

export function imageSharingRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      // the deserializer checks the tag first (400), then the image (404), then modify_image (403)
      method: 'PUT',
      url: '/v2/images/:imageId/tags/:tag',
      policy: 'modify_image',
      handler: async (request, reply) => {
        const { tag } = request.params;
        if ([...tag].length > MAX_TAG_LENGTH) throw tagTooLong(tag);
        const image = await taggedImage(rt, request);
        if (!allowed(request.ctx, 'modify_image', { project_id: image.owner })) throw tagUpdateForbidden(image.id);
        await addImageTag(rt, image, tag);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'DELETE',
      url: '/v2/images/:imageId/tags/:tag',
      policy: 'modify_image',
      handler: async (request, reply) => {
        const image = await taggedImage(rt, request);
        if (!allowed(request.ctx, 'modify_image', { project_id: image.owner })) throw tagDeleteForbidden(image.id);
        await removeImageTag(rt, image, request.params.tag);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'POST',
      url: '/v2/images/:imageId/actions/deactivate',
      policy: 'deactivate',
      handler: async (request, reply) => {
        const image = await visibleImage(rt, request);
        checkActivationAllowed(request.ctx, image, 'deactivate');
        await changeImageActivation(rt, image, 'deactivate');
        return reply.code(204).send();
      },
    }),
    route({
      method: 'POST',
      url: '/v2/images/:imageId/actions/reactivate',
      policy: 'reactivate',
      handler: async (request, reply) => {
        const image = await visibleImage(rt, request);
        checkActivationAllowed(request.ctx, image, 'reactivate');
        await changeImageActivation(rt, image, 'reactivate');
        return reply.code(204).send();
      },
    }),
    route({
      method: 'GET',
      url: '/v2/images/:imageId/members',
      policy: 'get_members',
      handler: async (request) => {
        const members = await listMembersOfImage(rt, request.ctx, request.params.imageId);
        return { members: members.map(memberView), schema: '/v2/schemas/members' };
      },
    }),
    route({
      method: 'POST',
      url: '/v2/images/:imageId/members',
      policy: 'add_member',
      handler: async (request) => {
        const body = objectBody(request.body);
        if (body === null) throw badRequest('Expected a member in the form: {"member": "image_id"}');
        if (!('member' in body)) throw badRequest('Member to be added not specified');
        const member = body.member;
        if (!member) throw badRequest("Member can't be empty");
        // Glance takes any JSON value and stores its text; a project id is a string or a number
        if (typeof member !== 'string' && typeof member !== 'number')
          throw badRequest('Expected a member in the form: {"member": "image_id"}');
        return memberView(await addImageMember(rt, request.ctx, request.params.imageId, String(member)));
      },
    }),
    route({
      method: 'GET',
      url: '/v2/images/:imageId/members/:memberId',
      policy: 'get_member',
      handler: async (request) =>
        memberView(await showImageMember(rt, request.ctx, request.params.imageId, request.params.memberId)),
    }),
    route({
      method: 'PUT',
      url: '/v2/images/:imageId/members/:memberId',
      policy: 'modify_member',
      handler: async (request) => {
        const body = objectBody(request.body);
        if (body === null) throw badRequest('Expected a status in the form: {"status": "status"}');
        if (!('status' in body)) throw badRequest('Status not specified');
        const { imageId, memberId } = request.params;
        return memberView(await setImageMemberStatus(rt, request.ctx, imageId, memberId, body.status));
      },
    }),
    route({
      method: 'DELETE',
      url: '/v2/images/:imageId/members/:memberId',
      policy: 'delete_member',
      handler: async (request, reply) => {
        await removeImageMember(rt, request.ctx, request.params.imageId, request.params.memberId);
        return reply.code(204).send();
      },
    }),
  ];
}
