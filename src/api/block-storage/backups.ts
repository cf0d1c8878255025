/**
 * Cinder v3 backups: create, list (summary and detail) with filters, paging and sort, show,
 * update (3.9), delete, restore and the admin actions os-reset_status and os-force_delete
 * (cinder/api/contrib/backups.py, api/v3/backups.py, api/contrib/admin_actions.py).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { nextPageLink } from './next-link.js';
import { route, SchemaError, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { compileSchema } from '../../http/validation.js';
import { BackupService, type BackupRow, type BackupSortKey } from '../../services/block-storage/backup-service.js';
import { VolumeService } from '../../services/block-storage/volume-service.js';
import { invalidSortKey, noSuchAction, notABoolean } from '../../domain/volumes/errors.js';
import { allTenantsNotBoolean, backupResetStatusInvalid } from '../../domain/volumes/backup-errors.js';
import { BACKUP_RESETTABLE } from '../../domain/volumes/states.js';
import { parseBoolString } from '../../lib/bool-from-string.js';
import {
  backupCreate,
  backupCreateV343,
  backupCreateV351,
  backupForceDelete,
  backupResetStatus,
  backupRestore,
  backupUpdate,
  backupUpdateV343,
  backupImportRecord,
} from './schemas/backups.js';
import { parseBooleanLike } from './schemas/volumes.js';
import { backupDetail, backupSummary, restoreView } from './views/backups.js';
import { linkBase } from './volumes.js';
import { firstParam, pageParams, sortParams } from './list-params.js';

const SORT_KEYS: BackupSortKey[] = [
  'created_at',
  'updated_at',
  'id',
  'status',
  'size',
  'volume_id',
  'availability_zone',
  'container',
];

const first = firstParam;

interface ListParams {
  limit: number;
  offset: number;
  marker?: string;
  sortKey: BackupSortKey;
  sortDir: 'asc' | 'desc';
  name?: string;
  status?: string;
  volumeId?: string;
  allTenants: boolean;
  withCount: boolean;
}

function listParams(request: FastifyRequest): ListParams {
  const q = request.query as RawQuery;
  const { limit, offset } = pageParams(q);
  const { key, dir: sortDir } = sortParams(q);
  let sortKey = key;
  // the column is display_name; "name" is its alias from 3.37 (BACKUP_SORT_NAME)
  if (sortKey === 'display_name' || (sortKey === 'name' && request.mv.atLeast('3.37'))) sortKey = 'name';
  else if (!(SORT_KEYS as string[]).includes(sortKey)) throw invalidSortKey();
  const allTenants = first(q, 'all_tenants');
  if (allTenants !== undefined && parseBoolString(allTenants) === undefined) throw allTenantsNotBoolean(allTenants);
  const withCount = first(q, 'with_count');
  let count = false;
  if (withCount !== undefined && request.mv.atLeast('3.45')) {
    const parsed = parseBoolString(withCount);
    if (parsed === undefined) throw notABoolean('with_count', withCount);
    count = parsed;
  }
  return {
    limit,
    offset,
    marker: first(q, 'marker'),
    sortKey: sortKey as BackupSortKey,
    sortDir,
    name: first(q, 'name'),
    status: first(q, 'status'),
    volumeId: first(q, 'volume_id'),
    allTenants: allTenants !== undefined && parseBoolString(allTenants) === true,
    withCount: count,
  };
}

interface BackupAction {
  schema: Record<string, unknown>;
  rule: string;
  run(svc: BackupService, request: FastifyRequest, b: BackupRow, body: Record<string, unknown>): Promise<void>;
}

/** the backup actions served, by their body key (contrib/admin_actions.py BackupAdminController) */
const ACTIONS: Record<string, BackupAction> = {
  'os-reset_status': {
    schema: backupResetStatus,
    rule: 'volume_extension:backup_admin_actions:reset_status',
    run: async (svc, request, b, body) => {
      const { status } = body['os-reset_status'] as { status: string };
      const lower = status.toLowerCase();
      if (!(BACKUP_RESETTABLE as readonly string[]).includes(lower))
        throw backupResetStatusInvalid(status, BACKUP_RESETTABLE);
      await svc.resetStatus(request.ctx, b.id, lower);
    },
  },
  'os-force_delete': {
    schema: backupForceDelete,
    rule: 'volume_extension:backup_admin_actions:force_delete',
    run: (svc, request, b) => svc.delete(request.ctx, b.id, true),
  },
};

export function backupRoutes(rt: Runtime): RouteDef[] {
  const svc = new BackupService(rt);
  const volumes = new VolumeService(rt);

  const list = (detail: boolean) => async (request: FastifyRequest) => {
    const ctx = request.ctx;
    authorize(ctx, 'backup:get_all');
    const p = listParams(request);
    const rows = await svc.list(ctx, p);
    const b = linkBase(rt, request);
    const deps = detail ? await svc.dependents(rows) : new Set<string>();
    const backups = rows.map((r) =>
      detail ? backupDetail(b, ctx, request.mv, r, deps.has(r.id)) : backupSummary(b, r),
    );
    const out: Record<string, unknown> = { backups };
    const links = nextPageLink(rt, request, `/backups${detail ? '/detail' : ''}`, rows, p.limit);
    if (links) out.backups_links = links;
    if (p.withCount) out.count = await svc.count(ctx, p);
    return out;
  };

  const show = async (request: FastifyRequest, r: BackupRow) => {
    const deps = await svc.dependents([r]);
    return { backup: backupDetail(linkBase(rt, request), request.ctx, request.mv, r, deps.has(r.id)) };
  };

  return [
    route({
      method: 'POST',
      url: '/backups',
      policy: 'backup:create',
      body: { '3.0': backupCreate, '3.43': backupCreateV343, '3.51': backupCreateV351 },
      handler: async (request, reply) => {
        const ctx = request.ctx;
        const b = request.body.backup;
        const v = await volumes.get(ctx, b.volume_id);
        authorize(ctx, 'backup:create', { project_id: v.project_id });
        const created = await svc.create(ctx, v, {
          volumeId: v.id,
          name: b.name ?? null,
          description: b.description ?? null,
          container: b.container ?? null,
          incremental: b.incremental === undefined ? false : parseBooleanLike(b.incremental),
          force: b.force === undefined ? false : parseBooleanLike(b.force),
          snapshotId: b.snapshot_id ?? null,
          metadata: b.metadata ?? {},
          availabilityZone: b.availability_zone ?? null,
        });
        reply.code(202);
        return { backup: backupSummary(linkBase(rt, request), created) };
      },
    }),
    route({ method: 'GET', url: '/backups', policy: 'backup:get_all', handler: list(false) }),
    route({
      method: 'GET',
      url: '/backups/:id/export_record',
      policy: 'backup:export-import',
      handler: async (request) => {
        const r = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'backup:export-import', { project_id: r.project_id });
        return { 'backup-record': await svc.exportRecord(request.ctx, r.id) };
      },
    }),
    route({
      method: 'POST',
      url: '/backups/import_record',
      policy: 'backup:backup-import',
      target: () => ({}),
      body: { '3.0': backupImportRecord },
      handler: async (request, reply) => {
        const rec = request.body['backup-record'];
        const created = await svc.importRecord(request.ctx, rec.backup_service, rec.backup_url);
        reply.code(201);
        return { backup: backupSummary(linkBase(rt, request), created) };
      },
    }),
    route({ method: 'GET', url: '/backups/detail', policy: 'backup:get_all', handler: list(true) }),
    route({
      method: 'GET',
      url: '/backups/:id',
      policy: 'backup:get',
      handler: async (request) => {
        const r = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'backup:get', { project_id: r.project_id });
        return show(request, r);
      },
    }),
    route({
      method: 'PUT',
      url: '/backups/:id',
      policy: 'backup:update',
      minVersion: '3.9',
      body: { '3.9': backupUpdate, '3.43': backupUpdateV343 },
      handler: async (request) => {
        const r = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'backup:update', { project_id: r.project_id });
        const b: { name?: string | null; description?: string | null; metadata?: Record<string, string> } =
          request.body.backup ?? {};
        const updated = await svc.update(request.ctx, r.id, b);
        return { backup: backupSummary(linkBase(rt, request), updated) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/backups/:id',
      policy: 'backup:delete',
      handler: async (request, reply: FastifyReply) => {
        const r = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, 'backup:delete', { project_id: r.project_id });
        await svc.delete(request.ctx, r.id);
        return reply.code(202).type('text/html; charset=UTF-8').send('');
      },
    }),
    route({
      method: 'POST',
      url: '/backups/:id/restore',
      policy: 'backup:restore',
      body: { '3.0': backupRestore },
      handler: async (request, reply) => {
        const ctx = request.ctx;
        const r = await svc.get(ctx, request.params.id);
        authorize(ctx, 'backup:restore', { project_id: r.project_id });
        const body = request.body.restore ?? {};
        const volumeId = body.volume_id ?? null;
        const target = volumeId === null ? null : await volumes.get(ctx, volumeId);
        const out = await svc.restore(ctx, r.id, { volume: target, name: body.name ?? null });
        reply.code(202);
        return restoreView(out);
      },
    }),
    route({
      method: 'POST',
      url: '/backups/:id/action',
      policy: 'volume_extension:backup_admin_actions:reset_status',
      handler: async (request, reply: FastifyReply) => {
        const body = request.body;
        const action =
          typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.keys(body)[0] : undefined;
        const handler = action === undefined ? undefined : ACTIONS[action];
        if (!handler) throw noSuchAction(action ?? 'None');
        const violation = compileSchema(handler.schema).check(body);
        if (violation) throw new SchemaError('body', violation);
        const r = await svc.get(request.ctx, request.params.id);
        authorize(request.ctx, handler.rule, { project_id: r.project_id });
        await handler.run(svc, request, r, body as Record<string, unknown>);
        return reply.code(202).type('application/json').send('');
      },
    }),
  ];
}
