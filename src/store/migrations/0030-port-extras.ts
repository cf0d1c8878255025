/**
 * The rest of the port and network attributes clients set (issue 19): a port's extra DHCP options
 * (extra_dhcp_opt, a JSON list sorted by name and IP version) and a network's provider segment
 * (provider extension, ML2's one-segment networks). `segment_key` names the segment a network holds
 * ("vlan:<physnet>:<id>", "flat:<physnet>", "vxlan:<id>", "geneve:<id>"); its UNIQUE index is what
 * decides two creates asking for one VLAN, flat physical network or tunnel id, as ML2's allocation
 * tables do. Networks that exist already get VXLAN segments 1, 2, … in creation order, the tenant
 * network type. A network's dns_domain (dns-integration), '' for none.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('ports')
    .addColumn('extra_dhcp_opts', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('networks')
    .addColumn('provider_network_type', 'text', (c) => c.notNull().defaultTo('vxlan'))
    .execute();
  await db.schema.alterTable('networks').addColumn('provider_physical_network', 'text').execute();
  await db.schema.alterTable('networks').addColumn('provider_segmentation_id', 'integer').execute();
  await db.schema.alterTable('networks').addColumn('segment_key', 'text').execute();
  await db.schema
    .alterTable('networks')
    .addColumn('dns_domain', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  const rows = (await db.selectFrom('networks').select('id').orderBy('created_at').orderBy('id').execute()) as Array<{
    id: string;
  }>;
  let vni = 0;
  for (const r of rows) {
    vni += 1;
    await db
      .updateTable('networks')
      .set({ provider_segmentation_id: vni, segment_key: `vxlan:${vni}` })
      .where('id', '=', r.id)
      .execute();
  }
  await db.schema.createIndex('networks_segment_key_uq').on('networks').column('segment_key').unique().execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('networks_segment_key_uq').execute();
  for (const c of [
    'dns_domain',
    'segment_key',
    'provider_segmentation_id',
    'provider_physical_network',
    'provider_network_type',
  ])
    await db.schema.alterTable('networks').dropColumn(c).execute();
  await db.schema.alterTable('ports').dropColumn('extra_dhcp_opts').execute();
}
