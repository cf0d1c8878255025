/** SQL for the simulated Neutron agents (neutron/db/models/agent.py Agent). */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DbOrTrx } from '../database.js';
import type { NetworkAgentsTable } from '../tables/network-rbac-agents.table.js';

export type NetworkAgentRow = Selectable<NetworkAgentsTable>;

/** every row, deleted ones included (registration needs them) */
export const allAgents = (db: DbOrTrx) =>
  db.selectFrom('network_agents').selectAll().orderBy('host').orderBy('agent_type').execute();

/** A concurrent registration of the same (type, host) is absorbed by the UNIQUE constraint. */
export const registerAgent = (db: DbOrTrx, row: Insertable<NetworkAgentsTable>) =>
  db
    .insertInto('network_agents')
    .values(row)
    .onConflict((oc) => oc.columns(['agent_type', 'host']).doNothing())
    .execute();

/** Brings back a deleted agent under a new id, unless another process already did. */
export const reviveAgent = (db: DbOrTrx, oldId: string, deletedAt: string, newId: string, at: string) =>
  db
    .updateTable('network_agents')
    .set({ id: newId, deleted_at: null, admin_state_up: 1, description: null, created_at: at, started_at: at })
    .where('id', '=', oldId)
    .where('deleted_at', '=', deletedAt)
    .execute();

export const updateAgent = async (db: DbOrTrx, id: string, patch: Updateable<NetworkAgentsTable>) =>
  Number(
    (
      await db
        .updateTable('network_agents')
        .set(patch)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) > 0;

export const softDeleteAgent = async (db: DbOrTrx, id: string, at: string) =>
  Number(
    (
      await db
        .updateTable('network_agents')
        .set({ deleted_at: at })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) > 0;

const count = async (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string }> }) =>
  Number((await q.executeTakeFirstOrThrow()).n);

/** What the agents report in their configurations: every agent serves every network and router. */
export async function agentLoad(db: DbOrTrx) {
  const dhcpSubnets = db.selectFrom('subnets').select('network_id').where('enable_dhcp', '=', 1);
  return {
    networks: await count(
      db
        .selectFrom('networks')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('id', 'in', dhcpSubnets),
    ),
    subnets: await count(
      db
        .selectFrom('subnets')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('enable_dhcp', '=', 1),
    ),
    ports: await count(
      db
        .selectFrom('ports')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('network_id', 'in', dhcpSubnets),
    ),
    routers: await count(db.selectFrom('routers').select((eb) => eb.fn.countAll<number | string>().as('n'))),
    gateways: await count(
      db
        .selectFrom('routers')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('gw_port_id', 'is not', null),
    ),
    interfaces: await count(
      db.selectFrom('router_interfaces').select((eb) => eb.fn.countAll<number | string>().as('n')),
    ),
    floatingIps: await count(
      db
        .selectFrom('floating_ips')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('fixed_port_id', 'is not', null),
    ),
  };
}
