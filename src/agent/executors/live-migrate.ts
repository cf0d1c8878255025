/**
 * Live migration on the compute hosts (nova/compute/manager.py pre_live_migration →
 * live_migration → _post_live_migration → post_live_migration_at_destination), on the fake
 * driver. The migration row moves queued → preparing → running → post-migrating → completed,
 * each step a conditional write of the migration's status together with the instance's task
 * (MIGRATING), so a recovered operation resumes where the last attempt stopped and an abort
 * (the API cancels the migration and clears the task in one transaction) makes the next step
 * fail, after which the destination's copy is removed. The instance's host flips to the
 * destination in the same write that ends the copy (running → post-migrating).
 */
import { TaskState } from '../../domain/instances/states.js';
import type { OperationRow } from '../../operations/claim.js';
import type { SettleCause } from '../../operations/registry.js';
import { finishStep, loadInstance, startStep, type InstanceRow } from '../../services/compute/instance-lifecycle.js';
import { loadMigration, migrationStep, type MigrationRow } from '../../services/compute/resize-service.js';
import { failLiveMigration } from '../../services/compute/migration-service.js';
import { moveInstancePorts } from '../../services/network/port-binding.js';
import { errorText, type ExecContext } from './common.js';

interface LivePayload {
  actionId: string;
  migrationId: string;
  blockMigration: boolean;
}
const payload = (op: OperationRow): LivePayload => JSON.parse(op.payload) as LivePayload;

/** progress polls of the memory copy (libvirt's job info between two checks) */
const ROUNDS = 5;
const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

const MIGRATING = { fromTaskStates: [TaskState.MIGRATING] };

/** one step: the instance still migrating and the migration still in `from`; the migration after it */
async function step(
  x: ExecContext,
  inst: InstanceRow,
  mig: MigrationRow,
  from: string[],
  migPatch: Partial<MigrationRow>,
  instPatch: Partial<InstanceRow> = {},
): Promise<MigrationRow | undefined> {
  const r = await migrationStep(x.rt, { uuid: inst.uuid, guard: MIGRATING }, instPatch, {
    uuid: mig.uuid,
    from,
    patch: migPatch,
  });
  return r ? loadMigration(x.rt, mig.uuid) : undefined;
}

/** the guest lives on `host` in the hypervisor */
const onHost = (x: ExecContext, host: string, uuid: string) => x.driver.getInfo(host, uuid) !== null;

/**
 * The migration ended without the instance moving (aborted, failed): whatever the destination
 * received goes back to the source.
 */
async function undoOnHypervisor(x: ExecContext, uuid: string, source: string, dest: string): Promise<void> {
  if (source === dest || !onHost(x, dest, uuid)) return;
  if (onHost(x, source, uuid)) await x.driver.destroy(dest, uuid);
  else await x.driver.liveMigrationSwitch(dest, source, uuid);
}

export async function executeLiveMigrate(x: ExecContext, op: OperationRow): Promise<void> {
  const p = payload(op);
  const inst = await loadInstance(x.rt, op.instance_uuid ?? '');
  let mig = await loadMigration(x.rt, p.migrationId);
  if (!inst || inst.deleted || !mig) return;
  const source = mig.source_compute ?? inst.host ?? '';
  const dest = mig.dest_compute ?? source;
  const stopped = async (): Promise<void> => {
    // an abort won the race: the instance is on the source with no task
    if (inst.host === source) await undoOnHypervisor(x, inst.uuid, source, dest);
  };
  if (mig.status === 'cancelled' || mig.status === 'error') return stopped();

  if (mig.status === 'queued') {
    const ev = await startStep(x.rt, p.actionId, 'compute_pre_live_migration', dest);
    const m = await step(x, inst, mig, ['queued'], { status: 'preparing' });
    await finishStep(x.rt, ev, 'Success');
    if (!m) return stopped();
    mig = m;
  }
  if (mig.status === 'preparing') {
    const memory = inst.memory_mb * MIB;
    const disk = p.blockMigration ? inst.root_gb * GIB : 0;
    const m = await step(x, inst, mig, ['preparing'], {
      status: 'running',
      memory_total: memory,
      memory_processed: 0,
      memory_remaining: memory,
      disk_total: disk,
      disk_processed: 0,
      disk_remaining: disk,
    });
    if (!m) return stopped();
    mig = m;
  }
  if (mig.status === 'running') {
    const ev = await startStep(x.rt, p.actionId, 'compute_live_migration', source);
    try {
      const memory = mig.memory_total ?? 0;
      const disk = mig.disk_total ?? 0;
      // a recovered copy continues from the progress the last attempt recorded
      const done = memory > 0 ? Math.round(((mig.memory_processed ?? 0) / memory) * ROUNDS) : 0;
      for (let i = done; i < ROUNDS && !mig.force_complete && onHost(x, source, inst.uuid); i++) {
        await x.driver.liveMigrationRound(source, dest, inst.uuid, ROUNDS);
        const share = (i + 1) / ROUNDS;
        const m = await step(x, inst, mig, ['running'], {
          memory_processed: Math.floor(memory * share),
          memory_remaining: memory - Math.floor(memory * share),
          disk_processed: Math.floor(disk * share),
          disk_remaining: disk - Math.floor(disk * share),
        });
        if (!m) {
          await finishStep(x.rt, ev, 'Success');
          return await stopped();
        }
        mig = m;
      }
      // the switch-over, then the store: the instance's host is the destination from here on
      await x.driver.liveMigrationSwitch(source, dest, inst.uuid);
      const m = await step(
        x,
        inst,
        mig,
        ['running'],
        {
          status: 'post-migrating',
          memory_processed: memory,
          memory_remaining: 0,
          disk_processed: disk,
          disk_remaining: 0,
        },
        { host: dest, node: mig.dest_node ?? dest, availability_zone: mig.dest_az ?? inst.availability_zone },
      );
      await finishStep(x.rt, ev, 'Success');
      if (!m) return await undoOnHypervisor(x, inst.uuid, source, dest);
      mig = m;
    } catch (e) {
      await finishStep(x.rt, ev, 'Error', errorText(e));
      throw e;
    }
  }
  if (mig.status === 'post-migrating') {
    const ev = await startStep(x.rt, p.actionId, 'compute_post_live_migration_at_destination', dest);
    await moveInstancePorts(x.rt, inst.uuid, dest);
    await step(x, inst, mig, ['post-migrating'], { status: 'completed' }, { task_state: null });
    await finishStep(x.rt, ev, 'Success');
  }
}

/**
 * A live migration that will never finish: one past the switch-over completes (the instance
 * already runs on the destination); any other goes back to the source with no task and the
 * migration in error. Never left MIGRATING.
 */
export async function settleLiveMigrate(
  x: ExecContext,
  op: OperationRow,
  inst: InstanceRow,
  cause: SettleCause,
): Promise<void> {
  const mig = await loadMigration(x.rt, payload(op).migrationId);
  if (!mig) return;
  const source = mig.source_compute ?? inst.host ?? '';
  const dest = mig.dest_compute ?? source;
  if (mig.status === 'post-migrating') {
    if (!cause.hostDown) await moveInstancePorts(x.rt, inst.uuid, dest).catch(() => undefined);
    await step(x, inst, mig, ['post-migrating'], { status: 'completed' }, { task_state: null });
    return;
  }
  if (!cause.hostDown) {
    try {
      await undoOnHypervisor(x, inst.uuid, source, dest);
    } catch {
      // the hypervisor state is reported by the next power sync; the store is put right below
    }
  }
  await failLiveMigration(x.rt, inst.uuid, mig.uuid, source);
}
