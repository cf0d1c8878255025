/** Inserts instance rows directly (read-path tests do not need the build engine). */
import { randomUUID } from 'node:crypto';
import type { TestApp } from '../../helpers/app.js';
import type { InstancesTable } from '../../../src/store/tables/instances.table.js';

export const IMAGE = '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01';

export async function projectId(t: TestApp, name: string): Promise<string> {
  const p = await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return p.id;
}

let clock = Date.parse('2026-01-01T00:00:00Z');

export async function insertServer(
  t: TestApp,
  project: string,
  over: Partial<InstancesTable> = {},
): Promise<InstancesTable> {
  clock += 1000;
  const at = new Date(clock).toISOString();
  const uuid = randomUUID();
  const row: InstancesTable = {
    uuid,
    display_name: `srv-${uuid.slice(0, 6)}`,
    display_description: null,
    hostname: `srv-${uuid.slice(0, 6)}`,
    project_id: project,
    user_id: 'u-1',
    vm_state: 'active',
    task_state: null,
    power_state: 1,
    locked: 0,
    locked_by: null,
    locked_reason: null,
    host: 'compute-1',
    node: 'compute-1',
    availability_zone: 'nova',
    requested_availability_zone: null,
    flavor_id: '1',
    flavor: JSON.stringify({
      name: 'm1.tiny',
      vcpus: 1,
      memory_mb: 512,
      root_gb: 1,
      ephemeral_gb: 0,
      swap: 0,
      extra_specs: {},
    }),
    vcpus: 1,
    memory_mb: 512,
    root_gb: 1,
    image_ref: IMAGE,
    key_name: null,
    key_data: null,
    user_data: null,
    metadata: '{}',
    system_metadata: '{}',
    security_groups: '["default"]',
    reservation_id: `r-${uuid.slice(0, 8)}`,
    launch_index: 0,
    access_ip_v4: null,
    access_ip_v6: null,
    config_drive: '',
    disk_config: 'MANUAL',
    progress: 0,
    fault: null,
    requested_networks: '[]',
    created_at: at,
    updated_at: at,
    launched_at: at,
    terminated_at: null,
    deleted_at: null,
    deleted: 0,
    ...over,
  };
  await t.rt.store.db.insertInto('instances').values(row).execute();
  return row;
}
