/**
 * A port's extra DHCP options (extra_dhcp_opt): the merge of an update is written with a
 * compare-and-set on the stored list, so two concurrent updates of one port's options both land
 * (the loser re-reads the winner's list and merges into it) instead of one overwriting the other.
 */
import type { DbOrTrx } from '../../store/database.js';
import { mergeDhcpOptions, type DhcpOption, type DhcpOptionRequest } from '../../domain/ports/dhcp-options.js';
import { portNotFound } from '../../domain/ports/network-errors.js';

export type { DhcpOption, DhcpOptionRequest };

const ATTEMPTS = 16;

/** the stored list of a new port's options (null values ignored, as Neutron does on create) */
export const initialDhcpOptions = (requested: DhcpOptionRequest[] | undefined): string =>
  JSON.stringify(mergeDhcpOptions([], requested ?? []));

export const dhcpOptionsOf = (p: { extra_dhcp_opts: string }): DhcpOption[] =>
  JSON.parse(p.extra_dhcp_opts) as DhcpOption[];

/** merges `requested` into the port's options; nothing requested: nothing written */
export async function applyDhcpOptions(db: DbOrTrx, portId: string, requested: DhcpOptionRequest[]): Promise<void> {
  if (requested.length === 0) return;
  for (let i = 0; i < ATTEMPTS; i++) {
    const row = await db.selectFrom('ports').select('extra_dhcp_opts').where('id', '=', portId).executeTakeFirst();
    if (!row) throw portNotFound(portId);
    const next = JSON.stringify(mergeDhcpOptions(dhcpOptionsOf(row), requested));
    if (next === row.extra_dhcp_opts) return;
    const r = await db
      .updateTable('ports')
      .set({ extra_dhcp_opts: next })
      .where('id', '=', portId)
      .where('extra_dhcp_opts', '=', row.extra_dhcp_opts)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) return;
  }
  throw new Error(`extra_dhcp_opts of port ${portId}: too many concurrent updates`);
}
