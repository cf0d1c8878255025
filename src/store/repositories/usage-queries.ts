/** Aggregates behind /limits, /os-hypervisors and /os-availability-zone: one grouped query each. */
import type { DbOrTrx } from '../database.js';
import type { ComputeHostRow } from '../tables/compute-hosts.table.js';

export interface Usage {
  instances: number;
  cores: number;
  ram: number;
  disk: number;
}

const zero = (): Usage => ({ instances: 0, cores: 0, ram: 0, disk: 0 });

/** Live (not deleted) instances of a project, as Nova's quota usage counts them. */
export async function projectUsage(db: DbOrTrx, projectId: string): Promise<Usage> {
  const r = await db
    .selectFrom('instances')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('vcpus').as('cores'),
      eb.fn.sum<number>('memory_mb').as('ram'),
    ])
    .where('project_id', '=', projectId)
    .where('deleted', '=', 0)
    .executeTakeFirstOrThrow();
  return { instances: Number(r.n), cores: Number(r.cores ?? 0), ram: Number(r.ram ?? 0), disk: 0 };
}

export async function listComputeHosts(db: DbOrTrx): Promise<ComputeHostRow[]> {
  return db.selectFrom('compute_hosts').selectAll().orderBy('seq').execute();
}

/** Resources consumed on each node by the instances placed there. */
export async function usageByNode(db: DbOrTrx, nodes?: string[]): Promise<Map<string, Usage>> {
  let q = db
    .selectFrom('instances')
    .select((eb) => [
      'node',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('vcpus').as('cores'),
      eb.fn.sum<number>('memory_mb').as('ram'),
      eb.fn.sum<number>('root_gb').as('disk'),
    ])
    .where('deleted', '=', 0)
    .where('node', 'is not', null);
  if (nodes) q = q.where('node', 'in', nodes.length ? nodes : ['']);
  const rows = await q.groupBy('node').execute();
  const out = new Map<string, Usage>();
  for (const r of rows)
    out.set(String(r.node), {
      instances: Number(r.n),
      cores: Number(r.cores ?? 0),
      ram: Number(r.ram ?? 0),
      disk: Number(r.disk ?? 0),
    });
  return out;
}

export const emptyUsage = zero;

export async function serversOnNode(db: DbOrTrx, node: string): Promise<Array<{ uuid: string; name: string }>> {
  const rows = await db
    .selectFrom('instances')
    .select(['uuid', 'display_name'])
    .where('node', '=', node)
    .where('deleted', '=', 0)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ uuid: r.uuid, name: `instance-${r.uuid.slice(0, 8)}` }));
}

/** The live instances on a host with what they hold (os-hosts show's instance_get_all_by_host). */
export async function instancesOnHost(
  db: DbOrTrx,
  host: string,
): Promise<Array<{ project_id: string; vcpus: number; memory_mb: number; root_gb: number; flavor: string }>> {
  return db
    .selectFrom('instances')
    .select(['project_id', 'vcpus', 'memory_mb', 'root_gb', 'flavor'])
    .where('deleted', '=', 0)
    .where('host', '=', host)
    .orderBy('created_at')
    .execute();
}
