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
