/**
 * /os-server-groups (nova/api/openstack/compute/server_groups.py): list (all_projects for an
 * admin, limit/offset), show, create, delete. Before 2.64 a group shows `policies` (a one-item
 * list) and an empty `metadata`; from 2.64 `policy` and `rules`; from 2.13 project_id/user_id.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { queryNotDigits } from '../../domain/compute-errors.js';
import {
  createServerGroup,
  deleteServerGroup,
  listServerGroups,
  showServerGroup,
  type ServerGroup,
  type ServerGroupPolicy,
  type ServerGroupRules,
} from '../../services/compute/server-group-service.js';
import { serverGroupCreate, serverGroupIndexQuery } from './schemas/os-server-groups.js';

const POLICY = (what: string) => `os_compute_api:os-server-groups:${what}`;
const last = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

function view(g: ServerGroup, mv: FastifyRequest['mv']): Record<string, unknown> {
  const out: Record<string, unknown> = { id: g.id, name: g.name };
  if (mv.atLeast('2.64')) {
    out.policy = g.policy;
    out.rules = g.rules;
  } else {
    out.policies = [g.policy];
    out.metadata = {};
  }
  out.members = g.members;
  if (mv.atLeast('2.13')) {
    out.project_id = g.project_id;
    out.user_id = g.user_id;
  }
  return out;
}

/** common.get_limit_and_offset: non-negative integers; limit 0 or absent means the configured maximum */
function nonNegative(param: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw queryNotDigits(param, raw);
  return Number(raw);
}

export function serverGroupRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      method: 'GET',
      url: '/os-server-groups',
      policy: POLICY('index'),
      query: serverGroupIndexQuery,
      target: (request) => ({ project_id: request.ctx.projectId }),
      handler: async (request) => {
        const q = request.query;
        const max = rt.config.compute.maxListLimit;
        const limit = Math.min(max, nonNegative('limit', last(q.limit)) || max);
        const offset = nonNegative('offset', last(q.offset)) ?? 0;
        const groups = await listServerGroups(rt, request.ctx, {
          allProjects: q.all_projects !== undefined,
          limit,
          offset,
        });
        return { server_groups: groups.map((g) => view(g, request.mv)) };
      },
    }),
    route({
      method: 'POST',
      url: '/os-server-groups',
      policy: POLICY('create'),
      body: serverGroupCreate,
      target: (request) => ({ project_id: request.ctx.projectId }),
      handler: async (request) => {
        const b = request.body.server_group as {
          name: string;
          policy?: string;
          policies?: string[];
          rules?: { max_server_per_host?: number | string };
        };
        let policy: ServerGroupPolicy;
        let rules: ServerGroupRules = {};
        if (b.policy !== undefined) {
          policy = b.policy as ServerGroupPolicy;
          const max = b.rules?.max_server_per_host;
          rules = b.rules ? { ...(max !== undefined ? { max_server_per_host: Number(max) } : {}) } : {};
        } else {
          policy = (b.policies ?? [])[0] as ServerGroupPolicy;
        }
        const g = await createServerGroup(rt, request.ctx, { name: b.name, policy, rules });
        return { server_group: view(g, request.mv) };
      },
    }),
    route({
      method: 'GET',
      url: '/os-server-groups/:id',
      policy: POLICY('show'),
      target: () => ({}),
      handler: async (request) => ({
        server_group: view(await showServerGroup(rt, request.ctx, request.params.id), request.mv),
      }),
    }),
    route({
      method: 'DELETE',
      url: '/os-server-groups/:id',
      policy: POLICY('delete'),
      target: () => ({}),
      handler: async (request, reply) => {
        await deleteServerGroup(rt, request.ctx, request.params.id);
        return reply.code(204).send();
      },
    }),
  ];
}
