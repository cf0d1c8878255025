/** /v3/projects (keystone/api/projects.py): list, create, show, update, delete. */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { DEFAULT_DOMAIN_ID, IdentityAdminService } from '../../services/identity/identity-admin-service.js';
import { boolFilter, queryValue } from './query.js';
import { filterByTags } from './project-tags.js';
import { projectInUrl, rolesOnly } from './targets.js';
import { collectionLinks, v3Url } from './views/links.js';
import { projectView } from './views/projects.js';
import { createBody, updateBody } from './schemas/projects.js';

export function projectRoutes(rt: Runtime): RouteDef[] {
  const svc = new IdentityAdminService(rt);
  return [
    route({
      method: 'GET',
      url: '/v3/projects',
      policy: 'identity:list_projects',
      target: rolesOnly,
      handler: async (request) => {
        const name = queryValue(request, 'name');
        const enabled = boolFilter(request, 'enabled');
        const domainId = queryValue(request, 'domain_id');
        const parentId = queryValue(request, 'parent_id');
        // Keystone filters on is_domain=false unless asked: is_domain=true lists the domains
        // (projects acting as domains have no domain or parent of their own)
        const all =
          boolFilter(request, 'is_domain') === true
            ? domainId !== undefined || parentId !== undefined
              ? []
              : await svc.domainProjects({ name, enabled })
            : await svc.projectDetails(await svc.listProjects({ name, domainId, enabled, parentId }));
        const v3 = v3Url(rt, request);
        const details = filterByTags(all, request);
        return { projects: details.map((p) => projectView(p, v3)), links: collectionLinks(rt, request) };
      },
    }),
    route({
      method: 'POST',
      url: '/v3/projects',
      policy: 'identity:create_project',
      target: rolesOnly,
      body: { '1': createBody },
      handler: async (request, reply) => {
        const project = await svc.createProject(request.body.project, DEFAULT_DOMAIN_ID);
        return reply.code(201).send({ project: projectView(project, v3Url(rt, request)) });
      },
    }),
    route({
      // Keystone's default get_project also lets members read their own project
      method: 'GET',
      url: '/v3/projects/:id',
      policy: 'identity:get_project',
      target: projectInUrl,
      handler: async (request) => {
        return { project: projectView(await svc.projectOrDomain(request.params.id), v3Url(rt, request)) };
      },
    }),
    route({
      method: 'PATCH',
      url: '/v3/projects/:id',
      policy: 'identity:update_project',
      target: rolesOnly,
      body: { '1': updateBody },
      handler: async (request) => {
        const project = await svc.updateProject(request.params.id, request.body.project);
        return { project: projectView(project, v3Url(rt, request)) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/v3/projects/:id',
      policy: 'identity:delete_project',
      target: rolesOnly,
      handler: async (request, reply) => {
        await svc.deleteProject(request.params.id);
        return reply.code(204).send();
      },
    }),
  ];
}
