/**
 * Cinder v3 attachments (cinder/api/v3/attachments.py): 3.27 create/list/detail/show/update/
 * delete, 3.44 os-complete. Below 3.27 the routes do not exist (404).
 */
import type { FastifyReply } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { AttachmentService } from '../../services/block-storage/attachment-service.js';
import { VolumeService } from '../../services/block-storage/volume-service.js';
import { limitNotInteger, limitNotPositive, noSuchAction } from '../../domain/volumes/errors.js';
import { attachmentCreate, attachmentUpdate } from './schemas/attachments.js';
import { attachmentDetail, attachmentSummary } from './views/attachments.js';

const MAX_LIMIT = 1000;

const first = (q: RawQuery, name: string): string | undefined => {
  const v = q[name];
  return Array.isArray(v) ? v[0] : v;
};

export function attachmentRoutes(rt: Runtime): RouteDef[] {
  const svc = new AttachmentService(rt);
  const volumes = new VolumeService(rt);

  const list = (detail: boolean) => async (request: { ctx: Parameters<typeof svc.list>[0]; query: unknown }) => {
    const q = request.query as RawQuery;
    const rawLimit = first(q, 'limit');
    let limit = MAX_LIMIT;
    if (rawLimit !== undefined) {
      if (!/^-?\d+$/.test(rawLimit)) throw limitNotInteger();
      limit = Number(rawLimit);
      if (limit < 0) throw limitNotPositive();
      limit = Math.min(limit, MAX_LIMIT);
    }
    const rows = await svc.list(request.ctx, {
      allTenants: first(q, 'all_tenants') !== undefined,
      volumeId: first(q, 'volume_id'),
      instanceUuid: first(q, 'instance_id'),
      attachStatus: first(q, 'attach_status') ?? first(q, 'status'),
      limit,
      marker: first(q, 'marker'),
    });
    return { attachments: rows.map(detail ? attachmentDetail : attachmentSummary) };
  };

  return [
    route({
      method: 'POST',
      url: '/attachments',
      policy: 'volume:attachment_create',
      minVersion: '3.27',
      body: attachmentCreate,
      handler: async (request) => {
        const b = request.body.attachment as {
          volume_uuid: string;
          instance_uuid?: string;
          connector?: Record<string, unknown> | null;
          mode?: string;
        };
        const v = await volumes.get(request.ctx, b.volume_uuid);
        authorize(request.ctx, 'volume:attachment_create', { project_id: v.project_id });
        const a = await svc.create(request.ctx, v, {
          instanceUuid: b.instance_uuid ?? null,
          connector: b.connector ?? null,
          mode: b.mode ?? null,
        });
        return { attachment: attachmentDetail(a) };
      },
    }),
    route({
      method: 'GET',
      url: '/attachments',
      policy: 'volume:attachment_get_all',
      minVersion: '3.27',
      handler: list(false),
    }),
    route({
      method: 'GET',
      url: '/attachments/detail',
      policy: 'volume:attachment_get_all',
      minVersion: '3.27',
      handler: list(true),
    }),
    route({
      method: 'GET',
      url: '/attachments/:id',
      policy: 'volume:attachment_get',
      minVersion: '3.27',
      handler: async (request) => ({ attachment: attachmentDetail(await svc.get(request.ctx, request.params.id)) }),
    }),
    route({
      method: 'PUT',
      url: '/attachments/:id',
      policy: 'volume:attachment_update',
      minVersion: '3.27',
      body: { '3.27': attachmentUpdate },
      handler: async (request) => {
        const a = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'volume:attachment_update', { project_id: a.project_id });
        const connector = request.body.attachment.connector;
        return { attachment: attachmentDetail(await svc.update(request.ctx, a.id, connector)) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/attachments/:id',
      policy: 'volume:attachment_delete',
      minVersion: '3.27',
      handler: async (request) => {
        const a = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'volume:attachment_delete', { project_id: a.project_id });
        return { attachments: (await svc.delete(request.ctx, a.id)).map(attachmentSummary) };
      },
    }),
    route({
      method: 'POST',
      url: '/attachments/:id/action',
      policy: 'volume:attachment_complete',
      minVersion: '3.44',
      handler: async (request, reply: FastifyReply) => {
        const body = request.body;
        const action =
          typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.keys(body)[0] : undefined;
        if (action !== 'os-complete') throw noSuchAction(action ?? 'None');
        const a = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'volume:attachment_complete', { project_id: a.project_id });
        await svc.complete(request.ctx, a.id);
        return reply.code(204).send();
      },
    }),
  ];
}
