/**
 * Glance's metadata definitions: namespaces and their resource type associations
 * (glance/api/v2/metadef_namespaces.py, metadef_resource_types.py with the visibility rule of
 * glance/db/sqlalchemy/metadef_api/namespace.py). Admins write (metadef_admin), anyone reads what
 * is visible: public namespaces, and private ones to their owner's project. Every refusal is
 * worded as the controller words it.
 */
import type { Runtime } from '../../runtime.js';
import type { Trx } from '../../store/database.js';
import type { RequestContext } from '../../domain/context.js';
import { DomainError, conflict, forbidden, notFound } from '../../domain/errors.js';
import { allowed } from '../../policy/check.js';
import { newUuid } from '../../lib/ids.js';
import * as repo from '../../store/repositories/metadef-repository.js';
import type {
  MetadefAssociationRow,
  MetadefNamespaceRow,
  MetadefObjectRow,
  MetadefPropertyRow,
  MetadefResourceTypeRow,
  MetadefTagRow,
  NamespaceSortKey,
} from '../../store/repositories/metadef-repository.js';
import { notAuthorized } from './image-service.js';

export type {
  MetadefAssociationRow,
  MetadefNamespaceRow,
  MetadefObjectRow,
  MetadefPropertyRow,
  MetadefResourceTypeRow,
  MetadefTagRow,
};
export { NAMESPACE_SORT_KEYS, type NamespaceSortKey } from '../../store/repositories/metadef-repository.js';

// ---- the wordings of Glance's metadef exceptions ----

export const namespaceNotFoundByName = (name: string): DomainError =>
  notFound(`Metadata definition namespace=${name} was not found.`);
/** the controllers' own 404 for a namespace missing or not visible */
export const namespaceNotFound = (name: string): DomainError => notFound(`Namespace ${name} not found`);
export const namespaceProtected = (name: string): DomainError =>
  forbidden(`Metadata definition namespace ${name} is protected and cannot be deleted.`);
const duplicateNamespace = (name: string): DomainError =>
  conflict(`The metadata definition namespace=${name} already exists.`);
export const duplicateObject = (name: string, ns: string): DomainError =>
  conflict(`A metadata definition object with name=${name} already exists in namespace=${ns}.`);
export const duplicateProperty = (name: string, ns: string): DomainError =>
  conflict(`A metadata definition property with name=${name} already exists in namespace=${ns}.`);
export const duplicateTag = (name: string, ns: string): DomainError =>
  conflict(
    `A metadata tag with name=${name} already exists in namespace=${ns}. (Please note that metadata tag names are case insensitive).`,
  );
const duplicateAssociation = (type: string, ns: string): DomainError =>
  conflict(
    `The metadata definition resource-type association of resource-type=${type} to namespace=${ns} already exists.`,
  );

/** a metadef rule Glance checks: 403 "You are not authorized to complete <rule> action." */
export function authorizeMetadef(ctx: RequestContext, rule: string, ns?: MetadefNamespaceRow): void {
  if (!allowed(ctx, rule, ns ? { project_id: ns.owner } : {})) throw notAuthorized(rule);
}

/** namespace.py _is_namespace_visible */
export function namespaceVisible(ctx: RequestContext, ns: MetadefNamespaceRow): boolean {
  return ctx.isAdmin || ns.visibility === 'public' || (ctx.projectId !== null && ns.owner === ctx.projectId);
}

/**
 * The namespace a sub-resource route names. `missing` is the error for no such namespace, `hidden`
 * the one for a namespace the caller may not see (most controllers word both "Namespace X not found").
 */
export async function lookupNamespace(
  rt: Runtime,
  ctx: RequestContext,
  name: string,
  missing: (name: string) => DomainError = namespaceNotFound,
  hidden: (name: string) => DomainError = namespaceNotFound,
): Promise<MetadefNamespaceRow> {
  const ns = await repo.findNamespace(rt.store.db, name);
  if (!ns) throw missing(name);
  if (!namespaceVisible(ctx, ns)) throw hidden(name);
  return ns;
}

export const unique = (rt: Runtime, err: unknown): boolean => rt.store.adapter.isUniqueViolation(err);

// ---- what a namespace holds ----

export interface PropertySpec {
  name: string;
  /** the property's schema without its name (title, type, enum, …) */
  schema: Record<string, unknown>;
}
export interface ObjectSpec {
  name: string;
  description?: string | null;
  required?: string[] | null;
  properties?: Record<string, unknown> | null;
}
export interface AssociationSpec {
  name: string;
  prefix?: string | null;
  properties_target?: string | null;
}
export interface NamespaceSpec {
  namespace: string;
  display_name?: string | null;
  description?: string | null;
  visibility?: string | null;
  protected?: boolean | null;
  owner?: string | null;
}

export interface NamespaceDetail {
  ns: MetadefNamespaceRow;
  associations: MetadefAssociationRow[];
  objects: MetadefObjectRow[];
  properties: MetadefPropertyRow[];
  tags: MetadefTagRow[];
}

/** Inserts the rows of a new object (the caller has checked the namespace and the rule). */
export async function insertObjectRow(
  trx: Trx,
  ns: MetadefNamespaceRow,
  spec: ObjectSpec,
  now: string,
  rt: Runtime,
): Promise<MetadefObjectRow> {
  const row: MetadefObjectRow = {
    id: newUuid(),
    namespace_id: ns.id,
    name: spec.name,
    description: spec.description ?? null,
    required: spec.required == null ? null : JSON.stringify(spec.required),
    json_schema: spec.properties == null ? null : JSON.stringify(spec.properties),
    created_at: now,
    updated_at: now,
  };
  try {
    await repo.insertObject(trx, row);
  } catch (err) {
    if (unique(rt, err)) throw duplicateObject(spec.name, ns.namespace);
    throw err;
  }
  return row;
}

export async function insertPropertyRow(
  trx: Trx,
  ns: MetadefNamespaceRow,
  spec: PropertySpec,
  now: string,
  rt: Runtime,
): Promise<MetadefPropertyRow> {
  const row: MetadefPropertyRow = {
    id: newUuid(),
    namespace_id: ns.id,
    name: spec.name,
    json_schema: JSON.stringify(spec.schema),
    created_at: now,
    updated_at: now,
  };
  try {
    await repo.insertProperty(trx, row);
  } catch (err) {
    if (unique(rt, err)) throw duplicateProperty(spec.name, ns.namespace);
    throw err;
  }
  return row;
}

/** Inserts tags; a name given twice, or already there, is Glance's duplicate-tag 409. */
export async function insertTagRows(
  trx: Trx,
  ns: MetadefNamespaceRow,
  names: string[],
  now: string,
  rt: Runtime,
): Promise<MetadefTagRow[]> {
  const rows = names.map((name) => ({ id: newUuid(), namespace_id: ns.id, name, created_at: now, updated_at: now }));
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw duplicateTag(n, ns.namespace);
    seen.add(n);
  }
  // the name the namespace already has, for the message; the UNIQUE key decides a race
  const existing = await repo.findTagsNamed(trx, ns.id, names);
  if (existing.length > 0) throw duplicateTag(names.find((n) => existing.includes(n)) ?? '', ns.namespace);
  try {
    await repo.insertTags(trx, rows);
  } catch (err) {
    if (unique(rt, err)) throw duplicateTag(names[0] ?? '', ns.namespace);
    throw err;
  }
  return rows;
}

async function insertAssociationRow(
  trx: Trx,
  ns: MetadefNamespaceRow,
  spec: AssociationSpec,
  now: string,
  rt: Runtime,
): Promise<MetadefAssociationRow> {
  const type = await repo.ensureResourceType(trx, {
    id: newUuid(),
    name: spec.name,
    protected: 0,
    created_at: now,
    updated_at: now,
  });
  const row = {
    namespace_id: ns.id,
    resource_type_id: type.id,
    prefix: spec.prefix ?? null,
    properties_target: spec.properties_target ?? null,
    created_at: now,
    updated_at: now,
  };
  try {
    await repo.insertAssociation(trx, row);
  } catch (err) {
    if (unique(rt, err)) throw duplicateAssociation(spec.name, ns.namespace);
    throw err;
  }
  return { ...row, name: spec.name };
}

// ---- namespaces ----

export interface NamespaceListQuery {
  visibility?: string;
  resourceTypes?: string[];
  sortKey: NamespaceSortKey;
  sortDir: 'asc' | 'desc';
  marker?: string;
  limit: number;
}

/** GET /v2/metadefs/namespaces: the visible namespaces with their associations. */
export async function listMetadefNamespaces(
  rt: Runtime,
  ctx: RequestContext,
  q: NamespaceListQuery,
): Promise<Array<{ ns: MetadefNamespaceRow; associations: MetadefAssociationRow[] }>> {
  authorizeMetadef(ctx, 'get_metadef_namespaces');
  authorizeMetadef(ctx, 'list_metadef_resource_types');
  const db = rt.store.db;
  // the marker is looked up as any namespace is: unknown is a 404, another's private one a 403
  let marker: MetadefNamespaceRow | undefined;
  if (q.marker !== undefined) {
    marker = await repo.findNamespace(db, q.marker);
    if (!marker) throw namespaceNotFoundByName(q.marker);
    if (!namespaceVisible(ctx, marker))
      throw forbidden(`Forbidding request, metadata definition namespace=${q.marker} is not visible.`);
  }
  const rows = await repo.listNamespaces(db, {
    admin: ctx.isAdmin,
    owner: ctx.projectId,
    visibility: q.visibility,
    resourceTypes: q.resourceTypes,
    sortKey: q.sortKey,
    sortDir: q.sortDir,
    marker,
    limit: q.limit,
  });
  const associations = await repo.listAssociations(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((ns) => ({ ns, associations: associations.filter((a) => a.namespace_id === ns.id) }));
}

/** The whole namespace: GET /v2/metadefs/namespaces/{ns}. Another's private namespace is a bare 404. */
export async function showMetadefNamespace(rt: Runtime, ctx: RequestContext, name: string): Promise<NamespaceDetail> {
  const db = rt.store.db;
  const ns = await lookupNamespace(rt, ctx, name, namespaceNotFoundByName, () => notFound());
  if (!allowed(ctx, 'get_metadef_namespace', { project_id: ns.owner })) throw notFound();
  for (const rule of [
    'list_metadef_resource_types',
    'get_metadef_objects',
    'get_metadef_properties',
    'get_metadef_tags',
  ])
    authorizeMetadef(ctx, rule, ns);
  const [associations, objects, properties, tags] = await Promise.all([
    repo.listAssociations(db, [ns.id]),
    repo.listObjects(db, ns.id),
    repo.listProperties(db, ns.id),
    repo.listTags(db, ns.id),
  ]);
  return { ns, associations, objects, properties, tags };
}

export interface NamespaceCreate extends NamespaceSpec {
  resource_type_associations?: AssociationSpec[];
  objects?: ObjectSpec[];
  properties?: PropertySpec[];
  tags?: string[];
}

/**
 * POST /v2/metadefs/namespaces: the namespace and everything it is created with, in one
 * transaction (Glance adds them one by one and deletes the namespace again when one fails).
 */
export async function createMetadefNamespace(
  rt: Runtime,
  ctx: RequestContext,
  spec: NamespaceCreate,
): Promise<NamespaceDetail> {
  authorizeMetadef(ctx, 'add_metadef_namespace');
  if (spec.resource_type_associations?.length) authorizeMetadef(ctx, 'add_metadef_resource_type_association');
  if (spec.objects?.length) authorizeMetadef(ctx, 'add_metadef_object');
  if (spec.properties?.length) authorizeMetadef(ctx, 'add_metadef_property');
  if (spec.tags?.length) authorizeMetadef(ctx, 'add_metadef_tag');
  const now = rt.clock().toISOString();
  const ns: MetadefNamespaceRow = {
    id: newUuid(),
    namespace: spec.namespace,
    display_name: spec.display_name ?? null,
    description: spec.description ?? null,
    visibility: spec.visibility ?? 'private',
    protected: spec.protected ? 1 : 0,
    owner: spec.owner ?? ctx.projectId ?? '',
    created_at: now,
    updated_at: now,
  };
  return rt.store.transaction(async (trx) => {
    try {
      await repo.insertNamespace(trx, ns);
    } catch (err) {
      if (unique(rt, err)) throw duplicateNamespace(spec.namespace);
      throw err;
    }
    const associations: MetadefAssociationRow[] = [];
    for (const a of spec.resource_type_associations ?? [])
      associations.push(await insertAssociationRow(trx, ns, a, now, rt));
    const objects: MetadefObjectRow[] = [];
    for (const o of spec.objects ?? []) objects.push(await insertObjectRow(trx, ns, o, now, rt));
    const tags = await insertTagRows(trx, ns, spec.tags ?? [], now, rt);
    const properties: MetadefPropertyRow[] = [];
    for (const p of spec.properties ?? []) properties.push(await insertPropertyRow(trx, ns, p, now, rt));
    return { ns, associations, objects, properties, tags };
  });
}

/**
 * PUT /v2/metadefs/namespaces/{ns}: every attribute is replaced; visibility, protected and owner
 * fall back to the create defaults when not given. Renaming onto another namespace is a 409.
 */
export async function updateMetadefNamespace(
  rt: Runtime,
  ctx: RequestContext,
  name: string,
  spec: NamespaceSpec,
): Promise<MetadefNamespaceRow> {
  const ns = await lookupNamespace(rt, ctx, name);
  authorizeMetadef(ctx, 'modify_metadef_namespace', ns);
  const values = {
    namespace: spec.namespace,
    display_name: spec.display_name ?? null,
    description: spec.description ?? null,
    visibility: spec.visibility || 'private',
    protected: spec.protected ? 1 : 0,
    owner: spec.owner || ctx.projectId || '',
    updated_at: rt.clock().toISOString(),
  };
  try {
    if (!(await repo.updateNamespace(rt.store.db, ns.id, values))) throw namespaceNotFound(name);
  } catch (err) {
    if (unique(rt, err))
      throw conflict(
        `Invalid update. It would result in a duplicate metadata definition namespace with the same name of ${spec.namespace}`,
      );
    throw err;
  }
  return { ...ns, ...values };
}

/** DELETE /v2/metadefs/namespaces/{ns}: everything in it goes too; a protected namespace is a 403. */
export async function deleteMetadefNamespace(rt: Runtime, ctx: RequestContext, name: string): Promise<void> {
  const ns = await lookupNamespace(rt, ctx, name);
  authorizeMetadef(ctx, 'delete_metadef_namespace', ns);
  if (ns.protected) throw namespaceProtected(name);
  if (!(await repo.deleteUnprotectedNamespace(rt.store.db, ns.id))) {
    const now = await repo.findNamespace(rt.store.db, name);
    if (now?.id === ns.id && now.protected) throw namespaceProtected(name);
    throw namespaceNotFound(name);
  }
}

/**
 * DELETE /v2/metadefs/namespaces/{ns}/{objects,properties,tags}: Glance checks the namespace's
 * delete rule (and delete_metadef_tags for tags) and refuses a protected namespace as if the
 * namespace itself were being deleted.
 */
export async function deleteAllMetadefContent(
  rt: Runtime,
  ctx: RequestContext,
  name: string,
  what: 'objects' | 'properties' | 'tags',
): Promise<void> {
  const ns = await lookupNamespace(rt, ctx, name);
  authorizeMetadef(ctx, 'delete_metadef_namespace', ns);
  if (what === 'tags') authorizeMetadef(ctx, 'delete_metadef_tags', ns);
  if (ns.protected) throw namespaceProtected(name);
  await repo.deleteAllContent(rt.store.db, `metadef_${what}`, ns.id);
}

// ---- resource types ----

/** GET /v2/metadefs/resource_types: every resource type (they are global). */
export async function listMetadefResourceTypes(rt: Runtime, ctx: RequestContext): Promise<MetadefResourceTypeRow[]> {
  authorizeMetadef(ctx, 'list_metadef_resource_types');
  return repo.listResourceTypes(rt.store.db);
}

/** GET /v2/metadefs/namespaces/{ns}/resource_types */
export async function listNamespaceAssociations(
  rt: Runtime,
  ctx: RequestContext,
  name: string,
): Promise<MetadefAssociationRow[]> {
  const ns = await lookupNamespace(rt, ctx, name);
  authorizeMetadef(ctx, 'list_metadef_resource_types', ns);
  return repo.listAssociations(rt.store.db, [ns.id]);
}

/** The association of a namespace with a resource type of this name (for property prefixes). */
export async function findNamespaceAssociation(
  rt: Runtime,
  ns: MetadefNamespaceRow,
  typeName: string,
): Promise<MetadefAssociationRow | undefined> {
  const all = await repo.listAssociations(rt.store.db, [ns.id]);
  return all.find((a) => a.name === typeName);
}

/** POST /v2/metadefs/namespaces/{ns}/resource_types: the resource type is created on first use. */
export async function addNamespaceAssociation(
  rt: Runtime,
  ctx: RequestContext,
  name: string,
  spec: AssociationSpec,
): Promise<MetadefAssociationRow> {
  const ns = await lookupNamespace(rt, ctx, name);
  authorizeMetadef(ctx, 'add_metadef_resource_type_association', ns);
  const now = rt.clock().toISOString();
  return rt.store.transaction((trx) => insertAssociationRow(trx, ns, spec, now, rt));
}

/** DELETE /v2/metadefs/namespaces/{ns}/resource_types/{type} */
export async function removeNamespaceAssociation(
  rt: Runtime,
  ctx: RequestContext,
  name: string,
  typeName: string,
): Promise<void> {
  const ns = await lookupNamespace(rt, ctx, name);
  authorizeMetadef(ctx, 'remove_metadef_resource_type_association', ns);
  const missing = notFound(`Failed to find resource type ${typeName} to delete`);
  if (!(await findNamespaceAssociation(rt, ns, typeName))) throw missing;
  if (ns.protected)
    throw forbidden(`Metadata definition resource-type-association ${typeName} is protected and cannot be deleted.`);
  const type = await repo.findResourceType(rt.store.db, typeName);
  if (!type || !(await repo.deleteAssociation(rt.store.db, ns.id, type.id))) throw missing;
}
