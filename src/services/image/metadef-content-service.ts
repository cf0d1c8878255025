/**
 * What a metadata definition namespace holds: objects, properties and tags
 * (glance/api/v2/metadef_objects.py, metadef_properties.py, metadef_tags.py). The namespace is
 * looked up first (404 when missing or not visible), then the rule is checked against it.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { forbidden, notFound, type DomainError } from '../../domain/errors.js';
import type { DbOrTrx } from '../../store/database.js';
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

/** one kind of namespace content: its table, its words and how a row of it is found */
interface ContentKind<Row> {
  table: 'metadef_objects' | 'metadef_properties' | 'metadef_tags';
  word: 'object' | 'property' | 'tag';
  /** the objects controller reports a missing namespace in the database layer's words */
  namespace: (rt: Runtime, ctx: RequestContext, name: string) => Promise<MetadefNamespaceRow>;
  find: (db: DbOrTrx, namespaceId: string, name: string) => Promise<Row | undefined>;
  notFound: (name: string) => DomainError;
  duplicate: (name: string, ns: string) => DomainError;
}

const OBJECTS: ContentKind<MetadefObjectRow> = {
  table: 'metadef_objects',
  word: 'object',
  namespace: (rt, ctx, name) => lookupNamespace(rt, ctx, name, namespaceNotFoundByName, namespaceNotFound),
  find: repo.findObject,
  notFound: (name) => notFound(`Could not find metadata object ${name}`),
  duplicate: duplicateObject,
};

const PROPERTIES: ContentKind<MetadefPropertyRow> = {
  table: 'metadef_properties',
  word: 'property',
  namespace: (rt, ctx, name) => lookupNamespace(rt, ctx, name),
  find: repo.findProperty,
  notFound: (name) => notFound(`Could not find property ${name}`),
  duplicate: duplicateProperty,
};

const TAGS: ContentKind<MetadefTagRow> = {
  table: 'metadef_tags',
  word: 'tag',
  namespace: (rt, ctx, name) => lookupNamespace(rt, ctx, name),
  find: repo.findTag,
  notFound: (name) => notFound(`Could not find metadata tag ${name}`),
  duplicate: duplicateTag,
};

/** the namespace, checked against the rule: 404 before 403, as Glance looks it up first */
async function namespaceFor<Row>(
  rt: Runtime,
  ctx: RequestContext,
  kind: ContentKind<Row>,
  ns: string,
  rule: string,
): Promise<MetadefNamespaceRow> {
  const n = await kind.namespace(rt, ctx, ns);
  authorizeMetadef(ctx, rule, n);
  return n;
}

/** the namespace and one item of it by name, or the kind's 404 */
async function findContent<Row>(
  rt: Runtime,
  ctx: RequestContext,
  kind: ContentKind<Row>,
  ns: string,
  name: string,
  rule: string,
): Promise<{ n: MetadefNamespaceRow; row: Row }> {
  const n = await namespaceFor(rt, ctx, kind, ns, rule);
  const row = await kind.find(rt.store.db, n.id, name);
  if (!row) throw kind.notFound(name);
  return { n, row };
}

/**
 * Runs an update that may rename the item: a name already taken in the namespace is the kind's
 * 409 (decided by the UNIQUE key), a row gone meanwhile its 404.
 */
async function writeUnique<Row>(
  rt: Runtime,
  kind: ContentKind<Row>,
  ns: string,
  name: string,
  newName: string,
  write: () => Promise<boolean>,
): Promise<void> {
  try {
    if (!(await write())) throw kind.notFound(name);
  } catch (err) {
    if (unique(rt, err)) throw kind.duplicate(newName, ns);
    throw err;
  }
}

/** what a protected namespace holds is protected with it (Glance's Protected…Delete errors) */
async function deleteContent<Row>(
  rt: Runtime,
  ctx: RequestContext,
  kind: ContentKind<Row>,
  ns: string,
  name: string,
  rule: string,
): Promise<void> {
  const { n } = await findContent(rt, ctx, kind, ns, name, rule);
  if (n.protected) throw forbidden(`Metadata definition ${kind.word} ${name} is protected and cannot be deleted.`);
  if (!(await repo.deleteContent(rt.store.db, kind.table, n.id, name))) throw kind.notFound(name);
}

// ---- objects ----

export async function listMetadefObjects(rt: Runtime, ctx: RequestContext, ns: string): Promise<MetadefObjectRow[]> {
  const n = await namespaceFor(rt, ctx, OBJECTS, ns, 'get_metadef_objects');
  return repo.listObjects(rt.store.db, n.id);
}

export async function showMetadefObject(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
  name: string,
): Promise<MetadefObjectRow> {
  return (await findContent(rt, ctx, OBJECTS, ns, name, 'get_metadef_object')).row;
}

export async function createMetadefObject(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
  spec: ObjectSpec,
): Promise<MetadefObjectRow> {
  const n = await namespaceFor(rt, ctx, OBJECTS, ns, 'add_metadef_object');
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
  const { row } = await findContent(rt, ctx, OBJECTS, ns, name, 'modify_metadef_object');
  const values = {
    name: spec.name,
    description: spec.description ?? null,
    required: spec.required == null ? null : JSON.stringify(spec.required),
    json_schema: spec.properties == null ? null : JSON.stringify(spec.properties),
    updated_at: rt.clock().toISOString(),
  };
  await writeUnique(rt, OBJECTS, ns, name, spec.name, () => repo.updateObject(rt.store.db, row.id, values));
  return { ...row, ...values };
}

export async function deleteMetadefObject(rt: Runtime, ctx: RequestContext, ns: string, name: string): Promise<void> {
  await deleteContent(rt, ctx, OBJECTS, ns, name, 'delete_metadef_object');
}

// ---- properties ----

export async function listMetadefProperties(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
): Promise<MetadefPropertyRow[]> {
  const n = await namespaceFor(rt, ctx, PROPERTIES, ns, 'get_metadef_properties');
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
  const n = await namespaceFor(rt, ctx, PROPERTIES, ns, 'get_metadef_property');
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
  if (!p) throw PROPERTIES.notFound(lookup);
  return p;
}

export async function createMetadefProperty(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
  spec: PropertySpec,
): Promise<MetadefPropertyRow> {
  const n = await namespaceFor(rt, ctx, PROPERTIES, ns, 'add_metadef_property');
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
  const { row } = await findContent(rt, ctx, PROPERTIES, ns, name, 'modify_metadef_property');
  const values = { name: spec.name, json_schema: JSON.stringify(spec.schema), updated_at: rt.clock().toISOString() };
  await writeUnique(rt, PROPERTIES, ns, name, spec.name, () => repo.updateProperty(rt.store.db, row.id, values));
  return { ...row, ...values };
}

export async function deleteMetadefProperty(rt: Runtime, ctx: RequestContext, ns: string, name: string): Promise<void> {
  await deleteContent(rt, ctx, PROPERTIES, ns, name, 'remove_metadef_property');
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
  const n = await namespaceFor(rt, ctx, TAGS, ns, 'get_metadef_tags');
  let marker: MetadefTagRow | undefined;
  if (q?.marker !== undefined) {
    marker = await repo.findTag(rt.store.db, n.id, q.marker);
    if (!marker) throw TAGS.notFound(q.marker);
  }
  return repo.listTags(rt.store.db, n.id, q && { ...q, marker });
}

export async function showMetadefTag(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
  name: string,
): Promise<MetadefTagRow> {
  return (await findContent(rt, ctx, TAGS, ns, name, 'get_metadef_tag')).row;
}

/** POST …/tags/{name} */
export async function createMetadefTag(
  rt: Runtime,
  ctx: RequestContext,
  ns: string,
  name: string,
): Promise<MetadefTagRow> {
  const n = await namespaceFor(rt, ctx, TAGS, ns, 'add_metadef_tag');
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
  const n = await namespaceFor(rt, ctx, TAGS, ns, 'add_metadef_tags');
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
  const { row } = await findContent(rt, ctx, TAGS, ns, name, 'modify_metadef_tag');
  const now = rt.clock().toISOString();
  await writeUnique(rt, TAGS, ns, name, newName, () => repo.renameTag(rt.store.db, row.id, newName, now));
  return { ...row, name: newName, updated_at: now };
}

export async function deleteMetadefTag(rt: Runtime, ctx: RequestContext, ns: string, name: string): Promise<void> {
  await deleteContent(rt, ctx, TAGS, ns, name, 'delete_metadef_tag');
}
