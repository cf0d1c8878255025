/**
 * /v2.0/quotas (neutron/extensions/quotasv2.py and quotasv2_detail.py, Zed, served through
 * pecan's shim of the legacy controller): the admin's list of projects with limits of their own, a
 * project's limits, its defaults and its usage details, and the admin's update and reset. A project
 * reads its own quotas without a policy check; another project's need get_quota (admin).
 */
import type { FastifyRequest } from 'fastify';
import type { NeutronRouteTarget } from '../../policy/network-rules.js';
import { neutronEnforce } from '../../policy/network-rules.js';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import {
  adminRequired,
  invalidAttribute,
  invalidInput,
  quotaPostNotSupported,
  unrecognizedAttributes,
} from '../../domain/ports/network-errors.js';
import {
  deleteNeutronQuotas,
  defaultNeutronQuotas,
  isNeutronQuotaResource,
  NEUTRON_QUOTA_RESOURCES,
  listNeutronQuotas,
  neutronQuotaDetails,
  neutronQuotas,
  updateNeutronQuotas,
  type NeutronQuotaSet,
} from '../../services/network/quota-service.js';
import { pyRepr } from '../../lib/python-repr.js';
import { resourceBody } from './request.js';

const OWNER_KEYS = ['project_id', 'tenant_id'] as const;

/** neutron_lib's DB_INTEGER_MAX_VALUE, the top of a quota limit's range */
const MAX_LIMIT = 2147483647;

/** converters.convert_to_int: Python's int() of the value, else InvalidInput */
function convertToInt(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^\s*[-+]?\d+(_\d+)*\s*$/.test(value)) return Number(value.replace(/_/g, ''));
  const shown = typeof value === 'string' ? value : value === null ? 'None' : pyRepr(value);
  throw invalidInput(`'${shown}' is not an integer`);
}

/** Python's truth value of a JSON value (how the controller reads check_limit) */
const truthy = (v: unknown): boolean =>
  Array.isArray(v) ? v.length > 0 : v !== null && typeof v === 'object' ? Object.keys(v).length > 0 : Boolean(v);

/** the PUT body: force and check_limit taken out, then every other key a quota resource in range */
function quotaBody(body: unknown): { values: Partial<NeutronQuotaSet>; checkLimit: boolean } {
  const inner = resourceBody(body, 'quota', [...NEUTRON_QUOTA_RESOURCES, 'force', 'check_limit', ...OWNER_KEYS]);
  const { force: _force, check_limit: checkLimit, ...rest } = inner;
  void _force;
  // populate_project_info fills in both owner keys, which the quota resource does not have
  if (OWNER_KEYS.some((k) => k in rest)) throw unrecognizedAttributes(OWNER_KEYS);
  const values: Partial<NeutronQuotaSet> = {};
  for (const [k, raw] of Object.entries(rest)) {
    if (!isNeutronQuotaResource(k)) continue;
    const n = convertToInt(raw);
    if (n < -1) throw invalidAttribute(k, `'${n}' is too small - must be at least '-1'`);
    if (n > MAX_LIMIT) throw invalidAttribute(k, `'${n}' is too large - must be no larger than '${MAX_LIMIT}'`);
    values[k] = n;
  }
  return { values, checkLimit: truthy(checkLimit) };
}

/** get_quota, unless the caller asks about its own project */
function checkReadOf(request: FastifyRequest, projectId: string): void {
  if (projectId !== request.ctx.projectId)
    neutronEnforce(request.ctx, 'get_quota', { project_id: request.ctx.projectId ?? '' });
}

export function quotaRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  const own = (request: FastifyRequest): NeutronRouteTarget => ({
    target: { project_id: request.ctx.projectId ?? '' },
  });
  const update = async (request: FastifyRequest & { params: { projectId: string } }) => {
    const { values, checkLimit } = quotaBody(request.body);
    return { quota: await updateNeutronQuotas(rt, request.params.projectId, values, checkLimit) };
  };
  return [
    route({
      method: 'GET',
      url: '/quotas',
      policy: 'get_quota',
      target: own,
      handler: async () => ({ quotas: await listNeutronQuotas(rt) }),
    }),
    route({
      method: 'POST',
      url: '/quotas',
      handler: async () => {
        throw quotaPostNotSupported();
      },
    }),
    // collection actions: who the caller is (python-neutronclient's "whoami")
    route({
      method: 'GET',
      url: '/quotas/tenant',
      handler: async (request) => ({ tenant: { tenant_id: request.ctx.projectId } }),
    }),
    route({
      method: 'GET',
      url: '/quotas/project',
      handler: async (request) => ({ project: { project_id: request.ctx.projectId } }),
    }),
    route({
      method: 'GET',
      url: '/quotas/:projectId',
      policy: 'get_quota',
      handler: async (request) => {
        checkReadOf(request, request.params.projectId);
        return { quota: await neutronQuotas(rt, request.params.projectId) };
      },
    }),
    route({
      method: 'GET',
      url: '/quotas/:projectId/default',
      policy: 'get_quota',
      handler: async (request) => {
        checkReadOf(request, request.params.projectId);
        return { quota: defaultNeutronQuotas(rt) };
      },
    }),
    route({
      method: 'GET',
      url: '/quotas/:projectId/details',
      handler: async (request) => {
        if (request.params.projectId !== request.ctx.projectId && !request.ctx.isAdmin)
          throw adminRequired('Only admin is authorized to access quotas for another project');
        return { quota: await neutronQuotaDetails(rt, request.params.projectId) };
      },
    }),
    route({ method: 'PUT', url: '/quotas/:projectId', policy: 'update_quota', target: own, handler: update }),
    // the legacy router maps POST on a member to update too (observed on Zed)
    route({ method: 'POST', url: '/quotas/:projectId', policy: 'update_quota', target: own, handler: update }),
    route({
      method: 'DELETE',
      url: '/quotas/:projectId',
      policy: 'delete_quota',
      target: own,
      handler: async (request, reply) => {
        await deleteNeutronQuotas(rt, request.params.projectId);
        return reply.code(204).send();
      },
    }),
  ];
}
