/**
 * Project tags (keystone/api/projects.py ProjectTagsResource/ProjectTagResource) and the tag
 * filters of GET /v3/projects: tags (all of), tags-any, not-tags (not all of), not-tags-any.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { DomainError } from '../../domain/errors.js';
import { IdentityAdminService, type ProjectDetails } from '../../services/identity/identity-admin-service.js';
import { addProjectTag, deleteProjectTag, projectTags, replaceProjectTags } from '../../store/repositories/identity-extras-repository.js';
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
  const svc = new IdentityAdminService(rt);
  const db = () => rt.store.db;
  const selfUrl = (request: FastifyRequest) => `${baseUrl(rt.config, request)}${request.url.split('?')[0]}`;
  const tagsOf = async (id: string) => (await projectTags(db(), [id])).get(id) ?? [];
  const tagNotFound = (tag: string) => new DomainError('IDENTITY_NOT_FOUND', 404, `Could not find project tag: ${tag}.`);
  return [
    {
      method: 'GET', url: '/v3/projects/:id/tags', policy: 'identity:list_project_tags',
      handler: async (request) => {
        const { id } = request.params as Params;
        authorize(request.ctx, 'identity:list_project_tags', { project_id: id });
        await svc.project(id);
        return { tags: await tagsOf(id), links: { self: selfUrl(request) } };
      },
    },
    {
      method: 'PUT', url: '/v3/projects/:id/tags', policy: 'identity:update_project_tags', body: { '1': tagsBody },
      handler: async (request) => {
        const { id } = request.params as Params;
        authorize(request.ctx, 'identity:update_project_tags', { project_id: id });
        await svc.project(id);
        await rt.store.transaction((trx) => replaceProjectTags(trx, id, (request.body as { tags: string[] }).tags));
        return { tags: await tagsOf(id), links: { self: selfUrl(request) } };
      },
    },
    {
      method: 'DELETE', url: '/v3/projects/:id/tags', policy: 'identity:delete_project_tags',
      handler: async (request, reply) => {
        const { id } = request.params as Params;
        authorize(request.ctx, 'identity:delete_project_tags', { project_id: id });
        await svc.project(id);
        await replaceProjectTags(db(), id, []);
        return reply.code(204).send();
      },
    },
    {
      method: 'GET', url: '/v3/projects/:id/tags/:tag', policy: 'identity:get_project_tag',
      handler: async (request, reply) => {
        const { id, tag } = request.params as Params;
        authorize(request.ctx, 'identity:get_project_tag', { project_id: id });
        await svc.project(id);
        if (!(await tagsOf(id)).includes(tag)) throw tagNotFound(tag);
        return reply.code(204).send();
      },
    },
    {
      method: 'PUT', url: '/v3/projects/:id/tags/:tag', policy: 'identity:create_project_tag',
      handler: async (request, reply) => {
        const { id, tag } = request.params as Params;
        authorize(request.ctx, 'identity:create_project_tag', { project_id: id });
        await svc.project(id);
        // jsonschema's wording for project_tag_create / project_tags_update failures
        if (tag.length > 255 || !new RegExp(TAG_PATTERN).test(tag)) throw new DomainError('BAD_REQUEST', 400, `'${tag}' does not match '${TAG_PATTERN}'`);
        const current = await tagsOf(id);
        if (!current.includes(tag) && current.length >= MAX_TAGS) throw new DomainError('BAD_REQUEST', 400, `Invalid input for field 'tags': the project can have at most ${MAX_TAGS} tags`);
        await addProjectTag(db(), id, tag);
        return reply.code(201).header('location', `${v3Url(rt, request)}/projects/${id}/tags/${encodeURIComponent(tag)}`).send();
      },
    },
    {
      method: 'DELETE', url: '/v3/projects/:id/tags/:tag', policy: 'identity:delete_project_tag',
      handler: async (request, reply) => {
        const { id, tag } = request.params as Params;
        authorize(request.ctx, 'identity:delete_project_tag', { project_id: id });
        await svc.project(id);
        if (await deleteProjectTag(db(), id, tag) === 0) throw tagNotFound(tag);
        return reply.code(204).send();
      },
    },
  ];
}
