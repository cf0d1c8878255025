/**
 * What a metadata definition namespace holds: objects, properties and tags
 * (glance/api/v2/metadef_objects.py, metadef_properties.py, metadef_tags.py). The namespace is
 * looked up first (404 when missing or not visible), then the rule is checked against it.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { forbidden, notFound } from '../../domain/errors.js';
import * as repo from '../../store/repositories/metadef-repository.js';
import {
  authorizeMetadef,
  duplicateObject,
  duplicateProperty,
  duplicateTag,
  findNamespaceAssociation,
  insertObjectRow,
  insertPropertyRow,
  insertTagRows,
  lookupNamespace,
  namespaceNotFound,
  namespaceNotFoundByName,
  unique,
  type MetadefNamespaceRow,
  type MetadefObjectRow,
  type MetadefPropertyRow,
  type MetadefTagRow,
  type ObjectSpec,
  type PropertySpec,
} from './metadef-namespace-service.js';

const objectNotFound = (name: string) => notFound(`Could not find metadata object ${name}`);
const propertyNotFound = (name: string) => notFound(`Could not find property ${name}`);
const tagNotFound = (name: string) => notFound(`Could not find metadata tag ${name}`);
/** what a protected namespace holds is protected with it (Glance's Protected…Delete errors) */
const contentProtected = (what: string, name: string) =>
  forbidden(`Metadata definition ${what} ${name} is protected and cannot be deleted.`);

/** the objects controller reports a missing namespace in the database layer's words */
const objectsNamespace = (rt: Runtime, ctx: RequestContext, name: string): Promise<MetadefNamespaceRow> =>
  lookupNamespace(rt, ctx, name, namespaceNotFoundByName, namespaceNotFound);

// ---- objects ----

export async function listMetadefObjects(rt: Runtime, ctx: RequestContext, ns: string): Promise<MetadefObjectRow[]> {
  const n = await objectsNamespace(rt, ctx, ns);
  authorizeMetadef(ctx, 'get_metadef_objects', n);
  return repo.listObjects(rt.store.db, n.id);
}

export async function showMetadefObject(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
  name: string,
): Promise<MetadefObjectRow> {
  const n = await objectsNamespace(rt, ctx, ns);
  authorizeMetadef(ctx, 'get_metadef_object', n);
  const o = await repo.findObject(rt.store.db, n.id, name);
  if (!o) throw objectNotFound(name);
  return o;
}

export async function createMetadefObject(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
  spec: ObjectSpec,
): Promise<MetadefObjectRow> {
  const n = await objectsNamespace(rt, ctx, ns);
  authorizeMetadef(ctx, 'add_metadef_object', n);
  const now = rt.clock().toISOString();
  return rt.store.transaction((trx) => insertObjectRow(trx, n, spec, now, rt));
}

/** PUT …/objects/{name}: the body replaces the object (what it leaves out is cleared), a rename included. */
export async function updateMetadefObject(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
  name: string,
  spec: ObjectSpec,
): Promise<MetadefObjectRow> {
  const n = await objectsNamespace(rt, ctx, ns);
  authorizeMetadef(ctx, 'modify_metadef_object', n);
  const o = await repo.findObject(rt.store.db, n.id, name);
  if (!o) throw objectNotFound(name);
  const values = {
    name: spec.name,
    description: spec.description ?? null,
    required: spec.required == null ? null : JSON.stringify(spec.required),
    json_schema: spec.properties == null ? null : JSON.stringify(spec.properties),
    updated_at: rt.clock().toISOString(),
  };
  try {
    if (!(await repo.updateObject(rt.store.db, o.id, values))) throw objectNotFound(name);
  } catch (err) {
    if (unique(rt, err)) throw duplicateObject(spec.name, ns);
    throw err;
  }
  return { ...o, ...values };
}

export async function deleteMetadefObject(rt: Runtime, ctx: RequestContext, ns: string, name: string): Promise<void> {
  const n = await objectsNamespace(rt, ctx, ns);
  authorizeMetadef(ctx, 'delete_metadef_object', n);
  if (!(await repo.findObject(rt.store.db, n.id, name))) throw objectNotFound(name);
  if (n.protected) throw contentProtected('object', name);
  if (!(await repo.deleteContent(rt.store.db, 'metadef_objects', n.id, name))) throw objectNotFound(name);
}

// ---- properties ----

export async function listMetadefProperties(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
): Promise<MetadefPropertyRow[]> {
  const n = await lookupNamespace(rt, ctx, ns);
  authorizeMetadef(ctx, 'get_metadef_properties', n);
  return repo.listProperties(rt.store.db, n.id);
}

/**
 * GET …/properties/{name}; with a resource type, the name carries that association's prefix
 * (hw_watchdog_action for OS::Glance::Image), which is taken off before the lookup.
 */
export async function showMetadefProperty(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
  name: string,
  resourceType?: string,
): Promise<MetadefPropertyRow> {
  const n = await lookupNamespace(rt, ctx, ns);
  authorizeMetadef(ctx, 'get_metadef_property', n);
  let lookup = name;
  if (resourceType) {
    authorizeMetadef(ctx, 'get_metadef_resource_type', n);
    const a = await findNamespaceAssociation(rt, n, resourceType);
    if (!a) throw notFound(`Failed to find resource type ${resourceType}`);
    const prefix = a.prefix;
    if (!prefix || !name.startsWith(prefix))
      throw notFound(
        `Property ${name} does not start with the expected resource type association prefix of '${prefix ?? 'None'}'.`,
      );
    lookup = name.slice(prefix.length);
  }
  const p = await repo.findProperty(rt.store.db, n.id, lookup);
  if (!p) throw propertyNotFound(lookup);
  return p;
}

export async function createMetadefProperty(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
  spec: PropertySpec,
): Promise<MetadefPropertyRow> {
  const n = await lookupNamespace(rt, ctx, ns);
  authorizeMetadef(ctx, 'add_metadef_property', n);
  const now = rt.clock().toISOString();
  return rt.store.transaction((trx) => insertPropertyRow(trx, n, spec, now, rt));
}

export async function updateMetadefProperty(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
  name: string,
  spec: PropertySpec,
): Promise<MetadefPropertyRow> {
  const n = await lookupNamespace(rt, ctx, ns);
  authorizeMetadef(ctx, 'modify_metadef_property', n);
  const p = await repo.findProperty(rt.store.db, n.id, name);
  if (!p) throw propertyNotFound(name);
  const values = { name: spec.name, json_schema: JSON.stringify(spec.schema), updated_at: rt.clock().toISOString() };
  try {
    if (!(await repo.updateProperty(rt.store.db, p.id, values))) throw propertyNotFound(name);
  } catch (err) {
    if (unique(rt, err)) throw duplicateProperty(spec.name, ns);
    throw err;
  }
  return { ...p, ...values };
}

export async function deleteMetadefProperty(rt: Runtime, ctx: RequestContext, ns: string, name: string): Promise<void> {
  const n = await lookupNamespace(rt, ctx, ns);
  authorizeMetadef(ctx, 'remove_metadef_property', n);
  if (!(await repo.findProperty(rt.store.db, n.id, name))) throw propertyNotFound(name);
  if (n.protected) throw contentProtected('property', name);
  if (!(await repo.deleteContent(rt.store.db, 'metadef_properties', n.id, name))) throw propertyNotFound(name);
}

// ---- tags ----

export interface TagListQuery {
  sortKey: 'created_at' | 'name';
  sortDir: 'asc' | 'desc';
  limit?: number;
  marker?: string;
}

export async function listMetadefTags(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
  q?: TagListQuery,
): Promise<MetadefTagRow[]> {
  const n = await lookupNamespace(rt, ctx, ns);
  authorizeMetadef(ctx, 'get_metadef_tags', n);
  let marker: MetadefTagRow | undefined;
  if (q?.marker !== undefined) {
    marker = await repo.findTag(rt.store.db, n.id, q.marker);
    if (!marker) throw tagNotFound(q.marker);
  }
  return repo.listTags(rt.store.db, n.id, q && { ...q, marker });
}

export async function showMetadefTag(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
  name: string,
): Promise<MetadefTagRow> {
  const n = await lookupNamespace(rt, ctx, ns);
  authorizeMetadef(ctx, 'get_metadef_tag', n);
  const t = await repo.findTag(rt.store.db, n.id, name);
  if (!t) throw tagNotFound(name);
  return t;
}

/** POST …/tags/{name} */
export async function createMetadefTag(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
  name: string,
): Promise<MetadefTagRow> {
  const n = await lookupNamespace(rt, ctx, ns);
  authorizeMetadef(ctx, 'add_metadef_tag', n);
  const now = rt.clock().toISOString();
  const [row] = await rt.store.transaction((trx) => insertTagRows(trx, n, [name], now, rt));
  return row as MetadefTagRow;
}

/**
 * POST …/tags with a list: the namespace's tags become these, or, with X-Openstack-Append, these
 * are added to them; the deletion and the inserts commit together.
 */
export async function createMetadefTags(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
  names: string[],
  append: boolean,
): Promise<MetadefTagRow[]> {
  const n = await lookupNamespace(rt, ctx, ns);
  authorizeMetadef(ctx, 'add_metadef_tags', n);
  const now = rt.clock().toISOString();
  return rt.store.transaction(async (trx) => {
    if (!append) await repo.deleteAllContent(trx, 'metadef_tags', n.id);
    return insertTagRows(trx, n, names, now, rt);
  });
}

/** PUT …/tags/{name} with {"name": new}: a rename. */
export async function renameMetadefTag(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
  name: string,
  newName: string,
): Promise<MetadefTagRow> {
  const n = await lookupNamespace(rt, ctx, ns);
  authorizeMetadef(ctx, 'modify_metadef_tag', n);
  const t = await repo.findTag(rt.store.db, n.id, name);
  if (!t) throw tagNotFound(name);
  const now = rt.clock().toISOString();
  try {
    if (!(await repo.renameTag(rt.store.db, t.id, newName, now))) throw tagNotFound(name);
  } catch (err) {
    if (unique(rt, err)) throw duplicateTag(newName, ns);
    throw err;
  }
  return { ...t, name: newName, updated_at: now };
}

export async function deleteMetadefTag(rt: Runtime, ctx: RequestContext, ns: string, name: string): Promise<void> {
  const n = await lookupNamespace(rt, ctx, ns);
  authorizeMetadef(ctx, 'delete_metadef_tag', n);
  if (!(await repo.findTag(rt.store.db, n.id, name))) throw tagNotFound(name);
  if (n.protected) throw contentProtected('tag', name);
  if (!(await repo.deleteContent(rt.store.db, 'metadef_tags', n.id, name))) throw tagNotFound(name);
}
