/**
 * /os-snapshots[/detail|/{id}] (nova/api/openstack/compute/volumes.py SnapshotController): Nova's
 * proxy of Cinder's volume snapshots, served up to 2.35 and 404 from 2.36, as /os-volumes.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { isTrueString } from '../../lib/bool-from-string.js';
import { VolumeProxy } from '../../services/compute/volume-proxy.js';
import { snapshotCreateBody } from './schemas/os-volumes.js';
import { novaSnapshotView } from './views/os-volumes.js';
import { MAX_PROXY, proxyPage } from './os-volumes.js';

const P = 'os_compute_api:os-volumes:snapshots';

export function osSnapshotRoutes(rt: Runtime): RouteDef[] {
  const own = () => ({});
  const proxy = new VolumeProxy(rt);
  const list = async (request: FastifyRequest & { query: RawQuery }) => {
    const { offset, limit } = proxyPage(request.query, rt.config.compute.maxListLimit);
    const snapshots = (await proxy.listSnapshots(request.ctx, offset + limit)).slice(offset, offset + limit);
    return { snapshots: snapshots.map(novaSnapshotView) };
  };
  return [
    route({
      method: 'GET',
      url: '/os-snapshots',
      policy: `${P}:list`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: list,
    }),
    route({
      method: 'GET',
      url: '/os-snapshots/detail',
      policy: `${P}:detail`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: list,
    }),
    route({
      method: 'GET',
      url: '/os-snapshots/:snapshotId',
      policy: `${P}:show`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request) => ({
        snapshot: novaSnapshotView(await proxy.showSnapshot(request.ctx, request.params.snapshotId)),
      }),
    }),
    route({
      method: 'POST',
      url: '/os-snapshots',
      policy: `${P}:create`,
      maxVersion: MAX_PROXY,
      target: own,
      body: snapshotCreateBody,
      handler: async (request) => {
        const b = request.body.snapshot;
        const s = await proxy.createSnapshot(request.ctx, {
          volumeId: b.volume_id,
          force: b.force === undefined ? false : isTrueString(b.force),
          name: b.display_name ?? null,
          description: b.display_description ?? null,
        });
        return { snapshot: novaSnapshotView(s) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/os-snapshots/:snapshotId',
      policy: `${P}:delete`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request, reply) => {
        await proxy.deleteSnapshot(request.ctx, request.params.snapshotId);
        return reply.code(202).send();
      },
    }),
  ];
}
