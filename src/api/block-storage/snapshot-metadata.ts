/**
 * Snapshot metadata (cinder/api/v3/snapshot_metadata.py as Zed serves it): the body is checked
 * by the controller (assert_valid_body, then Cinder's metadata property check on the merged
 * result), not by a JSON schema, so its messages differ from the volume metadata API's.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { SnapshotService } from '../../services/block-storage/snapshot-service.js';
import {
  bodyUriMismatch,
  missingBodyElement,
  snapshotMetadataNotFound,
  tooManyBodyItems,
} from '../../domain/volumes/errors.js';

/** wsgi.Controller.assert_valid_body: the element must be there and be a dict */
function bodyElement(request: FastifyRequest, name: string): Record<string, unknown> {
  const body = request.body;
  const el =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)[name]
      : undefined;
  if (typeof el !== 'object' || el === null || Array.isArray(el)) throw missingBodyElement(name);
  return el as Record<string, unknown>;
}

export function snapshotMetadataRoutes(rt: Runtime): RouteDef[] {
  const svc = new SnapshotService(rt);

  const load = async (request: FastifyRequest, id: string, rule: string) => {
    const s = await svc.get(request.ctx, id);
    authorize(request.ctx, rule, { project_id: s.project_id });
    return s;
  };

  return [
    route({
      method: 'GET',
      url: '/snapshots/:id/metadata',
      policy: 'volume:get_snapshot_metadata',
      handler: async (request) => {
        const s = await load(request, request.params.id, 'volume:get_snapshot_metadata');
        return { metadata: JSON.parse(s.metadata) as Record<string, string> };
      },
    }),
    route({
      method: 'POST',
      url: '/snapshots/:id/metadata',
      policy: 'volume:update_snapshot_metadata',
      handler: async (request) => {
        const md = bodyElement(request, 'metadata');
        const s = await load(request, request.params.id, 'volume:update_snapshot_metadata');
        return { metadata: await svc.changeMetadata(request.ctx, s.id, { merge: md }) };
      },
    }),
    route({
      method: 'PUT',
      url: '/snapshots/:id/metadata',
      policy: 'volume:update_snapshot_metadata',
      handler: async (request) => {
        const md = bodyElement(request, 'metadata');
        const s = await load(request, request.params.id, 'volume:update_snapshot_metadata');
        return { metadata: await svc.changeMetadata(request.ctx, s.id, { replace: md }) };
      },
    }),
    route({
      method: 'GET',
      url: '/snapshots/:id/metadata/:key',
      policy: 'volume:get_snapshot_metadata',
      handler: async (request) => {
        const { id, key } = request.params;
        const s = await load(request, id, 'volume:get_snapshot_metadata');
        const md = JSON.parse(s.metadata) as Record<string, string>;
        if (!Object.prototype.hasOwnProperty.call(md, key)) throw snapshotMetadataNotFound(s.id, key);
        return { meta: { [key]: md[key] } };
      },
    }),
    route({
      method: 'PUT',
      url: '/snapshots/:id/metadata/:key',
      policy: 'volume:update_snapshot_metadata',
      handler: async (request) => {
        const { id, key } = request.params;
        const meta = bodyElement(request, 'meta');
        if (!Object.prototype.hasOwnProperty.call(meta, key)) throw bodyUriMismatch();
        if (Object.keys(meta).length > 1) throw tooManyBodyItems();
        const s = await load(request, id, 'volume:update_snapshot_metadata');
        await svc.changeMetadata(request.ctx, s.id, { merge: meta });
        return { meta };
      },
    }),
    route({
      method: 'DELETE',
      url: '/snapshots/:id/metadata/:key',
      policy: 'volume:delete_snapshot_metadata',
      handler: async (request, reply: FastifyReply) => {
        const { id, key } = request.params;
        const s = await load(request, id, 'volume:delete_snapshot_metadata');
        await svc.changeMetadata(request.ctx, s.id, { remove: key });
        return reply.code(200).type('text/html; charset=UTF-8').send('');
      },
    }),
  ];
}
