/** Per-host facts the API side needs without talking to the agent. */
import type { DbOrTrx } from '../database.js';

/** The capabilities the host's driver published (empty when unknown). */
export async function hostCapabilities(db: DbOrTrx, host: string): Promise<Record<string, boolean>> {
  const row = await db.selectFrom('compute_hosts').select('capabilities').where('host', '=', host).executeTakeFirst();
  if (!row) return {};
  try {
    return JSON.parse(row.capabilities) as Record<string, boolean>;
  } catch {
    return {};
  }
}

/**
 * Hosts (other than `exclude`) whose agent has not heartbeated since `cutoff`: their agent is
 * gone. Those still 'up' are marked 'down' (Nova's service state, shown by os-hypervisors) with a
 * conditional UPDATE, so a heartbeat that lands meanwhile keeps its host up.
 */
export async function downHosts(db: DbOrTrx, cutoff: string, exclude: string[]): Promise<string[]> {
  let q = db.selectFrom('compute_hosts').select('host').where('last_seen_at', '<', cutoff);
  if (exclude.length) q = q.where('host', 'not in', exclude);
  const hosts = (await q.execute()).map((r) => r.host);
  if (!hosts.length) return [];
  await db
    .updateTable('compute_hosts')
    .set({ state: 'down' })
    .where('host', 'in', hosts)
    .where('state', '=', 'up')
    .where('last_seen_at', '<', cutoff)
    .execute();
  return hosts;
}

/** the agent of `hosts` is alive: heartbeat (and 'up' again after a restart) */
export async function heartbeatHosts(db: DbOrTrx, hosts: string[], at: string): Promise<void> {
  if (!hosts.length) return;
  await db.updateTable('compute_hosts').set({ last_seen_at: at, state: 'up' }).where('host', 'in', hosts).execute();
}
