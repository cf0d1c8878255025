/**
 * Glance's metadata definitions (glance/db/sqlalchemy/metadef_api): namespaces with the
 * visibility rule of namespace.py (_select_namespaces_query), resource types and associations,
 * and the objects, properties and tags of a namespace.
 */
import type { DbOrTrx } from '../database.js';
import type {
  MetadefNamespacesTable,
  MetadefNamespaceResourceTypesTable,
  MetadefObjectsTable,
  MetadefPropertiesTable,
  MetadefResourceTypesTable,
  MetadefTagsTable,
} from '../tables/metadefs.table.js';

export type MetadefNamespaceRow = MetadefNamespacesTable;
export type MetadefResourceTypeRow = MetadefResourceTypesTable;
export type MetadefAssociationRow = MetadefNamespaceResourceTypesTable & { name: string };
export type MetadefObjectRow = MetadefObjectsTable;
export type MetadefPropertyRow = MetadefPropertiesTable;
export type MetadefTagRow = MetadefTagsTable;

// ---- namespaces ----

export async function findNamespace(db: DbOrTrx, name: string): Promise<MetadefNamespaceRow | undefined> {
  return db.selectFrom('metadef_namespaces').selectAll().where('namespace', '=', name).executeTakeFirst();
}

/** The sort keys a namespace list takes (columns of metadef_namespaces). */
export const NAMESPACE_SORT_KEYS = [
  'created_at',
  'updated_at',
  'namespace',
  'display_name',
  'description',
  'visibility',
  'protected',
  'owner',
] as const;
export type NamespaceSortKey = (typeof NAMESPACE_SORT_KEYS)[number];

export interface NamespaceListFilter {
  /** null: an admin, who sees every namespace; otherwise public ones and the owner's own */
  owner: string | null;
  admin: boolean;
  visibility?: string;
  /** only namespaces associated with one of these resource types */
  resourceTypes?: string[];
  sortKey: NamespaceSortKey;
  sortDir: 'asc' | 'desc';
  /** the namespace after which the page starts */
  marker?: MetadefNamespaceRow;
  limit: number;
}

/**
 * One page of namespaces, ordered by the sort key, then created_at, then the (unique) name, all in
 * the one direction, as oslo.db's paginate_query with Glance's sort keys (the name stands in for
 * Glance's integer id as the last key).
 */
export async function listNamespaces(db: DbOrTrx, f: NamespaceListFilter): Promise<MetadefNamespaceRow[]> {
  let q = db.selectFrom('metadef_namespaces').selectAll();
  if (!f.admin) {
    const owner = f.owner;
    q = q.where((eb) =>
      owner === null
        ? eb('visibility', '=', 'public')
        : eb.or([eb('visibility', '=', 'public'), eb('owner', '=', owner)]),
    );
  }
  if (f.visibility !== undefined) q = q.where('visibility', '=', f.visibility);
  const types = f.resourceTypes;
  if (types !== undefined)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('metadef_namespace_resource_types as a')
          .innerJoin('metadef_resource_types as t', 't.id', 'a.resource_type_id')
          .select('a.namespace_id')
          .whereRef('a.namespace_id', '=', 'metadef_namespaces.id')
          .where('t.name', 'in', types.length > 0 ? types : ['']),
      ),
    );
  const keys: Array<'namespace' | NamespaceSortKey> = [f.sortKey];
  for (const k of ['created_at', 'namespace'] as const) if (!keys.includes(k)) keys.push(k);
  const m = f.marker;
  if (m) {
    const op = f.sortDir === 'asc' ? '>' : '<';
    // (k1 > m1) or (k1 = m1 and k2 > m2) or …; null sorts first, as in SQLite and oslo.db
    q = q.where((eb) =>
      eb.or(
        keys.map((k, i) =>
          eb.and([
            ...keys.slice(0, i).map((p) => (m[p] === null ? eb(p, 'is', null) : eb(p, '=', m[p]))),
            m[k] === null
              ? op === '>'
                ? eb(k, 'is not', null)
                : eb.lit(false)
              : op === '>'
                ? eb(k, '>', m[k])
                : eb.or([eb(k, '<', m[k]), eb(k, 'is', null)]),
          ]),
        ),
      ),
    );
  }
  for (const k of keys) q = q.orderBy(k, f.sortDir);
  return q.limit(f.limit).execute();
}

export async function insertNamespace(db: DbOrTrx, row: MetadefNamespaceRow): Promise<void> {
  await db.insertInto('metadef_namespaces').values(row).execute();
}

export async function updateNamespace(
  db: DbOrTrx,
  id: string,
  values: Omit<MetadefNamespaceRow, 'id' | 'created_at'>,
): Promise<boolean> {
  const r = await db.updateTable('metadef_namespaces').set(values).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes unless protected; the condition is in the statement, so a concurrent protect wins. */
export async function deleteUnprotectedNamespace(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('metadef_namespaces')
    .where('id', '=', id)
    .where('protected', '=', 0)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

// ---- resource types and associations ----

export async function listResourceTypes(db: DbOrTrx): Promise<MetadefResourceTypeRow[]> {
  return db.selectFrom('metadef_resource_types').selectAll().orderBy('created_at').orderBy('name').execute();
}

export async function findResourceType(db: DbOrTrx, name: string): Promise<MetadefResourceTypeRow | undefined> {
  return db.selectFrom('metadef_resource_types').selectAll().where('name', '=', name).executeTakeFirst();
}

/** The resource type of this name, created when there is none yet (a concurrent creator's row is kept). */
export async function ensureResourceType(db: DbOrTrx, row: MetadefResourceTypeRow): Promise<MetadefResourceTypeRow> {
  await db
    .insertInto('metadef_resource_types')
    .values(row)
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const found = await findResourceType(db, row.name);
  return found ?? row;
}

/** The associations of these namespaces, with their resource types' names, oldest first. */
export async function listAssociations(db: DbOrTrx, namespaceIds: string[]): Promise<MetadefAssociationRow[]> {
  if (namespaceIds.length === 0) return [];
  return db
    .selectFrom('metadef_namespace_resource_types as a')
    .innerJoin('metadef_resource_types as t', 't.id', 'a.resource_type_id')
    .selectAll('a')
    .select('t.name')
    .where('a.namespace_id', 'in', namespaceIds)
    .orderBy('a.created_at')
    .orderBy('t.name')
    .execute();
}

export async function insertAssociation(db: DbOrTrx, row: MetadefNamespaceResourceTypesTable): Promise<void> {
  await db.insertInto('metadef_namespace_resource_types').values(row).execute();
}

export async function deleteAssociation(db: DbOrTrx, namespaceId: string, resourceTypeId: string): Promise<boolean> {
  const r = await db
    .deleteFrom('metadef_namespace_resource_types')
    .where('namespace_id', '=', namespaceId)
    .where('resource_type_id', '=', resourceTypeId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

// ---- objects, properties, tags: rows of a namespace, unique by name within it ----

export type MetadefContentTable = 'metadef_objects' | 'metadef_properties' | 'metadef_tags';

export async function listObjects(db: DbOrTrx, namespaceId: string): Promise<MetadefObjectRow[]> {
  return db
    .selectFrom('metadef_objects')
    .selectAll()
    .where('namespace_id', '=', namespaceId)
    .orderBy('created_at')
    .orderBy('name')
    .execute();
}

export async function findObject(
  db: DbOrTrx,
  namespaceId: string,
  name: string,
): Promise<MetadefObjectRow | undefined> {
  return db
    .selectFrom('metadef_objects')
    .selectAll()
    .where('namespace_id', '=', namespaceId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function insertObject(db: DbOrTrx, row: MetadefObjectRow): Promise<void> {
  await db.insertInto('metadef_objects').values(row).execute();
}

export async function updateObject(
  db: DbOrTrx,
  id: string,
  values: Pick<MetadefObjectRow, 'name' | 'description' | 'required' | 'json_schema' | 'updated_at'>,
): Promise<boolean> {
  const r = await db.updateTable('metadef_objects').set(values).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function listProperties(db: DbOrTrx, namespaceId: string): Promise<MetadefPropertyRow[]> {
  return db
    .selectFrom('metadef_properties')
    .selectAll()
    .where('namespace_id', '=', namespaceId)
    .orderBy('created_at')
    .orderBy('name')
    .execute();
}

export async function findProperty(
  db: DbOrTrx,
  namespaceId: string,
  name: string,
): Promise<MetadefPropertyRow | undefined> {
  return db
    .selectFrom('metadef_properties')
    .selectAll()
    .where('namespace_id', '=', namespaceId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function insertProperty(db: DbOrTrx, row: MetadefPropertyRow): Promise<void> {
  await db.insertInto('metadef_properties').values(row).execute();
}

export async function updateProperty(
  db: DbOrTrx,
  id: string,
  values: Pick<MetadefPropertyRow, 'name' | 'json_schema' | 'updated_at'>,
): Promise<boolean> {
  const r = await db.updateTable('metadef_properties').set(values).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface TagListFilter {
  sortKey: 'created_at' | 'name';
  sortDir: 'asc' | 'desc';
  limit?: number;
  marker?: MetadefTagRow;
}

/** A namespace's tags, newest first by default (Glance's created_at desc), the name breaking ties. */
export async function listTags(db: DbOrTrx, namespaceId: string, f?: TagListFilter): Promise<MetadefTagRow[]> {
  const sortKey = f?.sortKey ?? 'created_at';
  const dir = f?.sortDir ?? 'desc';
  let q = db.selectFrom('metadef_tags').selectAll().where('namespace_id', '=', namespaceId);
  const m = f?.marker;
  if (m) {
    const op = dir === 'asc' ? '>' : '<';
    q =
      sortKey === 'name'
        ? q.where('name', op, m.name)
        : q.where((eb) =>
            eb.or([
              eb('created_at', op, m.created_at),
              eb.and([eb('created_at', '=', m.created_at), eb('name', op, m.name)]),
            ]),
          );
  }
  q = q.orderBy(sortKey, dir);
  if (sortKey !== 'name') q = q.orderBy('name', dir);
  if (f?.limit !== undefined) q = q.limit(f.limit);
  return q.execute();
}

export async function findTag(db: DbOrTrx, namespaceId: string, name: string): Promise<MetadefTagRow | undefined> {
  return db
    .selectFrom('metadef_tags')
    .selectAll()
    .where('namespace_id', '=', namespaceId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** which of these names the namespace has as tags */
export async function findTagsNamed(db: DbOrTrx, namespaceId: string, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await db
    .selectFrom('metadef_tags')
    .select('name')
    .where('namespace_id', '=', namespaceId)
    .where('name', 'in', names)
    .execute();
  return rows.map((r) => r.name);
}

export async function insertTags(db: DbOrTrx, rows: MetadefTagRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('metadef_tags').values(rows).execute();
}

export async function renameTag(db: DbOrTrx, id: string, name: string, now: string): Promise<boolean> {
  const r = await db.updateTable('metadef_tags').set({ name, updated_at: now }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes one row of a namespace by name; false when there was none. */
export async function deleteContent(
  db: DbOrTrx,
  table: MetadefContentTable,
  namespaceId: string,
  name: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom(table)
    .where('namespace_id', '=', namespaceId)
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Deletes every row of a namespace (DELETE …/objects, …/properties, …/tags). */
export async function deleteAllContent(db: DbOrTrx, table: MetadefContentTable, namespaceId: string): Promise<void> {
  await db.deleteFrom(table).where('namespace_id', '=', namespaceId).execute();
}
