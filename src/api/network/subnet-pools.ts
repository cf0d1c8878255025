/** /v2.0/subnetpools (subnet_allocation, default-subnetpools, subnetpool-prefix-ops). */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import {
  addPrefixesFor,
  createSubnetpoolFor,
  deleteSubnetpoolFor,
  listSubnetpoolsFor,
  removePrefixesFor,
  showSubnetpool,
  updateSubnetpoolFor,
  type SubnetpoolRow,
} from '../../services/network/subnet-pool-service.js';
import {
  addrFormatError,
  invalidAttribute,
  invalidInput,
  plainBadRequest,
  requiredAttributeMissing,
  subnetPoolNotFound,
} from '../../domain/ports/network-errors.js';
import { parseCidr } from '../../domain/ports/ipam.js';
import { isUuidLike } from '../../lib/ids.js';
import { visibleAttributes, type NeutronRouteTarget, type NeutronTarget } from '../../policy/network-rules.js';
import { perRequest } from '../../http/request-memo.js';
import {
  ifMatchRevision,
  boolFilter,
  isRecord,
  optBool,
  optString,
  projectFilter,
  queryValues,
  requireOwnProject,
  resourceBody,
  STANDARD_READ_ONLY,
  updateBody,
  selectFields,
  setAttributes,
} from './request.js';
import { subnetpoolView } from './views/subnet-pools.js';
import { listBody } from './paging.js';
import { taggedList, withTagsOne } from './tags.js';
import { networkRoot } from './extensions.js';

const UPDATE_ATTRS = [
  'name',
  'description',
  'prefixes',
  'default_prefixlen',
  'min_prefixlen',
  'max_prefixlen',
  'default_quota',
  'is_default',
  'address_scope_id',
] as const;
const CREATE_ATTRS = [...UPDATE_ATTRS, 'shared', 'tenant_id', 'project_id'] as const;
/** attributes Neutron knows but never lets a PUT change */
const READ_ONLY = [...STANDARD_READ_ONLY, 'ip_version', 'shared', 'tags'];
/** create defaults: an attribute set to its default is not policy-checked */
const CREATE_DEFAULTS: Record<string, unknown> = { shared: false, is_default: false };

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** neutron_lib's convert_to_int, then type:non_negative */
function optInt(b: Record<string, unknown>, key: string): number | undefined {
  const v = b[key];
  if (v === undefined) return undefined;
  let n: number;
  if (typeof v === 'number' && Number.isInteger(v)) n = v;
  else if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) n = Number(v);
  else throw invalidInput(`'${text(v)}' is not an integer`);
  if (n < 0) throw invalidAttribute(key, `'${n}' should be non-negative`);
  return n;
}

/** type:subnet_list: a list of CIDR texts */
export function prefixList(v: unknown, key = 'prefixes'): string[] {
  if (!Array.isArray(v)) throw invalidAttribute(key, `'${text(v)}' is not a list`);
  return v.map((p: unknown) => {
    if (typeof p !== 'string' || !parseCidr(p)) throw invalidAttribute(key, `'${text(p)}' is not a valid IP subnet`);
    return p;
  });
}

function scopeId(b: Record<string, unknown>): string | null | undefined {
  const v = b.address_scope_id;
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string' || !isUuidLike(v))
    throw invalidAttribute('address_scope_id', `'${text(v)}' is not a valid UUID`);
  return v;
}

function quota(b: Record<string, unknown>): number | null | undefined {
  return b.default_quota === null ? null : optInt(b, 'default_quota');
}

/** the body of add_prefixes / remove_prefixes: {"prefixes": [...]}, non-empty (subnetpool_prefix_ops.py) */
function prefixOpsBody(body: unknown): string[] {
  const prefixes = isRecord(body) ? body.prefixes : undefined;
  if (!Array.isArray(prefixes) || prefixes.length === 0) throw plainBadRequest('Request body contains invalid data');
  return prefixes.map((p: unknown) => {
    if (typeof p !== 'string' || !parseCidr(p)) throw addrFormatError(text(p));
    return p;
  });
}

const poolTarget = (p: SubnetpoolRow): NeutronTarget => ({ project_id: p.project_id, shared: p.shared === 1 });

export function subnetPoolRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  const render = (request: FastifyRequest, p: SubnetpoolRow, updated?: readonly string[]) =>
    visibleAttributes(request.ctx, 'subnetpool', poolTarget(p), subnetpoolView(p, updated));
  const load = perRequest((request: FastifyRequest & { params: { poolId: string } }) =>
    showSubnetpool(rt, request.ctx, request.params.poolId),
  );
  return [
    route({
      method: 'GET',
      url: '/subnetpools',
      policy: 'get_subnetpool',
      handler: async (request) => {
        const ipv = queryValues(request, 'ip_version');
        const rows = await listSubnetpoolsFor(rt, request.ctx, {
          ids: queryValues(request, 'id'),
          names: queryValues(request, 'name'),
          projectIds: projectFilter(request),
          ipVersion: ipv?.length ? Number(ipv.at(-1)) : undefined,
          isDefault: boolFilter(request, 'is_default'),
          shared: boolFilter(request, 'shared'),
          addressScopeIds: queryValues(request, 'address_scope_id'),
        });
        return listBody(
          request,
          'subnetpools',
          `${networkRoot(rt, request)}/v2.0/subnetpools`,
          await taggedList(
            rt,
            request,
            'subnetpools',
            rows.map((p) => render(request, p)),
          ),
          subnetPoolNotFound,
        );
      },
    }),
    route({
      method: 'GET',
      url: '/subnetpools/:poolId',
      policy: 'get_subnetpool',
      handler: async (request) => ({
        subnetpool: selectFields(request, await withTagsOne(rt, 'subnetpools', render(request, await load(request)))),
      }),
    }),
    route({
      method: 'POST',
      url: '/subnetpools',
      policy: 'create_subnetpool',
      target: async (request) => {
        const b = resourceBody(request.body, 'subnetpool', CREATE_ATTRS);
        return {
          target: { project_id: requireOwnProject(request, b) },
          attributes: setAttributes(b, CREATE_ATTRS, CREATE_DEFAULTS),
        };
      },
      handler: async (request, reply) => {
        const b = resourceBody(request.body, 'subnetpool', CREATE_ATTRS);
        if (b.prefixes === undefined) throw requiredAttributeMissing('prefixes');
        const created = await createSubnetpoolFor(rt, request.ctx, {
          projectId: requireOwnProject(request, b),
          name: optString(b, 'name'),
          description: optString(b, 'description'),
          prefixes: prefixList(b.prefixes),
          minPrefixlen: optInt(b, 'min_prefixlen'),
          maxPrefixlen: optInt(b, 'max_prefixlen'),
          defaultPrefixlen: optInt(b, 'default_prefixlen'),
          defaultQuota: quota(b),
          shared: optBool(b, 'shared'),
          isDefault: optBool(b, 'is_default'),
          addressScopeId: scopeId(b),
        });
        reply.code(201);
        return { subnetpool: selectFields(request, render(request, created)) };
      },
    }),
    route({
      method: 'PUT',
      url: '/subnetpools/:poolId',
      policy: 'update_subnetpool',
      target: async (request) => ({
        target: poolTarget(await load(request)),
        attributes: setAttributes(updateBody(request.body, 'subnetpool', UPDATE_ATTRS, READ_ONLY), UPDATE_ATTRS),
      }),
      handler: async (request) => {
        const pool = await load(request);
        const b = updateBody(request.body, 'subnetpool', UPDATE_ATTRS, READ_ONLY);
        const updated = await updateSubnetpoolFor(
          rt,
          request.ctx,
          pool.id,
          {
            name: optString(b, 'name'),
            description: optString(b, 'description'),
            prefixes: b.prefixes === undefined ? undefined : prefixList(b.prefixes),
            minPrefixlen: optInt(b, 'min_prefixlen'),
            maxPrefixlen: optInt(b, 'max_prefixlen'),
            defaultPrefixlen: optInt(b, 'default_prefixlen'),
            defaultQuota: quota(b),
            isDefault: optBool(b, 'is_default'),
            addressScopeId: scopeId(b),
          },
          ifMatchRevision(request),
        );
        return {
          subnetpool: selectFields(
            request,
            await withTagsOne(rt, 'subnetpools', render(request, updated, Object.keys(b))),
          ),
        };
      },
    }),
    route({
      method: 'DELETE',
      url: '/subnetpools/:poolId',
      policy: 'delete_subnetpool',
      target: async (request) => ({ target: poolTarget(await load(request)) }),
      handler: async (request, reply) => {
        await deleteSubnetpoolFor(rt, (await load(request)).id);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'PUT',
      url: '/subnetpools/:poolId/add_prefixes',
      policy: 'add_prefixes',
      target: async (request) => ({ target: poolTarget(await load(request)) }),
      handler: async (request) => ({
        prefixes: await addPrefixesFor(rt, request.ctx, (await load(request)).id, prefixOpsBody(request.body)),
      }),
    }),
    route({
      method: 'PUT',
      url: '/subnetpools/:poolId/remove_prefixes',
      policy: 'remove_prefixes',
      target: async (request) => ({ target: poolTarget(await load(request)) }),
      handler: async (request) => ({
        prefixes: await removePrefixesFor(rt, (await load(request)).id, prefixOpsBody(request.body)),
      }),
    }),
  ];
}
