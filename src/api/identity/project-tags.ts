/**
 * Project tags (keystone/api/projects.py ProjectTagsResource/ProjectTagResource) and the tag
 * filters of GET /v3/projects: tags (all of), tags-any, not-tags (not all of), not-tags-any.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { DomainError } from '../../domain/errors.js';
import type { ProjectDetails } from '../../services/identity/identity-admin-service.js';
import { ProjectTagService } from '../../services/identity/project-tag-service.js';
import { queryValue } from './query.js';
import { v3Url } from './views/links.js';
import { baseUrl } from '../../http/base-url.js';
import { tagsBody, MAX_TAGS, TAG_PATTERN } from './schemas/project-tags.js';

type Params = { id: string; tag: string };

export function filterByTags(rows: ProjectDetails[], request: FastifyRequest): ProjectDetails[] {
  const list = (name: string) => { const v = queryValue(request, name); return v === undefined ? undefined : v.split(','); };
  const all = list('tags');
  const any = list('tags-any');
  const notAll = list('not-tags');
  const notAny = list('not-tags-any');
  return rows.filter(({ tags }) =>
    (!all || all.every((t) => tags.includes(t))) &&
    (!any || any.some((t) => tags.includes(t))) &&
    (!notAll || !notAll.every((t) => tags.includes(t))) &&
    (!notAny || !notAny.some((t) => tags.includes(t))));
}

export function projectTagRoutes(rt: Runtime): RouteDef[] {
  const svc = new ProjectTagService(rt);
  const selfUrl = (request: FastifyRequest) => `${baseUrl(rt.config, request)}${request.url.split('?')[0]}`;
  const tagNotFound = (tag: string) => new DomainError('IDENTITY_NOT_FOUND', 404, `Could not find project tag: ${tag}.`);
  return [
    {
      method: 'GET', url: '/v3/projects/:id/tags', policy: 'identity:list_project_tags',
      handler: async (request) => {
        const { id } = request.params as Params;
        authorize(request.ctx, 'identity:list_project_tags', { project_id: id });
        return { tags: await svc.tags(id), links: { self: selfUrl(request) } };
      },
    },
    {
      method: 'PUT', url: '/v3/projects/:id/tags', policy: 'identity:update_project_tags', body: { '1': tagsBody },
      handler: async (request) => {
        const { id } = request.params as Params;
        authorize(request.ctx, 'identity:update_project_tags', { project_id: id });
        await svc.replace(id, (request.body as { tags: string[] }).tags);
        return { tags: await svc.tags(id), links: { self: selfUrl(request) } };
      },
    },
    {
      method: 'DELETE', url: '/v3/projects/:id/tags', policy: 'identity:delete_project_tags',
      handler: async (request, reply) => {
        const { id } = request.params as Params;
        authorize(request.ctx, 'identity:delete_project_tags', { project_id: id });
        await svc.replace(id, []);
        return reply.code(204).send();
      },
    },
    {
      method: 'GET', url: '/v3/projects/:id/tags/:tag', policy: 'identity:get_project_tag',
      handler: async (request, reply) => {
        const { id, tag } = request.params as Params;
        authorize(request.ctx, 'identity:get_project_tag', { project_id: id });
        if (!(await svc.tags(id)).includes(tag)) throw tagNotFound(tag);
        return reply.code(204).send();
      },
    },
    {
      method: 'PUT', url: '/v3/projects/:id/tags/:tag', policy: 'identity:create_project_tag',
      handler: async (request, reply) => {
        const { id, tag } = request.params as Params;
        authorize(request.ctx, 'identity:create_project_tag', { project_id: id });
        const current = await svc.tags(id);
        // jsonschema's wording for project_tag_create / project_tags_update failures
        if (tag.length > 255 || !new RegExp(TAG_PATTERN).test(tag)) throw new DomainError('BAD_REQUEST', 400, `'${tag}' does not match '${TAG_PATTERN}'`);
        if (!current.includes(tag) && current.length >= MAX_TAGS) throw new DomainError('BAD_REQUEST', 400, `Invalid input for field 'tags': the project can have at most ${MAX_TAGS} tags`);
        await svc.add(id, tag);
        return reply.code(201).header('location', `${v3Url(rt, request)}/projects/${id}/tags/${encodeURIComponent(tag)}`).send();
      },
    },
    {
      method: 'DELETE', url: '/v3/projects/:id/tags/:tag', policy: 'identity:delete_project_tag',
      handler: async (request, reply) => {
        const { id, tag } = request.params as Params;
        authorize(request.ctx, 'identity:delete_project_tag', { project_id: id });
        if (!await svc.remove(id, tag)) throw tagNotFound(tag);
        return reply.code(204).send();
      },
    },
  ];
}
