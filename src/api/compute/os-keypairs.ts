/** /os-keypairs (nova/api/openstack/compute/keypairs.py, nova/compute/api.py KeypairAPI). */
import { lastOf } from '../../lib/arrays.js';
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { badRequest } from '../../domain/errors.js';
import {
  createKeypair,
  deleteKeypair,
  findKeypair,
  keypairNotFound,
  listKeypairs,
  type KeypairRow,
} from '../../services/compute/keypair-service.js';
import { computeRoot } from './versions.js';
import { keypairCreate, keypairIndexQuery } from './schemas/os-keypairs.js';

const last = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

/** Whose keypairs a request means: the body's or query's user_id (2.10+), else the caller. */
function targetUser(request: FastifyRequest, asked: string | string[] | undefined): string {
  const user = request.mv.atLeast('2.10') ? last(asked) : undefined;
  return user ?? request.ctx.userId;
}

function view(k: KeypairRow, mv: FastifyRequest['mv'], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { name: k.name, public_key: k.public_key, fingerprint: k.fingerprint, ...extra };
  if (mv.atLeast('2.2')) out.type = k.type;
  return out;
}

export function keypairRoutes(rt: Runtime): RouteDef[] {
  // the target user comes from the query (or the body for create); the policy checks it
  const byQueryUser = (request: FastifyRequest & { query: { user_id?: string | string[] } }) => ({
    user_id: targetUser(request, request.query.user_id),
  });
  return [
    route({
      method: 'POST',
      url: '/os-keypairs',
      policy: 'os_compute_api:os-keypairs:create',
      body: keypairCreate,
      target: (request) => ({ user_id: request.body.keypair.user_id ?? targetUser(request, request.query.user_id) }),
      handler: async (request, reply) => {
        const kp = request.body.keypair;
        const userId = kp.user_id ?? targetUser(request, request.query.user_id);
        const { row, privateKey } = await createKeypair(rt, {
          userId,
          name: kp.name,
          type: kp.type ?? 'ssh',
          publicKey: kp.public_key,
          extendedNameChars: request.mv.atLeast('2.92'),
          projectId: request.ctx.projectId ?? null,
        });
        const body = {
          keypair: view(row, request.mv, { user_id: userId, ...(privateKey ? { private_key: privateKey } : {}) }),
        };
        return reply.code(request.mv.atLeast('2.2') ? 201 : 200).send(body);
      },
    }),
    route({
      method: 'GET',
      url: '/os-keypairs',
      policy: 'os_compute_api:os-keypairs:index',
      query: keypairIndexQuery,
      target: byQueryUser,
      handler: async (request) => {
        const q = request.query;
        const userId = targetUser(request, q.user_id);
        const max = rt.config.compute.maxListLimit;
        let limit = max;
        let marker: string | undefined;
        if (request.mv.atLeast('2.35')) {
          const l = last(q.limit);
          if (l !== undefined) {
            if (!/^\d+$/.test(l))
              throw badRequest(
                `Invalid input for query parameters limit. Value: ${l}. '${l}' does not match '^[0-9]*$'`,
              );
            limit = Math.min(Number(l), max);
          }
          marker = last(q.marker);
          if (marker !== undefined && !(await findKeypair(rt, userId, marker)))
            throw badRequest(`Marker ${marker} could not be found.`);
        }
        const rows = limit > 0 ? await listKeypairs(rt, userId, limit, marker) : [];
        const body: Record<string, unknown> = { keypairs: rows.map((k) => ({ keypair: view(k, request.mv) })) };
        if (request.mv.atLeast('2.35') && rows.length > 0 && rows.length === limit) {
          const params = new URLSearchParams({
            ...Object.fromEntries(Object.entries(q).map(([k, v]) => [k, String(last(v))])),
            marker: lastOf(rows).name,
          });
          body.keypairs_links = [
            { rel: 'next', href: `${computeRoot(rt, request)}/v2.1/os-keypairs?${params.toString()}` },
          ];
        }
        return body;
      },
    }),
    route({
      method: 'GET',
      url: '/os-keypairs/:name',
      policy: 'os_compute_api:os-keypairs:show',
      target: byQueryUser,
      handler: async (request) => {
        const name = request.params.name;
        const userId = targetUser(request, request.query.user_id);
        const k = await findKeypair(rt, userId, name);
        if (!k) throw keypairNotFound(name, userId);
        return {
          keypair: view(k, request.mv, {
            user_id: k.user_id,
            created_at: k.created_at.slice(0, 23).replace('Z', ''),
            deleted: false,
            deleted_at: null,
            updated_at: null,
            id: /^\d+$/.test(k.id) ? Number(k.id) : k.id,
          }),
        };
      },
    }),
    route({
      method: 'DELETE',
      url: '/os-keypairs/:name',
      policy: 'os_compute_api:os-keypairs:delete',
      target: byQueryUser,
      handler: async (request, reply) => {
        await deleteKeypair(rt, targetUser(request, request.query.user_id), request.params.name);
        return reply.code(request.mv.atLeast('2.2') ? 204 : 202).send();
      },
    }),
  ];
}
