/** /v2.0/address-scopes (address-scope). */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import {
  createAddressScopeFor,
  deleteAddressScopeFor,
  listAddressScopesFor,
  showAddressScope,
  updateAddressScopeFor,
  type AddressScopeRow,
} from '../../services/network/address-scope-service.js';
import { addressScopeNotFound, invalidAttribute, requiredAttributeMissing } from '../../domain/ports/network-errors.js';
import { visibleAttributes, type NeutronRouteTarget, type NeutronTarget } from '../../policy/network-rules.js';
import { perRequest } from '../../http/request-memo.js';
import {
  boolFilter,
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
import { addressScopeView } from './views/subnet-pools.js';
import { listBody } from './paging.js';
import { networkRoot } from './extensions.js';

const UPDATE_ATTRS = ['name', 'shared'] as const;
const CREATE_ATTRS = ['name', 'shared', 'ip_version', 'tenant_id', 'project_id'] as const;
const READ_ONLY = [...STANDARD_READ_ONLY, 'ip_version'];
const CREATE_DEFAULTS: Record<string, unknown> = { shared: false };

const scopeTarget = (s: AddressScopeRow): NeutronTarget => ({ project_id: s.project_id, shared: s.shared === 1 });

function ipVersion(b: Record<string, unknown>): number {
  const v = b.ip_version;
  if (v === undefined) throw requiredAttributeMissing('ip_version');
  // convert_to_int, then type:values [4, 6]
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (n !== 4 && n !== 6)
    throw invalidAttribute(
      'ip_version',
      `${typeof v === 'string' ? `'${v}'` : JSON.stringify(v)} is not in valid_values`,
    );
  return n;
}

export function addressScopeRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  const render = (request: FastifyRequest, s: AddressScopeRow) =>
    visibleAttributes(request.ctx, 'address_scope', scopeTarget(s), addressScopeView(s));
  const load = perRequest((request: FastifyRequest & { params: { scopeId: string } }) =>
    showAddressScope(rt, request.ctx, request.params.scopeId),
  );
  return [
    route({
      method: 'GET',
      url: '/address-scopes',
      policy: 'get_address_scope',
      handler: async (request) => {
        const ipv = queryValues(request, 'ip_version');
        const rows = await listAddressScopesFor(rt, request.ctx, {
          ids: queryValues(request, 'id'),
          names: queryValues(request, 'name'),
          projectIds: projectFilter(request),
          ipVersion: ipv?.length ? Number(ipv.at(-1)) : undefined,
          shared: boolFilter(request, 'shared'),
        });
        return listBody(
          request,
          'address_scopes',
          `${networkRoot(rt, request)}/v2.0/address-scopes`,
          rows.map((s) => render(request, s)),
          addressScopeNotFound,
        );
      },
    }),
    route({
      method: 'GET',
      url: '/address-scopes/:scopeId',
      policy: 'get_address_scope',
      handler: async (request) => ({ address_scope: selectFields(request, render(request, await load(request))) }),
    }),
    route({
      method: 'POST',
      url: '/address-scopes',
      policy: 'create_address_scope',
      target: async (request) => {
        const b = resourceBody(request.body, 'address_scope', CREATE_ATTRS);
        ipVersion(b);
        return {
          target: { project_id: requireOwnProject(request, b) },
          attributes: setAttributes(b, CREATE_ATTRS, CREATE_DEFAULTS),
        };
      },
      handler: async (request, reply) => {
        const b = resourceBody(request.body, 'address_scope', CREATE_ATTRS);
        const created = await createAddressScopeFor(rt, {
          projectId: requireOwnProject(request, b),
          name: optString(b, 'name'),
          ipVersion: ipVersion(b),
          shared: optBool(b, 'shared'),
        });
        reply.code(201);
        return { address_scope: selectFields(request, render(request, created)) };
      },
    }),
    route({
      method: 'PUT',
      url: '/address-scopes/:scopeId',
      policy: 'update_address_scope',
      target: async (request) => ({
        target: scopeTarget(await load(request)),
        attributes: setAttributes(updateBody(request.body, 'address_scope', UPDATE_ATTRS, READ_ONLY), UPDATE_ATTRS),
      }),
      handler: async (request) => {
        const b = updateBody(request.body, 'address_scope', UPDATE_ATTRS, READ_ONLY);
        const updated = await updateAddressScopeFor(rt, await load(request), {
          name: optString(b, 'name'),
          shared: optBool(b, 'shared'),
        });
        return { address_scope: selectFields(request, render(request, updated)) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/address-scopes/:scopeId',
      policy: 'delete_address_scope',
      target: async (request) => ({ target: scopeTarget(await load(request)) }),
      handler: async (request, reply) => {
        await deleteAddressScopeFor(rt, (await load(request)).id);
        return reply.code(204).send();
      },
    }),
  ];
}
