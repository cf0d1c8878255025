/**
 * Cinder's volume transfers, on both of its routes: the os-volume-transfer extension
 * (cinder/api/contrib/volume_transfer.py: create never takes no_snapshots) and /volume-transfers
 * (cinder/api/v3/volume_transfer.py: no_snapshots from 3.55). Both answer with the same views.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { nextPageLink } from './next-link.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { TransferService } from '../../services/block-storage/transfer-service.js';
import { invalidSortDir, limitNotInteger, limitNotPositive } from '../../domain/volumes/errors.js';
import { parseBoolString } from '../../lib/bool-from-string.js';
import { parseBooleanLike } from './schemas/volumes.js';
import { transferAccept, transferCreate, transferCreateV355 } from './schemas/transfers.js';
import { transferCreated, transferDetail, transferSummary } from './views/transfers.js';
import { linkBase } from './volumes.js';

const MAX_LIMIT = 1000;

const first = (q: RawQuery, name: string): string | undefined => {
  const v = q[name];
  return Array.isArray(v) ? v[0] : v;
};

function limitOf(q: RawQuery): number | undefined {
  const raw = first(q, 'limit');
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw)) throw limitNotInteger();
  const limit = Number(raw);
  if (limit < 0) throw limitNotPositive();
  return Math.min(limit, MAX_LIMIT);
}

/** the routes of one of the two collections (`/os-volume-transfer` or `/volume-transfers`) */
function transferCollection(rt: Runtime, svc: TransferService, base: string, v3: boolean): RouteDef[] {
  const list = (detail: boolean) => async (request: FastifyRequest) => {
    const ctx = request.ctx;
    authorize(ctx, 'volume:get_all_transfers');
    const q = request.query as RawQuery;
    const limit = limitOf(q);
    // sort_dir follows Cinder's get_sort_params (3.59 paging); the order is created_at, then id
    const sortDir = first(q, 'sort_dir') ?? 'asc';
    if (sortDir !== 'asc' && sortDir !== 'desc') throw invalidSortDir();
    const allTenants = first(q, 'all_tenants');
    const rows = await svc.list(ctx, {
      allTenants: allTenants !== undefined && parseBoolString(allTenants) === true,
      name: first(q, 'name'),
      volumeId: first(q, 'volume_id'),
      sortDir,
      limit: limit ?? MAX_LIMIT,
      marker: first(q, 'marker'),
    });
    const b = linkBase(rt, request);
    const transfers = rows.map((t) => (detail ? transferDetail(b, request.mv, t) : transferSummary(b, t)));
    const links = nextPageLink(rt, request, `${base}${detail ? '/detail' : ''}`, rows, limit ?? MAX_LIMIT);
    return links ? { transfers, transfers_links: links } : { transfers };
  };

  return [
    route({
      method: 'POST',
      url: base,
      policy: 'volume:create_transfer',
      body: v3 ? { '3.0': transferCreate, '3.55': transferCreateV355 } : { '3.0': transferCreate },
      handler: async (request, reply) => {
        const ctx = request.ctx;
        // no_snapshots is only in the 3.55 schema of /volume-transfers; the schema admitted the body
        const b = (
          request.body as { transfer: { volume_id: string; name?: string | null; no_snapshots?: boolean | string } }
        ).transfer;
        const volume = await svc.volumeOf(ctx, b.volume_id);
        authorize(ctx, 'volume:create_transfer', { project_id: volume.project_id });
        const name = typeof b.name === 'string' ? b.name.trim() : null;
        const noSnapshots = b.no_snapshots === undefined ? false : parseBooleanLike(b.no_snapshots);
        const { transfer, authKey } = await svc.create(ctx, { volumeId: volume.id, name, noSnapshots });
        reply.code(202);
        return { transfer: transferCreated(linkBase(rt, request), request.mv, transfer, authKey) };
      },
    }),
    route({ method: 'GET', url: base, policy: 'volume:get_all_transfers', handler: list(false) }),
    route({ method: 'GET', url: `${base}/detail`, policy: 'volume:get_all_transfers', handler: list(true) }),
    route({
      method: 'GET',
      url: `${base}/:id`,
      policy: 'volume:get_transfer',
      handler: async (request) => {
        authorize(request.ctx, 'volume:get_transfer');
        const t = await svc.get(request.ctx, request.params.id);
        return { transfer: transferDetail(linkBase(rt, request), request.mv, t) };
      },
    }),
    route({
      method: 'DELETE',
      url: `${base}/:id`,
      policy: 'volume:delete_transfer',
      handler: async (request, reply: FastifyReply) => {
        const t = await svc.get(request.ctx, request.params.id);
        const volume = await svc.volumeOf(request.ctx, t.volume_id);
        authorize(request.ctx, 'volume:delete_transfer', { project_id: volume.project_id });
        await svc.delete(request.ctx, t.id);
        return reply.code(202).type('text/html; charset=UTF-8').send('');
      },
    }),
    route({
      method: 'POST',
      url: `${base}/:id/accept`,
      policy: 'volume:accept_transfer',
      body: { '3.0': transferAccept },
      handler: async (request, reply) => {
        authorize(request.ctx, 'volume:accept_transfer');
        const t = await svc.accept(request.ctx, request.params.id, String(request.body.accept.auth_key));
        reply.code(202);
        return { transfer: transferSummary(linkBase(rt, request), t) };
      },
    }),
  ];
}

export function transferRoutes(rt: Runtime): RouteDef[] {
  const svc = new TransferService(rt);
  return [
    ...transferCollection(rt, svc, '/os-volume-transfer', false),
    ...transferCollection(rt, svc, '/volume-transfers', true),
  ];
}
