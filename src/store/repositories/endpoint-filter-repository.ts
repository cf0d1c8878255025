/** Keystone OS-EP-FILTER rows: endpoint groups, their projects, projects' endpoints. */
import type { DbOrTrx } from '../database.js';
import type { EndpointGroupsTable } from '../tables/identity-side.table.js';

export type EndpointGroupRow = EndpointGroupsTable;

export async function insertEndpointGroup(db: DbOrTrx, row: EndpointGroupRow): Promise<void> {
  await db.insertInto('endpoint_groups').values(row).execute();
}
export async function findEndpointGroup(db: DbOrTrx, id: string): Promise<EndpointGroupRow | undefined> {
  return db.selectFrom('endpoint_groups').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function listEndpointGroups(
  db: DbOrTrx,
  f: { name?: string; ids?: string[] },
): Promise<EndpointGroupRow[]> {
  let q = db.selectFrom('endpoint_groups').selectAll();
  if (f.name !== undefined) q = q.where('name', '=', f.name);
  if (f.ids !== undefined) {
    if (f.ids.length === 0) return [];
    q = q.where('id', 'in', f.ids);
  }
  return q.orderBy('created_at').orderBy('id').execute();
}
export async function updateEndpointGroup(
  db: DbOrTrx,
  id: string,
  patch: Partial<Pick<EndpointGroupRow, 'name' | 'description' | 'filters'>>,
): Promise<number> {
  if (Object.keys(patch).length === 0) return 1;
  const r = await db.updateTable('endpoint_groups').set(patch).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
export async function deleteEndpointGroup(db: DbOrTrx, id: string): Promise<number> {
  const r = await db.deleteFrom('endpoint_groups').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ---- endpoint group <-> project
export async function addGroupProject(db: DbOrTrx, groupId: string, projectId: string): Promise<void> {
  await db
    .insertInto('project_endpoint_groups')
    .values({ endpoint_group_id: groupId, project_id: projectId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
export async function hasGroupProject(db: DbOrTrx, groupId: string, projectId: string): Promise<boolean> {
  const r = await db
    .selectFrom('project_endpoint_groups')
    .select('project_id')
    .where('endpoint_group_id', '=', groupId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return r !== undefined;
}
export async function removeGroupProject(db: DbOrTrx, groupId: string, projectId: string): Promise<number> {
  const r = await db
    .deleteFrom('project_endpoint_groups')
    .where('endpoint_group_id', '=', groupId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
export async function projectsOfGroup(db: DbOrTrx, groupId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('project_endpoint_groups')
    .select('project_id')
    .where('endpoint_group_id', '=', groupId)
    .orderBy('project_id')
    .execute();
  return rows.map((r) => r.project_id);
}
export async function groupsOfProject(db: DbOrTrx, projectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('project_endpoint_groups')
    .select('endpoint_group_id')
    .where('project_id', '=', projectId)
    .execute();
  return rows.map((r) => r.endpoint_group_id);
}

// ---- project <-> endpoint
export async function addProjectEndpoint(db: DbOrTrx, projectId: string, endpointId: string): Promise<void> {
  await db
    .insertInto('project_endpoints')
    .values({ project_id: projectId, endpoint_id: endpointId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
export async function hasProjectEndpoint(db: DbOrTrx, projectId: string, endpointId: string): Promise<boolean> {
  const r = await db
    .selectFrom('project_endpoints')
    .select('endpoint_id')
    .where('project_id', '=', projectId)
    .where('endpoint_id', '=', endpointId)
    .executeTakeFirst();
  return r !== undefined;
}
export async function removeProjectEndpoint(db: DbOrTrx, projectId: string, endpointId: string): Promise<number> {
  const r = await db
    .deleteFrom('project_endpoints')
    .where('project_id', '=', projectId)
    .where('endpoint_id', '=', endpointId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
export async function endpointsOfProject(db: DbOrTrx, projectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('project_endpoints')
    .select('endpoint_id')
    .where('project_id', '=', projectId)
    .execute();
  return rows.map((r) => r.endpoint_id);
}
export async function projectsOfEndpoint(db: DbOrTrx, endpointId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('project_endpoints')
    .select('project_id')
    .where('endpoint_id', '=', endpointId)
    .orderBy('project_id')
    .execute();
  return rows.map((r) => r.project_id);
}
