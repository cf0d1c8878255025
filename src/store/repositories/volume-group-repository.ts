/** Generic volume groups (migration 0042): group types, groups and group snapshots, taking a DbOrTrx. */
import { sql, type Expression } from 'kysely';
import type { DbOrTrx } from '../database.js';
import { keysetOrdered } from './keyset-order.js';
import type { GroupSnapshotsTable, GroupTypesTable, VolumeGroupsTable } from '../tables/volume-groups.table.js';
import type { VolumeRow, SnapshotRow } from './volume-repository.js';

export type GroupTypeRow = GroupTypesTable;
export type GroupRow = VolumeGroupsTable;
export type GroupSnapshotRow = GroupSnapshotsTable;

// ---- group types ----

export async function findGroupType(db: DbOrTrx, id: string): Promise<GroupTypeRow | undefined> {
  return db.selectFrom('group_types').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findGroupTypeByName(db: DbOrTrx, name: string): Promise<GroupTypeRow | undefined> {
  return db.selectFrom('group_types').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertGroupType(db: DbOrTrx, row: GroupTypeRow): Promise<void> {
  await db.insertInto('group_types').values(row).execute();
}

export async function updateGroupTypeFields(db: DbOrTrx, id: string, set: Partial<GroupTypeRow>): Promise<boolean> {
  const r = await db.updateTable('group_types').set(set).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** the type's row, removed unless a group still uses it (one statement, so a racing group create decides) */
export async function deleteUnusedGroupType(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('group_types')
    .where('id', '=', id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('volume_groups').select('id').where('group_type_id', '=', id))))
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export type GroupTypeSortKey = 'name' | 'id' | 'created_at' | 'updated_at' | 'description' | 'is_public';

export interface GroupTypeListFilter {
  /** null: every type */
  isPublic: boolean | null;
  sortKey: GroupTypeSortKey;
  sortDir: 'asc' | 'desc';
  limit: number;
  offset: number;
  marker?: GroupTypeRow;
}

const typeSortExpr = (key: GroupTypeSortKey): Expression<unknown> =>
  key === 'is_public' ? sql`is_public` : key === 'id' ? sql`id` : sql`coalesce(${sql.ref(key)}, '')`;
const typeSortValue = (row: GroupTypeRow, key: GroupTypeSortKey): string | number =>
  key === 'is_public' ? row.is_public : key === 'id' ? row.id : (row[key] ?? '');

export async function listGroupTypes(db: DbOrTrx, f: GroupTypeListFilter): Promise<GroupTypeRow[]> {
  let q = db.selectFrom('group_types').selectAll();
  if (f.isPublic !== null) q = q.where('is_public', '=', f.isPublic ? 1 : 0);
  return keysetOrdered(q, {
    key: typeSortExpr(f.sortKey),
    dir: f.sortDir,
    after: f.marker ? { value: typeSortValue(f.marker, f.sortKey), id: f.marker.id } : undefined,
  })
    .limit(f.limit)
    .offset(f.offset)
    .execute();
}

// ---- groups ----

export async function findGroup(db: DbOrTrx, id: string): Promise<GroupRow | undefined> {
  return db.selectFrom('volume_groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertGroup(db: DbOrTrx, row: GroupRow): Promise<void> {
  await db.insertInto('volume_groups').values(row).execute();
}

/** the group moved on only from one of `from` (every status when null): Cinder's conditional_update */
export async function transitionGroup(
  db: DbOrTrx,
  id: string,
  from: readonly string[] | null,
  set: Partial<GroupRow>,
): Promise<boolean> {
  let q = db.updateTable('volume_groups').set(set).where('id', '=', id);
  if (from !== null) q = q.where('status', 'in', [...from]);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function removeGroup(db: DbOrTrx, id: string, status: string): Promise<boolean> {
  const r = await db.deleteFrom('volume_groups').where('id', '=', id).where('status', '=', status).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** a project's groups quota usage: every group row counts, whatever its status */
export async function countGroupsOf(db: DbOrTrx, projectId: string): Promise<number> {
  const r = await db
    .selectFrom('volume_groups')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export type GroupSortKey = 'created_at' | 'updated_at' | 'id' | 'name' | 'status' | 'availability_zone';

export interface GroupListFilter {
  /** null: every project (an admin's all_tenants) */
  projectId: string | null;
  name?: string;
  status?: string;
  sortKey: GroupSortKey;
  sortDir: 'asc' | 'desc';
  limit: number;
  offset: number;
  marker?: GroupRow;
}

const groupSortExpr = (key: GroupSortKey): Expression<unknown> =>
  key === 'id' ? sql`id` : sql`coalesce(${sql.ref(key)}, '')`;
const groupSortValue = (row: GroupRow, key: GroupSortKey): string => (key === 'id' ? row.id : (row[key] ?? ''));

export async function listGroups(db: DbOrTrx, f: GroupListFilter): Promise<GroupRow[]> {
  let q = db.selectFrom('volume_groups').selectAll();
  if (f.projectId !== null) q = q.where('project_id', '=', f.projectId);
  if (f.name !== undefined) q = q.where('name', '=', f.name);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  return keysetOrdered(q, {
    key: groupSortExpr(f.sortKey),
    dir: f.sortDir,
    after: f.marker ? { value: groupSortValue(f.marker, f.sortKey), id: f.marker.id } : undefined,
  })
    .limit(f.limit)
    .offset(f.offset)
    .execute();
}

export async function volumesOfGroup(db: DbOrTrx, groupId: string): Promise<VolumeRow[]> {
  return db
    .selectFrom('volumes')
    .selectAll()
    .where('group_id', '=', groupId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** volume ids per group, for the 3.25 list_volume view */
export async function volumeIdsOfGroups(db: DbOrTrx, groupIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (groupIds.length === 0) return out;
  const rows = await db
    .selectFrom('volumes')
    .select(['id', 'group_id'])
    .where('group_id', 'in', groupIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const r of rows) if (r.group_id !== null) out.set(r.group_id, [...(out.get(r.group_id) ?? []), r.id]);
  return out;
}

/** joins volumes to a group (or leaves them in none): only those still in `fromGroup` move */
export async function setVolumesGroup(
  db: DbOrTrx,
  ids: string[],
  fromGroup: string | null,
  toGroup: string | null,
  now: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  let q = db.updateTable('volumes').set({ group_id: toGroup, updated_at: now }).where('id', 'in', ids);
  q = fromGroup === null ? q.where('group_id', 'is', null) : q.where('group_id', '=', fromGroup);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** the group's volumes into deleting (with their snapshots none: the caller checked) */
export async function markGroupVolumesDeleting(db: DbOrTrx, groupId: string, now: string): Promise<void> {
  await sql`update volumes set previous_status = status, status = 'deleting', updated_at = ${now} where group_id = ${groupId}`.execute(
    db,
  );
}

/** the deleting volumes of a group, freed by the group delete */
export async function deletingVolumesOfGroup(db: DbOrTrx, groupId: string): Promise<VolumeRow[]> {
  return db
    .selectFrom('volumes')
    .selectAll()
    .where('group_id', '=', groupId)
    .where('status', '=', 'deleting')
    .execute();
}

// ---- group snapshots ----

export async function findGroupSnapshot(db: DbOrTrx, id: string): Promise<GroupSnapshotRow | undefined> {
  return db.selectFrom('group_snapshots').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertGroupSnapshot(db: DbOrTrx, row: GroupSnapshotRow): Promise<void> {
  await db.insertInto('group_snapshots').values(row).execute();
}

export async function transitionGroupSnapshot(
  db: DbOrTrx,
  id: string,
  from: readonly string[] | null,
  set: Partial<GroupSnapshotRow>,
): Promise<boolean> {
  let q = db.updateTable('group_snapshots').set(set).where('id', '=', id);
  if (from !== null) q = q.where('status', 'in', [...from]);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function removeGroupSnapshot(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('group_snapshots')
    .where('id', '=', id)
    .where('status', '=', 'deleting')
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function countGroupSnapshotsOf(db: DbOrTrx, groupId: string): Promise<number> {
  const r = await db
    .selectFrom('group_snapshots')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('group_id', '=', groupId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function snapshotsOfGroupSnapshot(db: DbOrTrx, groupSnapshotId: string): Promise<SnapshotRow[]> {
  return db
    .selectFrom('volume_snapshots')
    .selectAll()
    .where('group_snapshot_id', '=', groupSnapshotId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function setGroupSnapshotMembersStatus(
  db: DbOrTrx,
  groupSnapshotId: string,
  from: readonly string[] | null,
  set: Partial<SnapshotRow>,
): Promise<void> {
  let q = db.updateTable('volume_snapshots').set(set).where('group_snapshot_id', '=', groupSnapshotId);
  if (from !== null) q = q.where('status', 'in', [...from]);
  await q.execute();
}

export async function removeDeletingSnapshotsOfGroupSnapshot(db: DbOrTrx, groupSnapshotId: string): Promise<void> {
  await db
    .deleteFrom('volume_snapshots')
    .where('group_snapshot_id', '=', groupSnapshotId)
    .where('status', '=', 'deleting')
    .execute();
}

/** whether a group or group snapshot is the source of a group still being created (group_creating_from_src) */
export async function isSourceOfCreatingGroup(
  db: DbOrTrx,
  src: { groupId?: string; groupSnapshotId?: string },
): Promise<boolean> {
  let q = db.selectFrom('volume_groups').select('id').where('status', '=', 'creating');
  q =
    src.groupId !== undefined
      ? q.where('source_group_id', '=', src.groupId)
      : q.where('group_snapshot_id', '=', src.groupSnapshotId ?? '');
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}

export type GroupSnapshotSortKey = 'created_at' | 'updated_at' | 'id' | 'name' | 'status';

export interface GroupSnapshotListFilter {
  projectId: string | null;
  name?: string;
  status?: string;
  groupId?: string;
  sortKey: GroupSnapshotSortKey;
  sortDir: 'asc' | 'desc';
  limit: number;
  offset: number;
  marker?: GroupSnapshotRow;
}

export async function listGroupSnapshots(db: DbOrTrx, f: GroupSnapshotListFilter): Promise<GroupSnapshotRow[]> {
  let q = db.selectFrom('group_snapshots').selectAll();
  if (f.projectId !== null) q = q.where('project_id', '=', f.projectId);
  if (f.name !== undefined) q = q.where('name', '=', f.name);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.groupId !== undefined) q = q.where('group_id', '=', f.groupId);
  const key = f.sortKey === 'id' ? sql`id` : sql`coalesce(${sql.ref(f.sortKey)}, '')`;
  return keysetOrdered(q, {
    key,
    dir: f.sortDir,
    after: f.marker
      ? { value: f.sortKey === 'id' ? f.marker.id : (f.marker[f.sortKey] ?? ''), id: f.marker.id }
      : undefined,
  })
    .limit(f.limit)
    .offset(f.offset)
    .execute();
}
