/** Keystone project tags and the "extra" properties of projects and users. */
import type { DbOrTrx } from '../database.js';

export type ExtraKind = 'project' | 'user';

export async function projectTags(db: DbOrTrx, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('project_tags')
    .selectAll()
    .where('project_id', 'in', [...ids])
    .orderBy('name')
    .execute();
  for (const r of rows) out.get(r.project_id)?.push(r.name);
  return out;
}

export async function replaceProjectTags(db: DbOrTrx, projectId: string, tags: readonly string[]): Promise<void> {
  await db.deleteFrom('project_tags').where('project_id', '=', projectId).execute();
  const unique = [...new Set(tags)];
  if (unique.length > 0)
    await db
      .insertInto('project_tags')
      .values(unique.map((name) => ({ project_id: projectId, name })))
      .execute();
}

/** Adds one tag; a tag the project already has is left as is. */
export async function addProjectTag(db: DbOrTrx, projectId: string, name: string): Promise<void> {
  await db
    .insertInto('project_tags')
    .values({ project_id: projectId, name })
    .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
    .execute();
}

export async function deleteProjectTag(db: DbOrTrx, projectId: string, name: string): Promise<number> {
  const r = await db
    .deleteFrom('project_tags')
    .where('project_id', '=', projectId)
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function extras(
  db: DbOrTrx,
  kind: ExtraKind,
  ids: readonly string[],
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('identity_extras')
    .selectAll()
    .where('kind', '=', kind)
    .where('id', 'in', [...ids])
    .execute();
  for (const r of rows) out.set(r.id, JSON.parse(r.data) as Record<string, unknown>);
  return out;
}

export async function setExtras(
  db: DbOrTrx,
  kind: ExtraKind,
  id: string,
  data: Record<string, unknown>,
): Promise<void> {
  const text = JSON.stringify(data);
  await db
    .insertInto('identity_extras')
    .values({ kind, id, data: text })
    .onConflict((oc) => oc.columns(['kind', 'id']).doUpdateSet({ data: text }))
    .execute();
}

export async function deleteExtras(db: DbOrTrx, kind: ExtraKind, id: string): Promise<void> {
  await db.deleteFrom('identity_extras').where('kind', '=', kind).where('id', '=', id).execute();
}
