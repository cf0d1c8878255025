/**
 * Cinder v3 generic volume groups (3.13): create, list (summary and detail), show, update, the
 * actions delete, reset_status (3.20) and the replication ones (3.38), and create-from-src
 * (3.14) (cinder/api/v3/groups.py).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, SchemaError, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { compileSchema } from '../../http/validation.js';
import { GroupService, type GroupRow, type GroupSortKey } from '../../services/block-storage/group-service.js';
import { invalidInput, invalidSortKey, noSuchAction } from '../../domain/volumes/errors.js';
import { GROUP_SNAPSHOT_STATUSES, groupStatusInvalid, statusEmpty } from '../../domain/volumes/group-errors.js';
import { notFound } from '../../domain/errors.js';
import { parseBoolString } from '../../lib/bool-from-string.js';
import { parseBooleanLike } from './schemas/volumes.js';
import {
  failoverReplication,
  groupCreate,
  groupCreateFromSource,
  groupDelete,
  groupUpdate,
  replicationAction,
  resetStatus,
} from './schemas/groups.js';
import { groupDetail, groupSummary } from './views/groups.js';
import { nextPageLink } from './next-link.js';
import { firstParam, pageParams, sortParams } from './list-params.js';

const SORT_KEYS: GroupSortKey[] = ['created_at', 'updated_at', 'id', 'name', 'status', 'availability_zone'];

interface GroupAction {
  schema: Record<string, unknown>;
  rule: string;
  minVersion: string;
  run(svc: GroupService, request: FastifyRequest, g: GroupRow, body: Record<string, unknown>): Promise<void>;
}

const ACTIONS: Record<string, GroupAction> = {
  delete: {
    schema: groupDelete,
    rule: 'group:delete',
    minVersion: '3.13',
    run: (svc, request, g, body) => {
      const flag = (body.delete as Record<string, unknown>)['delete-volumes'];
      return svc.delete(request.ctx, g.id, flag === undefined ? false : parseBooleanLike(flag as string | boolean));
    },
  },
  reset_status: {
    schema: resetStatus,
    rule: 'group:reset_status',
    minVersion: '3.20',
    run: async (svc, request, g, body) => {
      const { status } = body.reset_status as { status: string };
      if (status.trim().length === 0) throw statusEmpty('Group');
      // validators.py group_status checks against GroupSnapshotStatus.ALL (and prints GroupStatus.ALL)
      if (!(GROUP_SNAPSHOT_STATUSES as readonly string[]).includes(status.toLowerCase()))
        throw groupStatusInvalid(status);
      await svc.resetStatus(request.ctx, g.id, status.toLowerCase());
    },
  },
  enable_replication: {
    schema: replicationAction('enable_replication'),
    rule: 'group:enable_replication',
    minVersion: '3.38',
    run: (svc, request, g) => svc.replication(request.ctx, g.id, 'enable'),
  },
  disable_replication: {
    schema: replicationAction('disable_replication'),
    rule: 'group:disable_replication',
    minVersion: '3.38',
    run: (svc, request, g) => svc.replication(request.ctx, g.id, 'disable'),
  },
  failover_replication: {
    schema: failoverReplication,
    rule: 'group:failover_replication',
    minVersion: '3.38',
    run: (svc, request, g) => svc.replication(request.ctx, g.id, 'failover'),
  },
};

export function groupRoutes(rt: Runtime): RouteDef[] {
  const svc = new GroupService(rt);

  const list = (detail: boolean) => async (request: FastifyRequest) => {
    const ctx = request.ctx;
    authorize(ctx, 'group:get_all');
    const q = request.query as RawQuery;
    const { limit, offset } = pageParams(q);
    const { key, dir } = sortParams(q);
    if (!(SORT_KEYS as string[]).includes(key)) throw invalidSortKey();
    const allTenants = firstParam(q, 'all_tenants');
    const rows = await svc.list(ctx, {
      allTenants: allTenants !== undefined && parseBoolString(allTenants) !== false,
      name: firstParam(q, 'name'),
      status: firstParam(q, 'status'),
      sortKey: key as GroupSortKey,
      sortDir: dir,
      limit,
      offset,
      marker: firstParam(q, 'marker'),
    });
    const listVolume = parseBoolString(firstParam(q, 'list_volume') ?? 'false') === true;
    const vols = detail && listVolume ? await svc.volumeIds(rows) : undefined;
    const groups = rows.map((g) =>
      detail
        ? groupDetail(ctx, request.mv, g, vols === undefined ? undefined : (vols.get(g.id) ?? []))
        : groupSummary(g),
    );
    const links = nextPageLink(rt, request, `/groups${detail ? '/detail' : ''}`, rows, limit);
    return links ? { groups, group_links: links } : { groups };
  };

  return [
    route({
      method: 'POST',
      url: '/groups',
      policy: 'group:create',
      minVersion: '3.13',
      body: { '3.0': groupCreate },
      handler: async (request, reply) => {
        authorize(request.ctx, 'group:create');
        const b = request.body.group;
        if (b.group_type.trim().length === 0) throw groupTypeEmpty();
        const g = await svc.create(request.ctx, {
          name: b.name?.trim() ?? null,
          description: b.description?.trim() ?? null,
          groupType: b.group_type,
          volumeTypes: b.volume_types,
          availabilityZone: b.availability_zone ?? null,
        });
        reply.code(202);
        return { group: groupSummary(g) };
      },
    }),
    route({
      method: 'POST',
      url: '/groups/action',
      policy: 'group:create',
      minVersion: '3.14',
      body: { '3.0': groupCreateFromSource },
      handler: async (request, reply) => {
        authorize(request.ctx, 'group:create');
        const b = request.body['create-from-src'];
        const g = await svc.createFromSource(request.ctx, {
          name: b.name?.trim() ?? null,
          description: b.description?.trim() ?? null,
          ...(b.group_snapshot_id !== undefined ? { groupSnapshotId: b.group_snapshot_id } : {}),
          ...(b.source_group_id !== undefined ? { sourceGroupId: b.source_group_id } : {}),
        });
        reply.code(202);
        return { group: groupSummary(g) };
      },
    }),
    route({ method: 'GET', url: '/groups', policy: 'group:get_all', minVersion: '3.13', handler: list(false) }),
    route({ method: 'GET', url: '/groups/detail', policy: 'group:get_all', minVersion: '3.13', handler: list(true) }),
    route({
      method: 'GET',
      url: '/groups/:id',
      policy: 'group:get',
      minVersion: '3.13',
      handler: async (request) => {
        const g = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'group:get', { project_id: g.project_id });
        const q = request.query;
        const listVolume = parseBoolString(firstParam(q, 'list_volume') ?? 'false') === true;
        const vols = listVolume ? ((await svc.volumeIds([g])).get(g.id) ?? []) : undefined;
        return { group: groupDetail(request.ctx, request.mv, g, vols) };
      },
    }),
    route({
      method: 'PUT',
      url: '/groups/:id',
      policy: 'group:update',
      minVersion: '3.13',
      body: { '3.0': groupUpdate },
      handler: async (request, reply: FastifyReply) => {
        const g = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'group:update', { project_id: g.project_id });
        const b = request.body.group;
        await svc.update(request.ctx, g.id, {
          name: b.name,
          description: b.description,
          addVolumes: b.add_volumes,
          removeVolumes: b.remove_volumes,
        });
        return reply.code(202).type('application/json').send('');
      },
    }),
    route({
      method: 'POST',
      url: '/groups/:id/action',
      policy: 'group:delete',
      minVersion: '3.13',
      handler: async (request, reply: FastifyReply) => {
        const body = request.body;
        const action =
          typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.keys(body)[0] : undefined;
        const handler = action === undefined ? undefined : ACTIONS[action];
        if (!handler) throw noSuchAction(action ?? 'None');
        // an action newer than the request's microversion does not exist for it
        if (!request.mv.atLeast(handler.minVersion)) throw notFound();
        const violation = compileSchema(handler.schema).check(body);
        if (violation) throw new SchemaError('body', violation);
        const g = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, handler.rule, { project_id: g.project_id });
        await handler.run(svc, request, g, body as Record<string, unknown>);
        return reply.code(202).type('application/json').send('');
      },
    }),
  ];
}

/** validators.py group_type: a name of only blanks */
const groupTypeEmpty = () => invalidInput('group_type can not be empty.');
