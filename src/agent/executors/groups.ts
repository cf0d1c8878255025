/** The generic volume group operations against the simulated backend (group-backend.ts); each is idempotent. */
import type { OperationRow } from '../../operations/claim.js';
import {
  abandonGroupUpdate,
  applyGroupUpdate,
  completeGroupSnapshot,
  destroyGroup,
  destroyGroupSnapshot,
  failGroupCreate,
  failGroupSnapshot,
  placeGroup,
} from '../../services/block-storage/group-backend.js';
import type { ExecContext } from './common.js';

interface GroupPayload {
  groupId: string;
  addVolumes?: string[];
  removeVolumes?: string[];
}

const group = (op: OperationRow): GroupPayload => JSON.parse(op.payload) as GroupPayload;
const groupSnapshotId = (op: OperationRow): string =>
  (JSON.parse(op.payload) as { groupSnapshotId: string }).groupSnapshotId;

export async function executeGroupCreate(x: ExecContext, op: OperationRow): Promise<void> {
  await placeGroup(x.rt, group(op).groupId);
}

export async function abandonGroupCreate(x: ExecContext, op: OperationRow): Promise<void> {
  await failGroupCreate(x.rt, group(op).groupId);
}

export async function executeGroupUpdate(x: ExecContext, op: OperationRow): Promise<void> {
  const p = group(op);
  await applyGroupUpdate(x.rt, p.groupId, p.addVolumes ?? [], p.removeVolumes ?? []);
}

export async function abandonGroupUpdateOp(x: ExecContext, op: OperationRow): Promise<void> {
  await abandonGroupUpdate(x.rt, group(op).groupId);
}

export async function executeGroupDelete(x: ExecContext, op: OperationRow): Promise<void> {
  await destroyGroup(x.rt, group(op).groupId);
}

export async function executeGroupSnapshotCreate(x: ExecContext, op: OperationRow): Promise<void> {
  await completeGroupSnapshot(x.rt, groupSnapshotId(op));
}

export async function abandonGroupSnapshotCreate(x: ExecContext, op: OperationRow): Promise<void> {
  await failGroupSnapshot(x.rt, groupSnapshotId(op));
}

export async function executeGroupSnapshotDelete(x: ExecContext, op: OperationRow): Promise<void> {
  await destroyGroupSnapshot(x.rt, groupSnapshotId(op));
}
