/** Private volume type access (volume_type_projects, migration 0041) and the type queries it filters. */
import type { DbOrTrx } from '../database.js';
import type { VolumeTypesTable } from '../tables/volumes.table.js';

/**
 * Which types a listing shows (cinder/db/api.py _process_volume_types_filters): isPublic null
 * means all; true means the public ones plus the private ones `projectId` has access to; false
 * only the private ones.
 */
export interface VolumeTypeListFilter {
  isPublic: boolean | null;
  projectId: string | null;
}

export async function listVolumeTypesFiltered(db: DbOrTrx, f: VolumeTypeListFilter): Promise<VolumeTypesTable[]> {
  let q = db.selectFrom('volume_types').selectAll('volume_types');
  if (f.isPublic === false) q = q.where('is_public', '=', 0);
  if (f.isPublic === true) {
    const projectId = f.projectId;
    q =
      projectId === null
        ? q.where('is_public', '=', 1)
        : q.where((eb) =>
            eb.or([
              eb('is_public', '=', 1),
              eb.exists(
                eb
                  .selectFrom('volume_type_projects as p')
                  .select('p.project_id')
                  .whereRef('p.volume_type_id', '=', 'volume_types.id')
                  .where('p.project_id', '=', projectId),
              ),
            ]),
          );
  }
  // Cinder's default sort for types: newest first
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export async function hasVolumeTypeAccess(db: DbOrTrx, typeId: string, projectId: string): Promise<boolean> {
  const row = await db
    .selectFrom('volume_type_projects')
    .select('project_id')
    .where('volume_type_id', '=', typeId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listVolumeTypeProjects(db: DbOrTrx, typeId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('volume_type_projects')
    .select('project_id')
    .where('volume_type_id', '=', typeId)
    .orderBy('created_at')
    .orderBy('project_id')
    .execute();
  return rows.map((r) => r.project_id);
}

export async function insertVolumeTypeProject(
  db: DbOrTrx,
  typeId: string,
  projectId: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('volume_type_projects')
    .values({ volume_type_id: typeId, project_id: projectId, created_at: at })
    .execute();
}

/** true when a row was removed */
export async function deleteVolumeTypeProject(db: DbOrTrx, typeId: string, projectId: string): Promise<boolean> {
  const r = await db
    .deleteFrom('volume_type_projects')
    .where('volume_type_id', '=', typeId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** a type's access rows go with it */
export async function deleteVolumeTypeProjects(db: DbOrTrx, typeId: string): Promise<void> {
  await db.deleteFrom('volume_type_projects').where('volume_type_id', '=', typeId).execute();
}
