/**
 * Network segments (Neutron's networksegments table; segment and multi-provider extensions): a
 * network holds one or more segments, ordered by segment_index. The provider columns of networks
 * (0030) become one segment row each, so the segments table is the only place a segment lives.
 * UNIQUE keys decide every race: `segment_key` (ML2's allocation tables: a VLAN id on a physical
 * network, a flat physical network or a tunnel id is held once), (network_id, network_type,
 * physical_network) as Neutron's uniq_networksegment0network_id0network_type0physnet (NULL
 * physical networks never collide, on both databases), and (network_id, segment_index) for two
 * segments added to one network at once. A subnet may name a segment of its network; the foreign
 * key keeps a segment with subnets from going. A port's ip_allocation (ip_allocation extension):
 * 'immediate', or 'none' for a port created with no fixed IPs.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('network_segments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('network_type', 'text', (c) => c.notNull())
    .addColumn('physical_network', 'text')
    .addColumn('segmentation_id', 'integer')
    .addColumn('segment_key', 'text', (c) => c.notNull().unique())
    .addColumn('segment_index', 'integer', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    .addColumn('revision_number', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('network_segments_type_physnet_uq', ['network_id', 'network_type', 'physical_network'])
    .addUniqueConstraint('network_segments_index_uq', ['network_id', 'segment_index'])
    .execute();
  const nets = (await db
    .selectFrom('networks')
    .select([
      'id',
      'created_at',
      'provider_network_type',
      'provider_physical_network',
      'provider_segmentation_id',
      'segment_key',
    ])
    .execute()) as Array<{
    id: string;
    created_at: string;
    provider_network_type: string;
    provider_physical_network: string | null;
    provider_segmentation_id: number | null;
    segment_key: string;
  }>;
  for (const n of nets) {
    await db
      .insertInto('network_segments')
      .values({
        id: randomUUID(),
        network_id: n.id,
        network_type: n.provider_network_type,
        physical_network: n.provider_physical_network,
        segmentation_id: n.provider_segmentation_id,
        segment_key: n.segment_key,
        segment_index: 0,
        name: null,
        description: null,
        revision_number: 0,
        created_at: n.created_at,
        updated_at: n.created_at,
      })
      .execute();
  }
  await db.schema.dropIndex('networks_segment_key_uq').execute();
  for (const c of ['segment_key', 'provider_segmentation_id', 'provider_physical_network', 'provider_network_type'])
    await db.schema.alterTable('networks').dropColumn(c).execute();
  await db.schema
    .alterTable('subnets')
    .addColumn('segment_id', 'text', (c) => c.references('network_segments.id'))
    .execute();
  await db.schema
    .alterTable('ports')
    .addColumn('ip_allocation', 'text', (c) => c.notNull().defaultTo('immediate'))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ports').dropColumn('ip_allocation').execute();
  await db.schema.alterTable('subnets').dropColumn('segment_id').execute();
  await db.schema
    .alterTable('networks')
    .addColumn('provider_network_type', 'text', (c) => c.notNull().defaultTo('vxlan'))
    .execute();
  await db.schema.alterTable('networks').addColumn('provider_physical_network', 'text').execute();
  await db.schema.alterTable('networks').addColumn('provider_segmentation_id', 'integer').execute();
  await db.schema.alterTable('networks').addColumn('segment_key', 'text').execute();
  // a network keeps its first segment
  const segs = (await db
    .selectFrom('network_segments')
    .selectAll()
    .orderBy('network_id')
    .orderBy('segment_index')
    .execute()) as Array<{
    network_id: string;
    network_type: string;
    physical_network: string | null;
    segmentation_id: number | null;
    segment_key: string;
  }>;
  const seen = new Set<string>();
  for (const s of segs) {
    if (seen.has(s.network_id)) continue;
    seen.add(s.network_id);
    await db
      .updateTable('networks')
      .set({
        provider_network_type: s.network_type,
        provider_physical_network: s.physical_network,
        provider_segmentation_id: s.segmentation_id,
        segment_key: s.segment_key,
      })
      .where('id', '=', s.network_id)
      .execute();
  }
  await db.schema.createIndex('networks_segment_key_uq').on('networks').column('segment_key').unique().execute();
  await db.schema.dropTable('network_segments').execute();
}
