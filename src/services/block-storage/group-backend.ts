/**
 * The simulated backend's side of generic volume groups (Cinder's volume manager create_group,
 * update_group, delete_group, create_group_snapshot, delete_group_snapshot). Each step acts only
 * on the status the API left the group or group snapshot in, so a recovered operation that runs
 * again changes nothing.
 */
import type { Runtime } from '../../runtime.js';
import {
  deletingVolumesOfGroup,
  findGroup,
  findGroupSnapshot,
  removeDeletingSnapshotsOfGroupSnapshot,
  removeGroup,
  removeGroupSnapshot,
  setGroupSnapshotMembersStatus,
  setVolumesGroup,
  transitionGroup,
  transitionGroupSnapshot,
} from '../../store/repositories/volume-group-repository.js';
import { SnapshotStatus } from '../../domain/volumes/states.js';
import { destroyVolume, pool } from './volume-backend.js';

/** creating → available on the pool */
export async function placeGroup(rt: Runtime, groupId: string): Promise<void> {
  const host = await pool(rt);
  await transitionGroup(rt.store.db, groupId, ['creating'], {
    status: 'available',
    host,
    updated_at: rt.clock().toISOString(),
  });
}

/** a create that will never run: the group in error */
export async function failGroupCreate(rt: Runtime, groupId: string): Promise<void> {
  await transitionGroup(rt.store.db, groupId, ['creating'], { status: 'error', updated_at: rt.clock().toISOString() });
}

/** updating → available, with the volumes the update checked joined to or taken out of the group */
export async function applyGroupUpdate(rt: Runtime, groupId: string, add: string[], remove: string[]): Promise<void> {
  await rt.store.transaction(async (trx) => {
    const g = await findGroup(trx, groupId);
    if (!g || g.status !== 'updating') return;
    const now = rt.clock().toISOString();
    await setVolumesGroup(trx, remove, groupId, null, now);
    await setVolumesGroup(trx, add, null, groupId, now);
    await transitionGroup(trx, groupId, ['updating'], { status: 'available', updated_at: now });
  });
}

/** an update that will never run: the group back to available, its volumes unchanged */
export async function abandonGroupUpdate(rt: Runtime, groupId: string): Promise<void> {
  await transitionGroup(rt.store.db, groupId, ['updating'], {
    status: 'available',
    updated_at: rt.clock().toISOString(),
  });
}

/** deleting → gone, with the volumes the delete marked (their capacity back in the pool) */
export async function destroyGroup(rt: Runtime, groupId: string): Promise<void> {
  for (const v of await deletingVolumesOfGroup(rt.store.db, groupId)) await destroyVolume(rt, v.id);
  await removeGroup(rt.store.db, groupId, 'deleting');
}

/** creating → available, its snapshots with it */
export async function completeGroupSnapshot(rt: Runtime, groupSnapshotId: string): Promise<void> {
  await rt.store.transaction(async (trx) => {
    const gs = await findGroupSnapshot(trx, groupSnapshotId);
    if (!gs || gs.status !== 'creating') return;
    const now = rt.clock().toISOString();
    await setGroupSnapshotMembersStatus(trx, groupSnapshotId, [SnapshotStatus.CREATING], {
      status: SnapshotStatus.AVAILABLE,
      progress: '100%',
      updated_at: now,
    });
    await transitionGroupSnapshot(trx, groupSnapshotId, ['creating'], { status: 'available', updated_at: now });
  });
}

/** a group snapshot that will never be made: it and its snapshots in error */
export async function failGroupSnapshot(rt: Runtime, groupSnapshotId: string): Promise<void> {
  await rt.store.transaction(async (trx) => {
    const now = rt.clock().toISOString();
    await setGroupSnapshotMembersStatus(trx, groupSnapshotId, [SnapshotStatus.CREATING], {
      status: SnapshotStatus.ERROR,
      updated_at: now,
    });
    await transitionGroupSnapshot(trx, groupSnapshotId, ['creating'], { status: 'error', updated_at: now });
  });
}

/** deleting → gone, with its snapshots */
export async function destroyGroupSnapshot(rt: Runtime, groupSnapshotId: string): Promise<void> {
  await rt.store.transaction(async (trx) => {
    const gs = await findGroupSnapshot(trx, groupSnapshotId);
    if (!gs || gs.status !== 'deleting') return;
    await removeDeletingSnapshotsOfGroupSnapshot(trx, groupSnapshotId);
    await removeGroupSnapshot(trx, groupSnapshotId);
  });
}
