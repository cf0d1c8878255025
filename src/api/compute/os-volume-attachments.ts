/**
 * /servers/{id}/os-volume_attachments[/{volume_id}] (nova/api/openstack/compute/volumes.py
 * VolumeAttachmentController). Order as Nova: schema → instance 404 → policy 403 → the compute
 * API's checks (lock/state 409, volume 404, Cinder's 400). A server without volumes lists [].
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { badRequest, isDomainError } from '../../domain/errors.js';
import { VolumeProxy } from '../../services/compute/volume-proxy.js';
import { authorize } from '../../policy/check.js';
import { VolumeAttachService } from '../../services/compute/volume-attach-service.js';
import { requestServer, serverProject } from './server-lookup.js';
import { volumeAttachmentCreateBody, volumeAttachmentUpdateBody } from './schemas/os-volume-attachments.js';
import { createdAttachmentView, volumeAttachmentView } from './views/os-volume-attachments.js';
import { isTrueString } from '../../lib/bool-from-string.js';

const P = 'os_compute_api:os-volumes-attachments';

/** common.limited: offset and limit (non-negative integers), 1000 at most */
function limited<T>(rows: T[], q: RawQuery): T[] {
  const one = (k: string) => {
    const v = q[k];
    return Array.isArray(v) ? v.at(-1) : v;
  };
  const parse = (k: string): number | undefined => {
    const raw = one(k);
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw)) throw badRequest(`${k} param must be an integer`);
    return Number(raw);
  };
  const offset = parse('offset') ?? 0;
  const limit = Math.min(parse('limit') ?? 1000, 1000);
  return rows.slice(offset, offset + limit);
}

export function volumeAttachmentRoutes(rt: Runtime): RouteDef[] {
  const svc = new VolumeAttachService(rt);
  const volumes = new VolumeProxy(rt);
  const target = serverProject(rt);
  const server = (request: FastifyRequest & { params: { serverId: string } }) => requestServer(rt, request);
  return [
    route({
      method: 'GET',
      url: '/servers/:serverId/os-volume_attachments',
      policy: `${P}:index`,
      target,
      handler: async (request) => {
        const row = await server(request);
        const bdms = limited(await svc.list(row.uuid), request.query);
        // 2.89 lists only the mappings that hold a Cinder attachment (all of ours do)
        return { volumeAttachments: bdms.map((b) => volumeAttachmentView(b, request.mv)) };
      },
    }),
    route({
      method: 'GET',
      url: '/servers/:serverId/os-volume_attachments/:volumeId',
      policy: `${P}:show`,
      target,
      handler: async (request) => {
        const row = await server(request);
        const bdm = await svc.show(row, request.params.serverId, request.params.volumeId);
        return { volumeAttachment: volumeAttachmentView(bdm, request.mv) };
      },
    }),
    route({
      method: 'POST',
      url: '/servers/:serverId/os-volume_attachments',
      policy: `${P}:create`,
      body: volumeAttachmentCreateBody,
      target,
      handler: async (request) => {
        const row = await server(request);
        const b = request.body.volumeAttachment as {
          volumeId: string;
          device?: string | null;
          tag?: string;
          delete_on_termination?: boolean | string;
        };
        const bdm = await svc.attach(request.ctx, row, {
          volumeId: b.volumeId,
          device: b.device ?? null,
          tag: b.tag ?? null,
          deleteOnTermination: b.delete_on_termination === undefined ? false : isTrueString(b.delete_on_termination),
          supportsMultiattach: request.mv.atLeast('2.60'),
          shelvedAllowed: request.mv.atLeast('2.20'),
        });
        return { volumeAttachment: createdAttachmentView(bdm, request.params.serverId, request.mv) };
      },
    }),
    route({
      method: 'PUT',
      url: '/servers/:serverId/os-volume_attachments/:volumeId',
      policy: `${P}:update`,
      body: volumeAttachmentUpdateBody,
      target,
      handler: async (request, reply) => {
        const row = await server(request);
        const att = request.body.volumeAttachment as {
          volumeId: string;
          device?: string | null;
          tag?: string;
          delete_on_termination?: boolean | string;
          serverId?: string;
          id?: string;
        };
        const onlySwap = !request.mv.atLeast('2.85');
        if (onlySwap || att.volumeId !== request.params.volumeId) {
          // swapping a volume (Cinder's migration asks for it) is an admin's, and not served here;
          // _update_volume_swap reads both volumes first: the old one missing is 404, the new one 400
          authorize(request.ctx, `${P}:swap`, {});
          await volumes.show(request.ctx, request.params.volumeId);
          await volumes.show(request.ctx, att.volumeId).catch((e: unknown) => {
            throw isDomainError(e) && e.status === 404 ? badRequest(e.message) : e;
          });
          throw badRequest('Swapping a volume is not supported by this cloud.');
        }
        await svc.update(row, request.params.serverId, request.params.volumeId, {
          id: att.id,
          serverId: att.serverId,
          device: att.device,
          tag: att.tag,
          deleteOnTermination:
            att.delete_on_termination === undefined ? undefined : isTrueString(att.delete_on_termination),
        });
        return reply.code(202).send();
      },
    }),
    route({
      method: 'DELETE',
      url: '/servers/:serverId/os-volume_attachments/:volumeId',
      policy: `${P}:delete`,
      target,
      handler: async (request, reply) => {
        const row = await server(request);
        await svc.detach(
          request.ctx,
          row,
          request.params.serverId,
          request.params.volumeId,
          request.mv.atLeast('2.20'),
        );
        return reply.code(202).send();
      },
    }),
  ];
}
