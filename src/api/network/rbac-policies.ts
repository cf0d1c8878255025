/** /v2.0/rbac-policies (rbac-policies extension): network sharing policies. */
import type { FastifyRequest } from 'fastify';
import type { NeutronRouteTarget } from '../../policy/network-rules.js';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import {
  createRbacPolicy,
  deleteRbacPolicy,
  listRbacPoliciesFor,
  showRbacPolicy,
  updateRbacPolicy,
} from '../../services/network/rbac-policy-service.js';
import { invalidAttribute, rbacPolicyNotFound, requiredAttributeMissing } from '../../domain/ports/network-errors.js';
import { perRequest } from '../../http/request-memo.js';
import {
  optString,
  projectFilter,
  queryValues,
  requireOwnProject,
  resourceBody,
  selectFields,
  updateBody,
} from './request.js';
import { rbacPolicyView } from './views/rbac-policies.js';
import { listBody } from './paging.js';
import { networkRoot } from './extensions.js';

/** in the order of Neutron's attribute map (the order its policy match names them) */
const CREATE_ATTRS = ['object_type', 'object_id', 'target_tenant', 'action', 'tenant_id', 'project_id'] as const;
/** in the order of Neutron's rbac attribute map */
const READ_ONLY = ['object_type', 'object_id', 'action', 'tenant_id', 'project_id', 'id'] as const;
const UPDATE_ATTRS = ['target_tenant'] as const;

function required(b: Record<string, unknown>, key: string, maxLength = 255): string {
  const v = optString(b, key, maxLength);
  if (v === undefined) throw requiredAttributeMissing(key);
  return v;
}

function createFields(request: FastifyRequest) {
  const b = resourceBody(request.body, 'rbac_policy', CREATE_ATTRS);
  const objectType = required(b, 'object_type');
  const objectId = required(b, 'object_id', 36);
  const targetTenant = required(b, 'target_tenant');
  const action = required(b, 'action');
  return { b, objectType, objectId, targetTenant, action, projectId: requireOwnProject(request, b) };
}

function updateTarget(request: FastifyRequest): string {
  const b = updateBody(request.body, 'rbac_policy', UPDATE_ATTRS, READ_ONLY);
  const t = optString(b, 'target_tenant');
  if (t === undefined) throw invalidAttribute('target_tenant', "'None' is not a valid string");
  return t;
}

export function rbacPolicyRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  const policy = perRequest((request: FastifyRequest & { params: { policyId: string } }) =>
    showRbacPolicy(rt, request.ctx, request.params.policyId),
  );
  return [
    route({
      method: 'GET',
      url: '/rbac-policies',
      policy: 'get_rbac_policy',
      handler: async (request) => {
        const rows = await listRbacPoliciesFor(rt, request.ctx, {
          ids: queryValues(request, 'id'),
          projectIds: projectFilter(request),
          objectIds: queryValues(request, 'object_id'),
          objectTypes: queryValues(request, 'object_type'),
          actions: queryValues(request, 'action'),
          targetTenants: queryValues(request, 'target_tenant'),
        });
        return listBody(
          request,
          'rbac_policies',
          `${networkRoot(rt, request)}/v2.0/rbac-policies`,
          rows.map(rbacPolicyView),
          (id) => rbacPolicyNotFound(id),
        );
      },
    }),
    route({
      method: 'GET',
      url: '/rbac-policies/:policyId',
      policy: 'get_rbac_policy',
      handler: async (request) => ({ rbac_policy: selectFields(request, rbacPolicyView(await policy(request))) }),
    }),
    route({
      method: 'POST',
      url: '/rbac-policies',
      policy: 'create_rbac_policy',
      target: async (request) => {
        const f = createFields(request);
        return {
          target: { project_id: f.projectId, target_tenant: f.targetTenant },
          attributes: ['object_type', 'object_id', 'target_tenant', 'action'].map((name) => ({ name })),
        };
      },
      handler: async (request, reply) => {
        const f = createFields(request);
        const p = await createRbacPolicy(rt, request.ctx, f);
        reply.code(201);
        return { rbac_policy: selectFields(request, rbacPolicyView(p)) };
      },
    }),
    route({
      method: 'PUT',
      url: '/rbac-policies/:policyId',
      policy: 'update_rbac_policy',
      target: async (request) => {
        const p = await policy(request);
        const target = updateTarget(request);
        return { target: { project_id: p.project_id, target_tenant: target }, attributes: [{ name: 'target_tenant' }] };
      },
      handler: async (request) => {
        const p = await policy(request);
        const updated = await updateRbacPolicy(rt, p.id, updateTarget(request));
        return { rbac_policy: selectFields(request, rbacPolicyView(updated)) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/rbac-policies/:policyId',
      policy: 'delete_rbac_policy',
      target: async (request) => ({ target: { project_id: (await policy(request)).project_id } }),
      handler: async (request, reply) => {
        await deleteRbacPolicy(rt, (await policy(request)).id);
        return reply.code(204).send();
      },
    }),
  ];
}
