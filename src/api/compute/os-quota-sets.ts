/**
 * os-quota-sets and os-quota-class-sets (nova/api/openstack/compute/quota_sets.py,
 * quota_classes.py): show, detail (in_use/reserved), defaults, update (with `force`) and reset of
 * a project's (or a user's, ?user_id=) limits, and the quota classes. The limits shown are the
 * ones server create enforces (services/compute/quota-service.ts).
 */
import type { FastifyReply } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { ApiVersion } from '../../http/api-version.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { quotaClassUpdate, quotaSetUpdate, quotaUserQuery, type QuotaValues } from './schemas/os-quota-sets.js';
import {
  QUOTA_RESOURCES,
  classQuotas,
  effectiveQuotas,
  quotaDetail,
  resetQuotas,
  updateClassQuotas,
  updateQuotas,
  verifyProject,
  type QuotaResource,
} from '../../services/compute/quota-service.js';
import { isTrueString } from '../../lib/bool-from-string.js';

const NETWORK = ['fixed_ips', 'floating_ips', 'security_group_rules', 'security_groups'];
const PERSONALITY = ['injected_files', 'injected_file_content_bytes', 'injected_file_path_bytes'];
const SERVER_GROUPS = ['server_groups', 'server_group_members'];

/** the resources a quota-set response shows at this microversion (_get_filtered_quotas) */
function shownSet(mv: ApiVersion): QuotaResource[] {
  const drop = mv.atLeast('2.57') ? [...NETWORK, ...PERSONALITY] : mv.atLeast('2.36') ? NETWORK : [];
  return QUOTA_RESOURCES.filter((r) => !drop.includes(r));
}

/** quota-class-sets: proxies go at 2.50 (which also adds the server group keys), personality at 2.57 */
function shownClass(mv: ApiVersion): QuotaResource[] {
  const drop = mv.atLeast('2.57') ? [...NETWORK, ...PERSONALITY] : mv.atLeast('2.50') ? NETWORK : SERVER_GROUPS;
  return QUOTA_RESOURCES.filter((r) => !drop.includes(r));
}

function format<T>(id: string | null, values: Record<QuotaResource, T>, shown: QuotaResource[]) {
  const out: Record<string, T | string> = id === null ? {} : { id };
  for (const r of shown) out[r] = values[r];
  return out;
}

const firstOf = (v: string | string[] | undefined): string | null => (Array.isArray(v) ? v[0] : v) ?? null;

/** digit strings and integers as the int() Nova applies after validation */
function limits(values: QuotaValues): Partial<Record<QuotaResource, number>> {
  const out: Partial<Record<QuotaResource, number>> = {};
  for (const [k, v] of Object.entries(values)) {
    if (k === 'force' || v === undefined) continue;
    out[k as QuotaResource] = typeof v === 'number' ? v : parseInt(String(v), 10);
  }
  return out;
}

export function quotaSetRoutes(rt: Runtime): RouteDef[] {
  const projectTarget = (request: { params: { id: string } }) => ({ project_id: request.params.id });
  return [
    route({
      method: 'GET',
      url: '/os-quota-sets/:id',
      policy: 'os_compute_api:os-quota-sets:show',
      query: quotaUserQuery,
      target: projectTarget,
      handler: async (request) => {
        await verifyProject(rt, request.params.id);
        const userId = firstOf(request.query.user_id);
        const values = await effectiveQuotas(rt, request.params.id, userId);
        return { quota_set: format(request.params.id, values, shownSet(request.mv)) };
      },
    }),
    route({
      method: 'GET',
      url: '/os-quota-sets/:id/detail',
      policy: 'os_compute_api:os-quota-sets:detail',
      query: quotaUserQuery,
      target: projectTarget,
      handler: async (request) => {
        await verifyProject(rt, request.params.id);
        const userId = firstOf(request.query.user_id);
        const values = await quotaDetail(rt, request.params.id, userId);
        return { quota_set: format(request.params.id, values, shownSet(request.mv)) };
      },
    }),
    route({
      method: 'GET',
      url: '/os-quota-sets/:id/defaults',
      policy: 'os_compute_api:os-quota-sets:defaults',
      target: projectTarget,
      handler: async (request) => {
        await verifyProject(rt, request.params.id);
        const values = await classQuotas(rt, 'default');
        return { quota_set: format(request.params.id, values, shownSet(request.mv)) };
      },
    }),
    route({
      method: 'PUT',
      url: '/os-quota-sets/:id',
      policy: 'os_compute_api:os-quota-sets:update',
      body: quotaSetUpdate,
      query: quotaUserQuery,
      target: projectTarget,
      handler: async (request) => {
        await verifyProject(rt, request.params.id);
        const userId = firstOf(request.query.user_id);
        const set = request.body.quota_set;
        const values = await updateQuotas(rt, request.params.id, userId, limits(set), isTrueString(set.force));
        return { quota_set: format(null, values, shownSet(request.mv)) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/os-quota-sets/:id',
      policy: 'os_compute_api:os-quota-sets:delete',
      query: quotaUserQuery,
      target: projectTarget,
      handler: async (request, reply: FastifyReply) => {
        await resetQuotas(rt, request.params.id, firstOf(request.query.user_id));
        return reply.code(202).send();
      },
    }),
    route({
      method: 'GET',
      url: '/os-quota-class-sets/:id',
      policy: 'os_compute_api:os-quota-class-sets:show',
      target: () => ({}),
      handler: async (request) => {
        const values = await classQuotas(rt, request.params.id);
        return { quota_class_set: format(request.params.id, values, shownClass(request.mv)) };
      },
    }),
    route({
      method: 'PUT',
      url: '/os-quota-class-sets/:id',
      policy: 'os_compute_api:os-quota-class-sets:update',
      body: quotaClassUpdate,
      target: () => ({}),
      handler: async (request) => {
        const values = await updateClassQuotas(rt, request.params.id, limits(request.body.quota_class_set));
        return { quota_class_set: format(null, values, shownClass(request.mv)) };
      },
    }),
  ];
}
