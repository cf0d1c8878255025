/**
 * Cinder v3 group snapshots (3.14): create, list (summary and detail; filters, sort and paging
 * from 3.29), show, delete and reset_status (3.19) (cinder/api/v3/group_snapshots.py).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { GroupService, type GroupSnapshotSortKey } from '../../services/block-storage/group-service.js';
import { invalidSortKey, noSuchAction } from '../../domain/volumes/errors.js';
import { GROUP_SNAPSHOT_STATUSES, groupSnapshotStatusInvalid, statusEmpty } from '../../domain/volumes/group-errors.js';
import { notFound } from '../../domain/errors.js';
import { parseBoolString } from '../../lib/bool-from-string.js';
import { groupSnapshotCreate, resetStatus } from './schemas/groups.js';
import { groupSnapshotDetail, groupSnapshotSummary } from './views/groups.js';
import { nextPageLink } from './next-link.js';
import { firstParam, MAX_LIMIT, pageParams, sortParams } from './list-params.js';

const SORT_KEYS: GroupSnapshotSortKey[] = ['created_at', 'updated_at', 'id', 'name', 'status'];

export function groupSnapshotRoutes(rt: Runtime): RouteDef[] {
  const svc = new GroupService(rt);

  const list = (detail: boolean) => async (request: FastifyRequest) => {
    const ctx = request.ctx;
    authorize(ctx, 'group:get_all_group_snapshots');
    const q = request.query as RawQuery;
    // filters, sort and paging are read from 3.29 (GROUP_SNAPSHOT_PAGINATION)
    const paged = request.mv.atLeast('3.29');
    const { limit, offset } = paged ? pageParams(q) : { limit: MAX_LIMIT, offset: 0 };
    const { key, dir } = paged ? sortParams(q) : { key: 'created_at', dir: 'desc' as const };
    if (!(SORT_KEYS as string[]).includes(key)) throw invalidSortKey();
    const allTenants = firstParam(q, 'all_tenants');
    const rows = await svc.listSnapshots(ctx, {
      allTenants: allTenants !== undefined && parseBoolString(allTenants) !== false,
      name: paged ? firstParam(q, 'name') : undefined,
      status: paged ? firstParam(q, 'status') : undefined,
      groupId: paged ? firstParam(q, 'group_id') : undefined,
      sortKey: key as GroupSnapshotSortKey,
      sortDir: dir,
      limit,
      offset,
      marker: paged ? firstParam(q, 'marker') : undefined,
    });
    const group_snapshots = rows.map((s) =>
      detail ? groupSnapshotDetail(ctx, request.mv, s) : { id: s.id, name: s.name },
    );
    const links = paged
      ? nextPageLink(rt, request, `/group_snapshots${detail ? '/detail' : ''}`, rows, limit)
      : undefined;
    return links ? { group_snapshots, group_snapshot_links: links } : { group_snapshots };
  };

  return [
    route({
      method: 'POST',
      url: '/group_snapshots',
      policy: 'group:create_group_snapshot',
      minVersion: '3.14',
      body: { '3.0': groupSnapshotCreate },
      handler: async (request, reply) => {
        const b = request.body.group_snapshot;
        const g = await svc.get(request.ctx, b.group_id);
        authorize(request.ctx, 'group:create_group_snapshot', { project_id: g.project_id });
        const s = await svc.createSnapshot(request.ctx, g.id, {
          name: b.name ?? null,
          description: b.description ?? null,
        });
        reply.code(202);
        return { group_snapshot: groupSnapshotSummary(s) };
      },
    }),
    route({
      method: 'GET',
      url: '/group_snapshots',
      policy: 'group:get_all_group_snapshots',
      minVersion: '3.14',
      handler: list(false),
    }),
    route({
      method: 'GET',
      url: '/group_snapshots/detail',
      policy: 'group:get_all_group_snapshots',
      minVersion: '3.14',
      handler: list(true),
    }),
    route({
      method: 'GET',
      url: '/group_snapshots/:id',
      policy: 'group:get_group_snapshot',
      minVersion: '3.14',
      handler: async (request) => {
        const s = await svc.getSnapshot(request.ctx, request.params.id);
        authorize(request.ctx, 'group:get_group_snapshot', { project_id: s.project_id });
        return { group_snapshot: groupSnapshotDetail(request.ctx, request.mv, s) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/group_snapshots/:id',
      policy: 'group:delete_group_snapshot',
      minVersion: '3.14',
      handler: async (request, reply: FastifyReply) => {
        const s = await svc.getSnapshot(request.ctx, request.params.id);
        authorize(request.ctx, 'group:delete_group_snapshot', { project_id: s.project_id });
        await svc.deleteSnapshot(request.ctx, s.id);
        return reply.code(202).type('text/html; charset=UTF-8').send('');
      },
    }),
    route({
      method: 'POST',
      url: '/group_snapshots/:id/action',
      policy: 'group:reset_group_snapshot_status',
      minVersion: '3.14',
      body: { '3.0': resetStatus },
      handler: async (request, reply: FastifyReply) => {
        const body = request.body as Record<string, unknown>;
        if (!('reset_status' in body)) throw noSuchAction(Object.keys(body)[0] ?? 'None');
        if (!request.mv.atLeast('3.19')) throw notFound();
        const s = await svc.getSnapshot(request.ctx, request.params.id);
        authorize(request.ctx, 'group:reset_group_snapshot_status', { project_id: s.project_id });
        const { status } = request.body.reset_status;
        if (status.trim().length === 0) throw statusEmpty('GroupSnapshot');
        if (!(GROUP_SNAPSHOT_STATUSES as readonly string[]).includes(status.toLowerCase()))
          throw groupSnapshotStatusInvalid(status);
        await svc.resetSnapshotStatus(request.ctx, s.id, status.toLowerCase());
        return reply.code(202).type('application/json').send('');
      },
    }),
  ];
}
