/** Cinder v3 snapshots: create, list (summary and detail), show, update, delete (cinder/api/v3/snapshots.py). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { nextPageLink } from './next-link.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { SnapshotService, type SnapshotSortKey } from '../../services/block-storage/snapshot-service.js';
import { invalidSortKey } from '../../domain/volumes/errors.js';
import { firstParam, pageParams, sortParams } from './list-params.js';
import { parseBooleanLike, snapshotCreate, snapshotUpdate } from './schemas/volumes.js';
import { snapshotDetail, snapshotSummary } from './views/volumes.js';
import { parseBoolString } from '../../lib/bool-from-string.js';

const SORT_KEYS: SnapshotSortKey[] = ['created_at', 'updated_at', 'id', 'name', 'status', 'size', 'volume_id'];

const first = firstParam;

/** Cinder sorts snapshots by their model's columns; any other key is its "Invalid sort key" 400 */
function snapshotSort(request: FastifyRequest): { sortKey: SnapshotSortKey; sortDir: 'asc' | 'desc' } {
  const { key, dir } = sortParams(request.query as RawQuery);
  // the column is display_name; "name" is its alias from 3.30 (SNAPSHOT_SORT)
  if (key === 'display_name' || (key === 'name' && request.mv.atLeast('3.30')))
    return { sortKey: 'name', sortDir: dir };
  if (key === 'name' || !(SORT_KEYS as string[]).includes(key)) throw invalidSortKey();
  return { sortKey: key as SnapshotSortKey, sortDir: dir };
}

export function snapshotRoutes(rt: Runtime): RouteDef[] {
  const svc = new SnapshotService(rt);

  const list = (detail: boolean) => async (request: FastifyRequest) => {
    const ctx = request.ctx;
    authorize(ctx, 'volume:get_all_snapshots');
    const q = request.query as RawQuery;
    const { limit, offset } = pageParams(q);
    const allTenants = first(q, 'all_tenants');
    const rows = await svc.list(ctx, {
      allTenants: allTenants !== undefined && parseBoolString(allTenants) !== false,
      name: first(q, 'name') ?? first(q, 'display_name'),
      status: first(q, 'status'),
      volumeId: first(q, 'volume_id'),
      ...snapshotSort(request),
      limit,
      offset,
      marker: first(q, 'marker'),
    });
    const snapshots = rows.map((s) => (detail ? snapshotDetail(ctx, request.mv, s) : snapshotSummary(request.mv, s)));
    const links = nextPageLink(rt, request, `/snapshots${detail ? '/detail' : ''}`, rows, limit);
    return links ? { snapshots, snapshots_links: links } : { snapshots };
  };

  return [
    route({
      method: 'POST',
      url: '/snapshots',
      policy: 'volume:create_snapshot',
      body: { '1': snapshotCreate },
      handler: async (request, reply) => {
        const b = request.body.snapshot;
        authorize(request.ctx, 'volume:create_snapshot');
        const s = await svc.create(request.ctx, {
          volumeId: b.volume_id ?? null,
          name: b.name ?? b.display_name ?? null,
          description: b.description ?? b.display_description ?? null,
          metadata: b.metadata ?? {},
          force: b.force === undefined ? false : parseBooleanLike(b.force),
        });
        reply.code(202);
        return { snapshot: snapshotSummary(request.mv, s) };
      },
    }),
    route({ method: 'GET', url: '/snapshots', policy: 'volume:get_all_snapshots', handler: list(false) }),
    route({ method: 'GET', url: '/snapshots/detail', policy: 'volume:get_all_snapshots', handler: list(true) }),
    route({
      method: 'GET',
      url: '/snapshots/:id',
      policy: 'volume:get_snapshot',
      handler: async (request) => {
        const s = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'volume:get_snapshot', { project_id: s.project_id });
        return { snapshot: snapshotDetail(request.ctx, request.mv, s) };
      },
    }),
    route({
      method: 'PUT',
      url: '/snapshots/:id',
      policy: 'volume:update_snapshot',
      body: { '1': snapshotUpdate },
      handler: async (request) => {
        const s = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'volume:update_snapshot', { project_id: s.project_id });
        const b = request.body.snapshot;
        const updated = await svc.update(request.ctx, s.id, {
          name: b.name !== undefined ? b.name : b.display_name,
          description: b.description !== undefined ? b.description : b.display_description,
        });
        return { snapshot: snapshotSummary(request.mv, updated) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/snapshots/:id',
      policy: 'volume:delete_snapshot',
      handler: async (request, reply: FastifyReply) => {
        const s = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'volume:delete_snapshot', { project_id: s.project_id });
        await svc.delete(request.ctx, s.id);
        return reply.code(202).type('text/html; charset=UTF-8').send('');
      },
    }),
  ];
}
