/** /v2.0/security-groups (security-group and stateful-security-group extensions), bulk create included. */
import type { FastifyRequest } from 'fastify';
import type { NeutronRouteTarget } from '../../policy/network-rules.js';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import {
  createSecurityGroupsFor,
  deleteSecurityGroupFor,
  listSecurityGroupsFor,
  showSecurityGroup,
  updateSecurityGroupFor,
} from '../../services/network/security-group-service.js';
import { securityGroupDefaultAlreadyExists, securityGroupNotFound } from '../../domain/ports/network-errors.js';
import { perRequest } from '../../http/request-memo.js';
import {
  boolFilter,
  ifMatchRevision,
  optBool,
  optString,
  projectFilter,
  queryValues,
  requireOwnProject,
  resourceBodies,
  STANDARD_READ_ONLY,
  updateBody,
  selectFields,
  setAttributes,
} from './request.js';
import { securityGroupView } from './views/security-groups.js';
import { listBody } from './paging.js';
import { taggedList, withTagsOne } from './tags.js';
import { networkRoot } from './extensions.js';

const UPDATE_ATTRS = ['name', 'description', 'stateful'] as const;
const CREATE_ATTRS = [...UPDATE_ATTRS, 'tenant_id', 'project_id'] as const;

/** what Neutron's security group attribute map shows but no PUT may change */
const READ_ONLY = [...STANDARD_READ_ONLY, 'security_group_rules', 'tags'];

/** the name validator type:name_not_default: no group but the project's own may be called default */
function groupName(b: Record<string, unknown>): string | undefined {
  const name = optString(b, 'name');
  if (name !== undefined && name.toLowerCase() === 'default') throw securityGroupDefaultAlreadyExists();
  return name;
}

export function securityGroupRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  const group = perRequest((request: FastifyRequest & { params: { groupId: string } }) =>
    showSecurityGroup(rt, request.ctx, request.params.groupId),
  );
  return [
    route({
      method: 'GET',
      url: '/security-groups',
      policy: 'get_security_group',
      handler: async (request) => {
        const rows = await listSecurityGroupsFor(rt, request.ctx, {
          ids: queryValues(request, 'id'),
          names: queryValues(request, 'name'),
          descriptions: queryValues(request, 'description'),
          projectIds: projectFilter(request),
          stateful: boolFilter(request, 'stateful'),
        });
        return listBody(
          request,
          'security_groups',
          `${networkRoot(rt, request)}/v2.0/security-groups`,
          await taggedList(rt, request, 'security_groups', rows.map(securityGroupView)),
          securityGroupNotFound,
        );
      },
    }),
    route({
      method: 'GET',
      url: '/security-groups/:groupId',
      policy: 'get_security_group',
      handler: async (request) => ({
        security_group: selectFields(
          request,
          await withTagsOne(rt, 'security_groups', securityGroupView(await group(request))),
        ),
      }),
    }),
    route({
      method: 'POST',
      url: '/security-groups',
      policy: 'create_security_group',
      target: async (request) => {
        const { items } = resourceBodies(request.body, 'security_group', 'security_groups', CREATE_ATTRS);
        const first = items[0] ?? {};
        const projectId = requireOwnProject(request, first);
        return { target: { project_id: projectId }, attributes: setAttributes(first, CREATE_ATTRS) };
      },
      handler: async (request, reply) => {
        const { items, bulk } = resourceBodies(request.body, 'security_group', 'security_groups', CREATE_ATTRS);
        const specs = items.map((b) => ({
          projectId: requireOwnProject(request, b),
          name: groupName(b),
          description: optString(b, 'description'),
          stateful: optBool(b, 'stateful'),
        }));
        const created = await createSecurityGroupsFor(rt, specs);
        reply.code(201);
        const views = created.map((g) => selectFields(request, securityGroupView(g)));
        return bulk ? { security_groups: views } : { security_group: views[0] };
      },
    }),
    route({
      method: 'PUT',
      url: '/security-groups/:groupId',
      policy: 'update_security_group',
      target: async (request) => ({
        target: { project_id: (await group(request)).project_id },
        attributes: setAttributes(updateBody(request.body, 'security_group', UPDATE_ATTRS, READ_ONLY), UPDATE_ATTRS),
      }),
      handler: async (request) => {
        const g = await group(request);
        const b = updateBody(request.body, 'security_group', UPDATE_ATTRS, READ_ONLY);
        const updated = await updateSecurityGroupFor(
          rt,
          g,
          { name: groupName(b), description: optString(b, 'description'), stateful: optBool(b, 'stateful') },
          ifMatchRevision(request),
        );
        return {
          security_group: selectFields(request, await withTagsOne(rt, 'security_groups', securityGroupView(updated))),
        };
      },
    }),
    route({
      method: 'DELETE',
      url: '/security-groups/:groupId',
      policy: 'delete_security_group',
      target: async (request) => ({ target: { project_id: (await group(request)).project_id } }),
      handler: async (request, reply) => {
        await deleteSecurityGroupFor(rt, request.ctx, await group(request), ifMatchRevision(request));
        return reply.code(204).send();
      },
    }),
  ];
}
