/**
 * /os-volumes[/detail|/{id}] (nova/api/openstack/compute/volumes.py VolumeController): Nova's
 * proxy of Cinder, served up to MAX_PROXY_API_SUPPORT_VERSION (2.35) and 404 from 2.36. Nova's
 * rule is checked against the caller's own project; Cinder's rules then apply to the caller.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { baseUrl } from '../../http/base-url.js';
import { badRequest } from '../../domain/errors.js';
import { queryNotDigits } from '../../domain/compute-errors.js';
import { VolumeProxy } from '../../services/compute/volume-proxy.js';
import { volumeCreateBody } from './schemas/os-volumes.js';
import { novaVolumeView } from './views/os-volumes.js';

export const MAX_PROXY = '2.35';
const P = 'os_compute_api:os-volumes';

/**
 * index_query (limit and offset: non-negative integers, each value checked) and common.limited
 * (the last value wins, limit capped by max_limit): the slice of the list to show
 */
export function proxyPage(q: RawQuery, maxLimit: number): { offset: number; limit: number } {
  const values = (k: string): string[] => {
    const v = q[k];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  for (const k of ['limit', 'offset'])
    for (const v of values(k)) {
      if (v === '') throw badRequest(`Invalid input for query parameters ${k}. Value: . '' is too short`);
      if (!/^[0-9]*$/.test(v)) throw queryNotDigits(k, v);
    }
  const offset = Number(values('offset').at(-1) ?? 0);
  const limit = Math.min(Number(values('limit').at(-1) ?? maxLimit), maxLimit);
  return { offset, limit };
}

export function osVolumeRoutes(rt: Runtime): RouteDef[] {
  // Nova checks its rule against the caller's own project (target={"project_id": context.project_id})
  const own = () => ({});
  const proxy = new VolumeProxy(rt);
  const list = async (request: FastifyRequest & { query: RawQuery }) => {
    const { offset, limit } = proxyPage(request.query, rt.config.compute.maxListLimit);
    const volumes = (await proxy.list(request.ctx, offset + limit)).slice(offset, offset + limit);
    return { volumes: volumes.map(novaVolumeView) };
  };
  return [
    route({
      method: 'GET',
      url: '/os-volumes',
      policy: `${P}:list`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: list,
    }),
    route({
      method: 'GET',
      url: '/os-volumes/detail',
      policy: `${P}:detail`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: list,
    }),
    route({
      method: 'GET',
      url: '/os-volumes/:volumeId',
      policy: `${P}:show`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request) => ({
        volume: novaVolumeView(await proxy.show(request.ctx, request.params.volumeId)),
      }),
    }),
    route({
      method: 'POST',
      url: '/os-volumes',
      policy: `${P}:create`,
      maxVersion: MAX_PROXY,
      target: own,
      body: volumeCreateBody,
      handler: async (request, reply) => {
        const b = request.body.volume;
        const v = await proxy.create(request.ctx, {
          size: Number(b.size),
          name: b.display_name ?? null,
          description: b.display_description ?? null,
          volumeType: b.volume_type ?? null,
          metadata: b.metadata ?? {},
          availabilityZone: b.availability_zone ?? null,
          snapshotId: b.snapshot_id ?? null,
        });
        const url = `${baseUrl(rt.config, request)}${request.url.split('?')[0]}`;
        reply.header('location', `${url}/${v.row.id}`);
        return { volume: novaVolumeView(v) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/os-volumes/:volumeId',
      policy: `${P}:delete`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request, reply) => {
        await proxy.delete(request.ctx, request.params.volumeId);
        return reply.code(202).send();
      },
    }),
  ];
}
