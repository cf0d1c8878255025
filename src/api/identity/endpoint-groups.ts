/**
 * /v3/OS-EP-FILTER (keystone/api/os_ep_filter.py): endpoint groups and their project
 * associations, and endpoints associated with projects directly. All admin.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { baseUrl } from '../../http/base-url.js';
import { EndpointFilterService, type EndpointGroupRow } from '../../services/identity/endpoint-filter-service.js';
import { IdentityAdminService, type ProjectRow } from '../../services/identity/identity-admin-service.js';
import type { EndpointRow } from '../../services/identity/catalog-service.js';
import { queryValue } from './query.js';
import { rolesOnly } from './targets.js';
import { collectionLinks, v3Url } from './views/links.js';
import { endpointView } from './views/catalog.js';
import { projectView } from './views/projects.js';
import { description, name } from './schemas/common.js';

const filters = Type.Unsafe<Record<string, unknown>>({ type: 'object' });
const props = { description: Type.Optional(description), filters: Type.Optional(filters), name: Type.Optional(name) };
const createBody = Type.Object({
  endpoint_group: Type.Object({ ...props, name, filters }, { additionalProperties: true }),
});
const updateBody = Type.Object({
  endpoint_group: Type.Object(props, { minProperties: 1, additionalProperties: true }),
});

function groupView(g: EndpointGroupRow, v3: string): Record<string, unknown> {
  return {
    id: g.id,
    name: g.name,
    description: g.description,
    filters: JSON.parse(g.filters) as unknown,
    links: { self: `${v3}/OS-EP-FILTER/endpoint_groups/${g.id}` },
  };
}

export function endpointGroupRoutes(rt: Runtime): RouteDef[] {
  const svc = new EndpointFilterService(rt);
  const admin = new IdentityAdminService(rt);
  const base = '/v3/OS-EP-FILTER/endpoint_groups';
  const endpoints = (request: FastifyRequest, rows: EndpointRow[]) => {
    const v3 = v3Url(rt, request);
    return {
      endpoints: rows.map((e) => endpointView(e, v3, baseUrl(rt.config, request))),
      links: collectionLinks(rt, request),
    };
  };
  const projects = async (request: FastifyRequest, rows: ProjectRow[]) => {
    const v3 = v3Url(rt, request);
    return {
      projects: (await admin.projectDetails(rows)).map((p) => projectView(p, v3)),
      links: collectionLinks(rt, request),
    };
  };
  const groups = (request: FastifyRequest, rows: EndpointGroupRow[]) => {
    const v3 = v3Url(rt, request);
    return { endpoint_groups: rows.map((g) => groupView(g, v3)), links: collectionLinks(rt, request) };
  };
  const admin204 = (
    method: 'PUT' | 'DELETE' | 'GET',
    url: string,
    policy: string,
    run: (p: Record<string, string>) => Promise<unknown>,
  ) =>
    route({
      method,
      url,
      policy,
      target: rolesOnly,
      handler: async (request, reply) => {
        await run(request.params as Record<string, string>);
        return reply.code(204).send();
      },
    });
  return [
    route({
      method: 'GET',
      url: base,
      policy: 'identity:list_endpoint_groups',
      target: rolesOnly,
      handler: async (request) => groups(request, await svc.list({ name: queryValue(request, 'name') })),
    }),
    route({
      method: 'POST',
      url: base,
      policy: 'identity:create_endpoint_group',
      target: rolesOnly,
      body: { '1': createBody },
      handler: async (request, reply) =>
        reply.code(201).send({
          endpoint_group: groupView(await svc.create(request.body.endpoint_group), v3Url(rt, request)),
        }),
    }),
    route({
      method: 'GET',
      url: `${base}/:id`,
      policy: 'identity:get_endpoint_group',
      target: rolesOnly,
      handler: async (request) => ({ endpoint_group: groupView(await svc.get(request.params.id), v3Url(rt, request)) }),
    }),
    route({
      method: 'PATCH',
      url: `${base}/:id`,
      policy: 'identity:update_endpoint_group',
      target: rolesOnly,
      body: { '1': updateBody },
      handler: async (request) => ({
        endpoint_group: groupView(await svc.update(request.params.id, request.body.endpoint_group), v3Url(rt, request)),
      }),
    }),
    admin204('DELETE', `${base}/:id`, 'identity:delete_endpoint_group', (p) => svc.delete(p.id ?? '')),
    route({
      method: 'GET',
      url: `${base}/:id/endpoints`,
      policy: 'identity:list_endpoints_associated_with_endpoint_group',
      target: rolesOnly,
      handler: async (request) => endpoints(request, await svc.groupEndpoints(request.params.id)),
    }),
    route({
      method: 'GET',
      url: `${base}/:id/projects`,
      policy: 'identity:list_projects_associated_with_endpoint_group',
      target: rolesOnly,
      handler: async (request) => projects(request, await svc.groupProjects(request.params.id)),
    }),
    route({
      method: 'GET',
      url: `${base}/:id/projects/:project_id`,
      policy: 'identity:get_endpoint_group_in_project',
      target: rolesOnly,
      handler: async (request) => {
        const ref = await svc.groupInProject(request.params.id, request.params.project_id);
        return {
          project_endpoint_group: {
            ...ref,
            links: {
              self: `${v3Url(rt, request)}/OS-EP-FILTER/endpoint_groups/${ref.endpoint_group_id}/projects/${ref.project_id}`,
            },
          },
        };
      },
    }),
    admin204('PUT', `${base}/:id/projects/:project_id`, 'identity:add_endpoint_group_to_project', (p) =>
      svc.addGroupToProject(p.id ?? '', p.project_id ?? ''),
    ),
    admin204('DELETE', `${base}/:id/projects/:project_id`, 'identity:remove_endpoint_group_from_project', (p) =>
      svc.removeGroupFromProject(p.id ?? '', p.project_id ?? ''),
    ),
    route({
      method: 'GET',
      url: '/v3/OS-EP-FILTER/projects/:project_id/endpoint_groups',
      policy: 'identity:list_endpoint_groups_for_project',
      target: rolesOnly,
      handler: async (request) => groups(request, await svc.projectGroups(request.params.project_id)),
    }),
    // ---- project <-> endpoint
    route({
      method: 'GET',
      url: '/v3/OS-EP-FILTER/projects/:project_id/endpoints',
      policy: 'identity:list_endpoints_for_project',
      target: rolesOnly,
      handler: async (request) => endpoints(request, await svc.projectEndpoints(request.params.project_id)),
    }),
    admin204(
      'GET',
      '/v3/OS-EP-FILTER/projects/:project_id/endpoints/:endpoint_id',
      'identity:check_endpoint_in_project',
      (p) => svc.checkEndpointInProject(p.project_id ?? '', p.endpoint_id ?? ''),
    ),
    admin204(
      'PUT',
      '/v3/OS-EP-FILTER/projects/:project_id/endpoints/:endpoint_id',
      'identity:add_endpoint_to_project',
      (p) => svc.addEndpointToProject(p.project_id ?? '', p.endpoint_id ?? ''),
    ),
    admin204(
      'DELETE',
      '/v3/OS-EP-FILTER/projects/:project_id/endpoints/:endpoint_id',
      'identity:remove_endpoint_from_project',
      (p) => svc.removeEndpointFromProject(p.project_id ?? '', p.endpoint_id ?? ''),
    ),
    route({
      method: 'GET',
      url: '/v3/OS-EP-FILTER/endpoints/:endpoint_id/projects',
      policy: 'identity:list_projects_for_endpoint',
      target: rolesOnly,
      handler: async (request) => projects(request, await svc.endpointProjects(request.params.endpoint_id)),
    }),
  ];
}
