/**
 * The objects, properties and tags of a metadata definition namespace (glance/api/v2/
 * metadef_objects.py, metadef_properties.py, metadef_tags.py). Translation only.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { badRequest } from '../../domain/errors.js';
import type { ObjectSpec } from '../../services/image/metadef-namespace-service.js';
import {
  createMetadefObject,
  createMetadefProperty,
  createMetadefTag,
  createMetadefTags,
  deleteMetadefObject,
  deleteMetadefProperty,
  deleteMetadefTag,
  listMetadefObjects,
  listMetadefProperties,
  listMetadefTags,
  renameMetadefTag,
  showMetadefObject,
  showMetadefProperty,
  showMetadefTag,
  updateMetadefObject,
  updateMetadefProperty,
  type TagListQuery,
} from '../../services/image/metadef-content-service.js';
import {
  METADEF_OBJECT_SCHEMA,
  METADEF_PROPERTY_SCHEMA,
  METADEF_TAGS_SCHEMA,
  METADEF_TAG_SCHEMA,
} from './schemas/metadef-schemas.js';
import { READ_ONLY_TIMES, metadefBody, optString, propertySchemaOf } from './metadef-request.js';
import { propertiesOf } from './metadef-namespaces.js';
import { objectView, propertyView, tagView } from './views/metadefs.js';
import { isTrueString } from '../../lib/bool-from-string.js';

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[v.length - 1] : v);

function objectSpec(body: Record<string, unknown>): ObjectSpec {
  return {
    name: String(body.name),
    description: optString(body.description),
    required: Array.isArray(body.required) ? (body.required as string[]) : null,
    properties: propertiesOf(body.properties),
  };
}

const propertySpec = (body: Record<string, unknown>) => ({ name: String(body.name), schema: propertySchemaOf(body) });

/** oslo's bool_from_string: the X-Openstack-Append header's true values */
const truthy = (v: unknown): boolean => typeof v === 'string' && isTrueString(v);

/** the tags list's query (glance/api/v2/metadef_tags.py RequestDeserializer.index) */
function tagQuery(q: RawQuery): TagListQuery {
  const sortDir = one(q.sort_dir) ?? 'desc';
  if (sortDir !== 'asc' && sortDir !== 'desc') throw badRequest(`Invalid sort direction: ${sortDir}`);
  const sortKey = one(q.sort_key) ?? 'created_at';
  if (sortKey !== 'created_at' && sortKey !== 'name') throw badRequest(`Invalid sort key: ${sortKey}`);
  const rawLimit = one(q.limit);
  let limit: number | undefined;
  if (rawLimit !== undefined) {
    if (!/^\s*[-+]?\d+\s*$/.test(rawLimit)) throw badRequest('limit param must be an integer');
    limit = Number(rawLimit);
    if (limit < 0) throw badRequest('limit param must be positive');
  }
  return {
    sortKey: sortKey,
    sortDir,
    limit,
    marker: one(q.marker),
  };
}

const NS = '/v2/metadefs/namespaces/:namespace';

export function metadefContentRoutes(rt: Runtime): RouteDef[] {
  return [
    // ---- objects ----
    route({
      method: 'GET',
      url: `${NS}/objects`,
      policy: 'get_metadef_objects',
      handler: async (request) => {
        const { namespace } = request.params;
        const objects = await listMetadefObjects(rt, request.ctx, namespace);
        // Glance's objects list links its schema without the leading slash
        return {
          objects: objects.map((o) => objectView(namespace, o, { stored: true })),
          schema: 'v2/schemas/metadefs/objects',
        };
      },
    }),
    route({
      method: 'POST',
      url: `${NS}/objects`,
      policy: 'add_metadef_object',
      handler: async (request, reply) => {
        const body = metadefBody(request.body, METADEF_OBJECT_SCHEMA);
        const { namespace } = request.params;
        const o = await createMetadefObject(rt, request.ctx, namespace, objectSpec(body));
        return reply.code(201).send(objectView(namespace, o));
      },
    }),
    route({
      method: 'GET',
      url: `${NS}/objects/:objectName`,
      policy: 'get_metadef_object',
      handler: async (request) => {
        const { namespace, objectName } = request.params;
        return objectView(namespace, await showMetadefObject(rt, request.ctx, namespace, objectName), { stored: true });
      },
    }),
    route({
      method: 'PUT',
      url: `${NS}/objects/:objectName`,
      policy: 'modify_metadef_object',
      handler: async (request) => {
        const body = metadefBody(request.body, METADEF_OBJECT_SCHEMA);
        const { namespace, objectName } = request.params;
        return objectView(
          namespace,
          await updateMetadefObject(rt, request.ctx, namespace, objectName, objectSpec(body)),
        );
      },
    }),
    route({
      method: 'DELETE',
      url: `${NS}/objects/:objectName`,
      policy: 'delete_metadef_object',
      handler: async (request, reply) => {
        await deleteMetadefObject(rt, request.ctx, request.params.namespace, request.params.objectName);
        return reply.code(204).send();
      },
    }),
    // ---- properties ----
    route({
      method: 'GET',
      url: `${NS}/properties`,
      policy: 'get_metadef_properties',
      handler: async (request) => {
        const props = await listMetadefProperties(rt, request.ctx, request.params.namespace);
        return { properties: Object.fromEntries(props.map((p) => [p.name, propertyView(p)])) };
      },
    }),
    route({
      method: 'POST',
      url: `${NS}/properties`,
      policy: 'add_metadef_property',
      handler: async (request, reply) => {
        const body = metadefBody(request.body, METADEF_PROPERTY_SCHEMA, READ_ONLY_TIMES);
        const p = await createMetadefProperty(rt, request.ctx, request.params.namespace, propertySpec(body));
        return reply.code(201).send(propertyView(p));
      },
    }),
    route({
      method: 'GET',
      url: `${NS}/properties/:propertyName`,
      policy: 'get_metadef_property',
      handler: async (request) => {
        const { namespace, propertyName } = request.params;
        const resourceType = one(request.query.resource_type);
        return propertyView(await showMetadefProperty(rt, request.ctx, namespace, propertyName, resourceType));
      },
    }),
    route({
      method: 'PUT',
      url: `${NS}/properties/:propertyName`,
      policy: 'modify_metadef_property',
      handler: async (request) => {
        const body = metadefBody(request.body, METADEF_PROPERTY_SCHEMA, READ_ONLY_TIMES);
        const { namespace, propertyName } = request.params;
        return propertyView(await updateMetadefProperty(rt, request.ctx, namespace, propertyName, propertySpec(body)));
      },
    }),
    route({
      method: 'DELETE',
      url: `${NS}/properties/:propertyName`,
      policy: 'remove_metadef_property',
      handler: async (request, reply) => {
        await deleteMetadefProperty(rt, request.ctx, request.params.namespace, request.params.propertyName);
        return reply.code(204).send();
      },
    }),
    // ---- tags ----
    route({
      method: 'GET',
      url: `${NS}/tags`,
      policy: 'get_metadef_tags',
      handler: async (request) => {
        const q = tagQuery(request.query);
        const tags = await listMetadefTags(rt, request.ctx, request.params.namespace, q);
        return { tags: tags.map((t) => ({ name: t.name })) };
      },
    }),
    route({
      method: 'POST',
      url: `${NS}/tags`,
      policy: 'add_metadef_tags',
      handler: async (request, reply) => {
        const body = metadefBody(request.body, METADEF_TAGS_SCHEMA, READ_ONLY_TIMES);
        if (!Array.isArray(body.tags))
          throw badRequest(`Provided object does not match schema 'tags': 'tags' is a required property`);
        const names = (body.tags as Array<{ name: string }>).map((t) => t.name);
        const append = truthy(request.headers['x-openstack-append']);
        const rows = await createMetadefTags(rt, request.ctx, request.params.namespace, names, append);
        return reply.code(201).send({ tags: rows.map((t) => ({ name: t.name })) });
      },
    }),
    route({
      method: 'GET',
      url: `${NS}/tags/:tagName`,
      policy: 'get_metadef_tag',
      handler: async (request) =>
        tagView(await showMetadefTag(rt, request.ctx, request.params.namespace, request.params.tagName)),
    }),
    route({
      method: 'POST',
      url: `${NS}/tags/:tagName`,
      policy: 'add_metadef_tag',
      handler: async (request, reply) => {
        const t = await createMetadefTag(rt, request.ctx, request.params.namespace, request.params.tagName);
        return reply.code(201).send(tagView(t));
      },
    }),
    route({
      method: 'PUT',
      url: `${NS}/tags/:tagName`,
      policy: 'modify_metadef_tag',
      handler: async (request) => {
        const body = metadefBody(request.body, METADEF_TAG_SCHEMA, READ_ONLY_TIMES);
        const { namespace, tagName } = request.params;
        return tagView(await renameMetadefTag(rt, request.ctx, namespace, tagName, String(body.name)));
      },
    }),
    route({
      method: 'DELETE',
      url: `${NS}/tags/:tagName`,
      policy: 'delete_metadef_tag',
      handler: async (request, reply) => {
        await deleteMetadefTag(rt, request.ctx, request.params.namespace, request.params.tagName);
        return reply.code(204).send();
      },
    }),
  ];
}
