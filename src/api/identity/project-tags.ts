/**
 * Project tags (keystone/api/projects.py ProjectTagsResource/ProjectTagResource) and the tag
 * filters of GET /v3/projects: tags (all of), tags-any, not-tags (not all of), not-tags-any.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { invalidTag, projectTagNotFound, tooManyTags } from '../../domain/identity/errors.js';
import type { ProjectDetails } from '../../services/identity/identity-admin-service.js';
import { ProjectTagService } from '../../services/identity/project-tag-service.js';
import { queryValue, type HasQuery } from './query.js';
import { projectInUrl } from './targets.js';
import { v3Url } from './views/links.js';
import { baseUrl } from '../../http/base-url.js';
import { tagsBody, MAX_TAGS, TAG_PATTERN } from './schemas/project-tags.js';

export function filterByTags(rows: ProjectDetails[], request: HasQuery): ProjectDetails[] {
  const list = (name: string) => {
    const v = queryValue(request, name);
    return v === undefined ? undefined : v.split(',');
  };
  const all = list('tags');
  const any = list('tags-any');
  const notAll = list('not-tags');
  const notAny = list('not-tags-any');
  return rows.filter(
    ({ tags }) =>
      (!all || all.every((t) => tags.includes(t))) &&
      (!any || any.some((t) => tags.includes(t))) &&
      (!notAll || !notAll.every((t) => tags.includes(t))) &&
      (!notAny || !notAny.some((t) => tags.includes(t))),
  );
}

export function projectTagRoutes(rt: Runtime): RouteDef[] {
  const svc = new ProjectTagService(rt);
  const selfUrl = (request: FastifyRequest) => `${baseUrl(rt.config, request)}${request.url.split('?')[0]}`;
  return [
    route({
      method: 'GET',
      url: '/v3/projects/:id/tags',
      policy: 'identity:list_project_tags',
      target: projectInUrl,
      handler: async (request) => ({ tags: await svc.tags(request.params.id), links: { self: selfUrl(request) } }),
    }),
    route({
      method: 'PUT',
      url: '/v3/projects/:id/tags',
      policy: 'identity:update_project_tags',
      target: projectInUrl,
      body: { '1': tagsBody },
      handler: async (request) => {
        const { id } = request.params;
        await svc.replace(id, request.body.tags);
        return { tags: await svc.tags(id), links: { self: selfUrl(request) } };
      },
    }),
    route({
      method: 'DELETE',
      url: '/v3/projects/:id/tags',
      policy: 'identity:delete_project_tags',
      target: projectInUrl,
      handler: async (request, reply) => {
        await svc.replace(request.params.id, []);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'GET',
      url: '/v3/projects/:id/tags/:tag',
      policy: 'identity:get_project_tag',
      target: projectInUrl,
      handler: async (request, reply) => {
        const { id, tag } = request.params;
        if (!(await svc.tags(id)).includes(tag)) throw projectTagNotFound(tag);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'PUT',
      url: '/v3/projects/:id/tags/:tag',
      policy: 'identity:create_project_tag',
      target: projectInUrl,
      handler: async (request, reply) => {
        const { id, tag } = request.params;
        const current = await svc.tags(id);
        // jsonschema's wording for project_tag_create / project_tags_update failures
        if (tag.length > 255 || !new RegExp(TAG_PATTERN).test(tag)) throw invalidTag(tag, TAG_PATTERN);
        if (!current.includes(tag) && current.length >= MAX_TAGS) throw tooManyTags(MAX_TAGS);
        await svc.add(id, tag);
        return reply
          .code(201)
          .header('location', `${v3Url(rt, request)}/projects/${id}/tags/${encodeURIComponent(tag)}`)
          .send();
      },
    }),
    route({
      method: 'DELETE',
      url: '/v3/projects/:id/tags/:tag',
      policy: 'identity:delete_project_tag',
      target: projectInUrl,
      handler: async (request, reply) => {
        const { id, tag } = request.params;
        if (!(await svc.remove(id, tag))) throw projectTagNotFound(tag);
        return reply.code(204).send();
      },
    }),
  ];
}
