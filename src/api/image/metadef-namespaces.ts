/**
 * Glance v2 metadata definition namespaces and resource types (glance/api/v2/metadef_namespaces.py,
 * metadef_resource_types.py). Translation only: the metadef services decide and write.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { baseUrl } from '../../http/base-url.js';
import { badRequest } from '../../domain/errors.js';
import {
  NAMESPACE_SORT_KEYS,
  addNamespaceAssociation,
  createMetadefNamespace,
  deleteAllMetadefContent,
  deleteMetadefNamespace,
  listMetadefNamespaces,
  listMetadefResourceTypes,
  listNamespaceAssociations,
  removeNamespaceAssociation,
  showMetadefNamespace,
  updateMetadefNamespace,
  type NamespaceListQuery,
  type NamespaceSortKey,
  type NamespaceSpec,
} from '../../services/image/metadef-namespace-service.js';
import { METADEF_NAMESPACE_SCHEMA, METADEF_RESOURCE_TYPE_SCHEMA } from './schemas/metadef-schemas.js';
import { READ_ONLY_TIMES, metadefBody, optString, propertySpecs } from './metadef-request.js';
import {
  associationView,
  namespaceDetailView,
  namespaceHref,
  namespaceListItem,
  resourceTypeView,
} from './views/metadefs.js';

const DEFAULT_LIMIT = 25; // glance limit_param_default
const MAX_LIMIT = 1000; // glance api_limit_max

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[v.length - 1] : v);

/** The list's query as Glance's deserializer reads it (and Glance's 500s as 400s). */
function listQuery(q: RawQuery): NamespaceListQuery {
  const sortDir = one(q.sort_dir) ?? 'desc';
  if (sortDir !== 'asc' && sortDir !== 'desc') throw badRequest(`Invalid sort direction: ${sortDir}`);
  const visibility = one(q.visibility);
  if (visibility && visibility !== 'public' && visibility !== 'private')
    throw badRequest(`Invalid visibility value: ${visibility}`);
  const sortKey = one(q.sort_key) ?? 'created_at';
  // Glance answers an unknown sort key with a 500 from the database layer
  if (!(NAMESPACE_SORT_KEYS as readonly string[]).includes(sortKey)) throw badRequest(`Invalid sort key: ${sortKey}`);
  const rawLimit = one(q.limit);
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== undefined) {
    if (!/^\s*[-+]?\d+\s*$/.test(rawLimit)) throw badRequest('limit param must be an integer');
    limit = Number(rawLimit);
    if (limit < 0) throw badRequest('limit param must be positive');
  }
  const types = one(q.resource_types);
  return {
    visibility: visibility || undefined,
    resourceTypes: types === undefined ? undefined : types.split(','),
    sortKey: sortKey as NamespaceSortKey,
    sortDir,
    marker: one(q.marker),
    limit: Math.min(MAX_LIMIT, limit),
  };
}

/** the query string of a list link: Python's urlencode of the request's parameters */
function encodeQuery(q: RawQuery, extra?: [string, string]): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (k === 'marker' || v === undefined) continue;
    for (const x of [v].flat()) params.append(k, x);
  }
  if (extra) params.set(extra[0], extra[1]);
  const s = params.toString();
  return s ? `?${s}` : '';
}

function namespaceSpec(body: Record<string, unknown>): NamespaceSpec {
  return {
    namespace: String(body.namespace),
    display_name: optString(body.display_name),
    description: optString(body.description),
    visibility: optString(body.visibility),
    protected: typeof body.protected === 'boolean' ? body.protected : null,
    owner: optString(body.owner),
  };
}

const nameOf = (what: string, v: unknown): string => {
  const name = (v as { name?: unknown } | null)?.name;
  if (typeof name !== 'string')
    throw badRequest(`Provided object does not match schema '${what}': 'name' is a required property`);
  return name;
};

export function metadefNamespaceRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      method: 'GET',
      url: '/v2/metadefs/namespaces',
      policy: 'get_metadef_namespaces',
      handler: async (request) => {
        const q = request.query;
        const query = listQuery(q);
        const rows = await listMetadefNamespaces(rt, request.ctx, query);
        const out: Record<string, unknown> = {
          namespaces: rows.map((r) => namespaceListItem(r.ns, r.associations)),
        };
        const last = rows.at(-1);
        if (last && rows.length === query.limit)
          out.next = `/v2/metadefs/namespaces${encodeQuery(q, ['marker', last.ns.namespace])}`;
        out.schema = '/v2/schemas/metadefs/namespaces';
        out.first = `/v2/metadefs/namespaces${encodeQuery(q)}`;
        return out;
      },
    }),
    route({
      method: 'POST',
      url: '/v2/metadefs/namespaces',
      policy: 'add_metadef_namespace',
      handler: async (request, reply) => {
        const body = metadefBody(request.body, METADEF_NAMESPACE_SCHEMA);
        const detail = await createMetadefNamespace(rt, request.ctx, {
          ...namespaceSpec(body),
          resource_type_associations: ((body.resource_type_associations as unknown[] | undefined) ?? []).map((a) => ({
            name: nameOf('namespace', a),
            prefix: optString((a as Record<string, unknown>).prefix),
            properties_target: optString((a as Record<string, unknown>).properties_target),
          })),
          objects: ((body.objects as Array<Record<string, unknown>> | undefined) ?? []).map((o) => ({
            name: nameOf('namespace', o),
            description: optString(o.description),
            required: Array.isArray(o.required) ? (o.required as string[]) : null,
            properties: propertiesOf(o.properties),
          })),
          properties: propertySpecs(body.properties),
          tags: ((body.tags as unknown[] | undefined) ?? []).map((t) => nameOf('namespace', t)),
        });
        const href = namespaceHref(detail.ns.namespace);
        return reply
          .code(201)
          .header('location', `${baseUrl(rt.config, request)}/image${href}`)
          .send(namespaceDetailView(detail, { created: true }));
      },
    }),
    route({
      method: 'GET',
      url: '/v2/metadefs/namespaces/:namespace',
      policy: 'get_metadef_namespace',
      handler: async (request) => {
        const resourceType = one(request.query.resource_type);
        const detail = await showMetadefNamespace(rt, request.ctx, request.params.namespace);
        return namespaceDetailView(detail, { resourceType });
      },
    }),
    route({
      method: 'PUT',
      url: '/v2/metadefs/namespaces/:namespace',
      policy: 'modify_metadef_namespace',
      handler: async (request) => {
        const body = metadefBody(request.body, METADEF_NAMESPACE_SCHEMA);
        const ns = await updateMetadefNamespace(rt, request.ctx, request.params.namespace, namespaceSpec(body));
        return namespaceDetailView({ ns, associations: [], objects: [], properties: [], tags: [] });
      },
    }),
    route({
      method: 'DELETE',
      url: '/v2/metadefs/namespaces/:namespace',
      policy: 'delete_metadef_namespace',
      handler: async (request, reply) => {
        await deleteMetadefNamespace(rt, request.ctx, request.params.namespace);
        return reply.code(204).send();
      },
    }),
    ...(['objects', 'properties', 'tags'] as const).map((what) =>
      route({
        method: 'DELETE',
        url: `/v2/metadefs/namespaces/:namespace/${what}`,
        policy: what === 'tags' ? 'delete_metadef_tags' : 'delete_metadef_namespace',
        handler: async (request, reply) => {
          await deleteAllMetadefContent(rt, request.ctx, request.params.namespace, what);
          return reply.code(204).send();
        },
      }),
    ),
    route({
      method: 'GET',
      url: '/v2/metadefs/resource_types',
      policy: 'list_metadef_resource_types',
      handler: async (request) => ({
        resource_types: (await listMetadefResourceTypes(rt, request.ctx)).map(resourceTypeView),
      }),
    }),
    route({
      method: 'GET',
      url: '/v2/metadefs/namespaces/:namespace/resource_types',
      policy: 'list_metadef_resource_types',
      handler: async (request) => ({
        resource_type_associations: (await listNamespaceAssociations(rt, request.ctx, request.params.namespace)).map(
          (a) => associationView(a),
        ),
      }),
    }),
    route({
      method: 'POST',
      url: '/v2/metadefs/namespaces/:namespace/resource_types',
      policy: 'add_metadef_resource_type_association',
      handler: async (request, reply) => {
        const body = metadefBody(request.body, METADEF_RESOURCE_TYPE_SCHEMA, READ_ONLY_TIMES);
        const a = await addNamespaceAssociation(rt, request.ctx, request.params.namespace, {
          name: String(body.name),
          prefix: optString(body.prefix),
          properties_target: optString(body.properties_target),
        });
        return reply.code(201).send(associationView(a));
      },
    }),
    route({
      method: 'DELETE',
      url: '/v2/metadefs/namespaces/:namespace/resource_types/:resourceType',
      policy: 'remove_metadef_resource_type_association',
      handler: async (request, reply) => {
        const { namespace, resourceType } = request.params;
        await removeNamespaceAssociation(rt, request.ctx, namespace, resourceType);
        return reply.code(204).send();
      },
    }),
  ];
}

/** an object's properties: each property's schema, without what wsme's PropertyType drops */
export function propertiesOf(v: unknown): Record<string, unknown> | null {
  if (v === undefined || v === null) return null;
  return Object.fromEntries(propertySpecs(v).map((p) => [p.name, p.schema]));
}
