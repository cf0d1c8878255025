/**
 * Glance's metadata definition bodies (the wsme models of glance/api/v2/model/metadef_*.py):
 * attributes that are unset are left out, timestamps have no fractional seconds, and links are
 * relative.
 */
import type {
  MetadefAssociationRow,
  MetadefNamespaceRow,
  MetadefObjectRow,
  MetadefPropertyRow,
  MetadefResourceTypeRow,
  MetadefTagRow,
  NamespaceDetail,
} from '../../../services/image/metadef-namespace-service.js';

const glanceTime = (iso: string): string => iso.replace(/\.\d+Z$/, 'Z');

/** the attributes that have a value (wsme leaves unset ones out) */
function present(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

const times = (r: { created_at: string; updated_at: string }) => ({
  created_at: glanceTime(r.created_at),
  updated_at: glanceTime(r.updated_at),
});

const parse = <T>(json: string | null): T | null => (json === null ? null : (JSON.parse(json) as T));

export const namespaceHref = (name: string): string => `/v2/metadefs/namespaces/${name}`;

export function namespaceBase(ns: MetadefNamespaceRow): Record<string, unknown> {
  return present({
    namespace: ns.namespace,
    display_name: ns.display_name,
    description: ns.description,
    visibility: ns.visibility,
    protected: ns.protected === 1,
    owner: ns.owner,
    ...times(ns),
  });
}

const links = (ns: MetadefNamespaceRow) => ({
  self: namespaceHref(ns.namespace),
  schema: '/v2/schemas/metadefs/namespace',
});

/** an association as lists and shows render it; `created` as a create response echoes it (no timestamps) */
export function associationView(a: MetadefAssociationRow, created = false): Record<string, unknown> {
  return present({
    name: a.name,
    prefix: a.prefix,
    properties_target: a.properties_target,
    ...(created ? {} : times(a)),
  });
}

export function resourceTypeView(t: MetadefResourceTypeRow): Record<string, unknown> {
  return { name: t.name, ...times(t) };
}

/** a property's schema, with a prefix on the names of the properties it names */
export function propertySchema(p: MetadefPropertyRow): Record<string, unknown> {
  return JSON.parse(p.json_schema) as Record<string, unknown>;
}

export function propertyView(p: MetadefPropertyRow): Record<string, unknown> {
  return { name: p.name, ...propertySchema(p) };
}

export function objectView(
  namespace: string,
  o: MetadefObjectRow,
  opts: { created?: boolean; prefix?: string; stored?: boolean } = {},
): Record<string, unknown> {
  const prefix = opts.prefix ?? '';
  const props = parse<Record<string, unknown>>(o.json_schema);
  // an object read back from Glance's database has its required list, empty or not; the answer
  // to a create echoes the request, without one when none was given
  const required = parse<string[]>(o.required) ?? (opts.stored ? [] : null);
  return present({
    name: o.name,
    required: required && required.map((r) => prefix + r),
    description: o.description,
    properties: props && Object.fromEntries(Object.entries(props).map(([k, v]) => [prefix + k, v])),
    ...(opts.created ? {} : times(o)),
    ...(opts.created
      ? {}
      : { self: `${namespaceHref(namespace)}/objects/${o.name}`, schema: '/v2/schemas/metadefs/object' }),
  });
}

export function tagView(t: MetadefTagRow): Record<string, unknown> {
  return { name: t.name, ...times(t) };
}

/** a namespace in a list: its attributes and associations */
export function namespaceListItem(ns: MetadefNamespaceRow, associations: MetadefAssociationRow[]) {
  return {
    ...namespaceBase(ns),
    ...(associations.length > 0 ? { resource_type_associations: associations.map((a) => associationView(a)) } : {}),
    ...links(ns),
  };
}

/**
 * The whole namespace (GET, and the POST answer with `created`, which echoes what was created
 * without timestamps). With a resource type, property names carry that association's prefix.
 */
export function namespaceDetailView(
  d: NamespaceDetail,
  opts: { created?: boolean; resourceType?: string } = {},
): Record<string, unknown> {
  const created = opts.created ?? false;
  const prefix = d.associations.find((a) => a.name === opts.resourceType)?.prefix ?? '';
  const out: Record<string, unknown> = namespaceBase(d.ns);
  if (d.associations.length > 0)
    out.resource_type_associations = d.associations.map((a) => associationView(a, created));
  if (d.properties.length > 0)
    out.properties = Object.fromEntries(d.properties.map((p) => [prefix + p.name, propertySchema(p)]));
  if (d.objects.length > 0) out.objects = d.objects.map((o) => objectView(d.ns.namespace, o, { created, prefix }));
  if (d.tags.length > 0) out.tags = d.tags.map((t) => ({ name: t.name }));
  return { ...out, ...links(d.ns) };
}
