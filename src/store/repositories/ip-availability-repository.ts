/** Allocated addresses per subnet (neutron/db/network_ip_availability_db.py counts IPAllocation rows). */
import type { DbOrTrx } from '../database.js';

export async function allocationCountsBySubnet(db: DbOrTrx, subnetIds: string[]): Promise<Map<string, number>> {
  if (subnetIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('ip_allocations')
    .select((eb) => ['subnet_id', eb.fn.countAll<number | string>().as('n')])
    .where('subnet_id', 'in', subnetIds)
    .groupBy('subnet_id')
    .execute();
  return new Map(rows.map((r) => [r.subnet_id, Number(r.n)]));
}
