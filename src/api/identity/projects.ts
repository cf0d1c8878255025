/** /v3/projects (keystone/api/projects.py): list, create, show, update, delete. */
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { DEFAULT_DOMAIN_ID, IdentityAdminService, type ProjectInput } from '../../services/identity/identity-admin-service.js';
import { boolFilter, queryValue } from './query.js';
import { filterByTags } from './project-tags.js';
import { collectionLinks, v3Url } from './views/links.js';
import { projectView } from './views/projects.js';
import { createBody, updateBody } from './schemas/projects.js';

type Params = { id: string };

export function projectRoutes(rt: Runtime): RouteDef[] {
  const svc = new IdentityAdminService(rt);
  return [
    {
      method: 'GET', url: '/v3/projects', policy: 'identity:list_projects',
      handler: async (request) => {
        authorize(request.ctx, 'identity:list_projects');
        // no project acts as a domain here, so is_domain=true matches nothing
        if (boolFilter(request, 'is_domain') === true) return { projects: [], links: collectionLinks(rt, request) };
        const rows = await svc.listProjects({
          name: queryValue(request, 'name'), domainId: queryValue(request, 'domain_id'),
          enabled: boolFilter(request, 'enabled'), parentId: queryValue(request, 'parent_id'),
        });
        const v3 = v3Url(rt, request);
        const details = filterByTags(await svc.projectDetails(rows), request);
        return { projects: details.map((p) => projectView(p, v3)), links: collectionLinks(rt, request) };
      },
    },
    {
      method: 'POST', url: '/v3/projects', policy: 'identity:create_project', body: { '1': createBody },
      handler: async (request, reply) => {
        authorize(request.ctx, 'identity:create_project');
        const input = (request.body as { project: ProjectInput }).project;
        const row = await svc.createProject(input, DEFAULT_DOMAIN_ID);
        return reply.code(201).send({ project: projectView((await svc.projectDetails([row]))[0], v3Url(rt, request)) });
      },
    },
    {
      method: 'GET', url: '/v3/projects/:id', policy: 'identity:get_project',
      handler: async (request) => {
        // Keystone's default get_project also lets members read their own project
        const { id } = request.params as Params;
        authorize(request.ctx, 'identity:get_project', { project_id: id });
        return { project: projectView((await svc.projectDetails([await svc.project(id)]))[0], v3Url(rt, request)) };
      },
    },
    {
      method: 'PATCH', url: '/v3/projects/:id', policy: 'identity:update_project', body: { '1': updateBody },
      handler: async (request) => {
        authorize(request.ctx, 'identity:update_project');
        const { id } = request.params as Params;
        const patch = (request.body as { project: ProjectInput }).project;
        const row = await svc.updateProject(id, patch);
        return { project: projectView((await svc.projectDetails([row]))[0], v3Url(rt, request)) };
      },
    },
    {
      method: 'DELETE', url: '/v3/projects/:id', policy: 'identity:delete_project',
      handler: async (request, reply) => {
        authorize(request.ctx, 'identity:delete_project');
        await svc.deleteProject((request.params as Params).id);
        return reply.code(204).send();
      },
    },
  ];
}
