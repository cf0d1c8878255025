/**
 * The backup operations (Cinder's backup manager against the simulated backend). Each is
 * idempotent: the backend step only acts on the status the API left the backup in.
 */
import type { OperationRow } from '../../operations/claim.js';
import {
  completeBackup,
  completeRestore,
  destroyBackup,
  failBackup,
  failRestore,
} from '../../services/block-storage/backup-backend.js';
import type { ExecContext } from './common.js';

const backupIdOf = (op: OperationRow): string => (JSON.parse(op.payload) as { backupId: string }).backupId;

export async function executeBackupCreate(x: ExecContext, op: OperationRow): Promise<void> {
  const id = backupIdOf(op);
  if ((await completeBackup(x.rt, id)) === 'error')
    x.rt.log.warn({ backup: id }, 'no backup service in the availability zone: status error');
}

export async function abandonBackupCreate(x: ExecContext, op: OperationRow, reason: string): Promise<void> {
  await failBackup(x.rt, backupIdOf(op), reason);
}

export async function executeBackupDelete(x: ExecContext, op: OperationRow): Promise<void> {
  await destroyBackup(x.rt, backupIdOf(op));
}

export async function executeBackupRestore(x: ExecContext, op: OperationRow): Promise<void> {
  const id = backupIdOf(op);
  if ((await completeRestore(x.rt, id)) === 'error')
    x.rt.log.warn({ backup: id }, 'no room in the pool for the restored volume: status error');
}

export async function abandonBackupRestore(x: ExecContext, op: OperationRow): Promise<void> {
  await failRestore(x.rt, backupIdOf(op));
}
