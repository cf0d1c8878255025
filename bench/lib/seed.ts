/**
 * Bulk seeding for the read scenarios: ACTIVE instances spread round-robin over every simulated
 * host, each with one port on the `private` network (bound, with one fixed IPv4 address) and the
 * virtual interface that plugs it, written in large multi-row INSERTs inside one transaction per
 * chunk. It bypasses the API on purpose: building 100,000 servers through it is a scenario of its
 * own, the read scenarios only need the rows.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Insertable } from 'kysely';
import type { Runtime } from '../../src/runtime.js';
import type { InstancesTable } from '../../src/store/tables/instances.table.js';
import type { IpAllocationsTable, PortsTable, VirtualInterfacesTable } from '../../src/store/tables/networks.table.js';

/** Addresses start far from the pool's low end so API-created servers in the same run never clash. */
const IP_BASE = (10 << 24) | (64 << 16);
const ipOf = (n: number) =>
  [(IP_BASE + n) >>> 24, ((IP_BASE + n) >>> 16) & 255, ((IP_BASE + n) >>> 8) & 255, (IP_BASE + n) & 255].join('.');
const macOf = (n: number) =>
  `fa:16:3e:${((n >>> 16) & 255).toString(16).padStart(2, '0')}:${((n >>> 8) & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`;

let seeded = 0;

/** Adds `count` servers to `projectName` (default demo); returns their uuids in creation order. */
export async function seedServers(rt: Runtime, count: number, projectName = 'demo'): Promise<string[]> {
  const db = rt.store.db;
  const project = await db
    .selectFrom('projects')
    .select('id')
    .where('name', '=', projectName)
    .executeTakeFirstOrThrow();
  const user = await db.selectFrom('users').select('id').where('name', '=', projectName).executeTakeFirstOrThrow();
  const hosts = await db
    .selectFrom('compute_hosts')
    .select(['host', 'node', 'availability_zone'])
    .orderBy('seq')
    .execute();
  const flavor = await db.selectFrom('flavors').selectAll().where('id', '=', '1').executeTakeFirstOrThrow();
  const image = await db.selectFrom('images').select('id').limit(1).executeTakeFirstOrThrow();
  const net = await db.selectFrom('networks').select('id').where('name', '=', 'private').executeTakeFirstOrThrow();
  const subnet = await db
    .selectFrom('subnets')
    .select('id')
    .where('network_id', '=', net.id)
    .where('ip_version', '=', 4)
    .executeTakeFirstOrThrow();
  if (!hosts.length) throw new Error('seedServers: no compute hosts registered yet (start the agent first)');
  const flavorJson = JSON.stringify(flavor);
  const uuids: string[] = [];
  const CHUNK = 400;
  // created_at strictly increasing so the default sort (created_at desc) is total and realistic
  const t0 = Date.now() - count * 10;
  for (let start = 0; start < count; start += CHUNK) {
    const n = Math.min(CHUNK, count - start);
    const instances: InstancesTable[] = [];
    const ports: Insertable<PortsTable>[] = [];
    const ips: IpAllocationsTable[] = [];
    const vifs: VirtualInterfacesTable[] = [];
    for (let i = 0; i < n; i++) {
      const k = seeded++;
      const uuid = randomUUID();
      const portId = randomUUID();
      const h = hosts[k % hosts.length]!; // hosts is non-empty: checked before the loop
      const at = new Date(t0 + (start + i) * 10).toISOString();
      uuids.push(uuid);
      instances.push({
        uuid,
        display_name: `bench-${k}`,
        display_description: null,
        hostname: `bench-${k}`,
        project_id: project.id,
        user_id: user.id,
        vm_state: 'active',
        task_state: null,
        power_state: 1,
        locked: 0,
        locked_by: null,
        locked_reason: null,
        host: h.host,
        node: h.node,
        availability_zone: h.availability_zone,
        requested_availability_zone: null,
        flavor_id: flavor.id,
        flavor: flavorJson,
        vcpus: flavor.vcpus,
        memory_mb: flavor.ram,
        root_gb: flavor.disk,
        image_ref: image.id,
        key_name: null,
        key_data: null,
        user_data: null,
        metadata: '{}',
        system_metadata: '{}',
        security_groups: '["default"]',
        reservation_id: `r-bench${Math.floor(k / 100)}`,
        launch_index: 0,
        access_ip_v4: null,
        access_ip_v6: null,
        config_drive: '',
        disk_config: 'MANUAL',
        progress: 0,
        fault: null,
        requested_networks: '"auto"',
        created_at: at,
        updated_at: at,
        launched_at: at,
        terminated_at: null,
        deleted_at: null,
        deleted: 0,
      });
      ports.push({
        id: portId,
        network_id: net.id,
        project_id: project.id,
        name: '',
        description: '',
        mac_address: macOf(k),
        admin_state_up: 1,
        status: 'ACTIVE',
        device_id: uuid,
        device_owner: `compute:${h.availability_zone}`,
        binding_host_id: h.host,
        binding_vif_type: 'ovs',
        binding_vnic_type: 'normal',
        binding_profile: '{}',
        security_groups: '[]',
        port_security_enabled: 1,
        created_at: at,
        updated_at: at,
      });
      ips.push({ network_id: net.id, subnet_id: subnet.id, ip_address: ipOf(k), port_id: portId });
      vifs.push({
        id: randomUUID(),
        instance_uuid: uuid,
        port_id: portId,
        network_id: net.id,
        mac_address: macOf(k),
        tag: null,
        created_by_compute: 1,
        created_at: at,
      });
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('instances').values(instances).execute();
      await trx.insertInto('ports').values(ports).execute();
      await trx.insertInto('ip_allocations').values(ips).execute();
      await trx.insertInto('virtual_interfaces').values(vifs).execute();
    });
  }
  // PostgreSQL plans from table statistics, which autovacuum refreshes only after its next
  // naptime (a minute): measured right after a bulk load, the page's addresses query hash-joined
  // whole tables (54 ms at 100,000 servers, 2 ms once analysed). Analyse as a steady-state
  // cloud would have. SQLite keeps no statistics unless asked, and plans from the indexes.
  if (rt.store.adapter.name === 'postgres')
    await sql`ANALYZE instances, ports, ip_allocations, virtual_interfaces`.execute(db);
  return uuids;
}

/** Rows the seeder adds per server, for reporting. */
export const ROWS_PER_SERVER = 4;
