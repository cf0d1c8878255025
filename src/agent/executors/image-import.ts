/**
 * The image import task (Glance's api_image_import flow, run by the agent instead of Glance's
 * task pool): the service does the work and records the outcome in the task and the image; a
 * retry after a crash finds the task and image where the interrupted attempt left them.
 */
import type { OperationRow } from '../../operations/claim.js';
import { failImport, runImport } from '../../services/image/image-import-service.js';
import type { ExecContext } from './common.js';

const taskIdOf = (op: OperationRow): string => (JSON.parse(op.payload) as { taskId: string }).taskId;

export async function executeImageImport(x: ExecContext, op: OperationRow): Promise<void> {
  await runImport(x.rt, taskIdOf(op));
}

/** an import whose operation will never finish (attempts exhausted): the task fails, the image is queued */
export async function abandonImageImport(x: ExecContext, op: OperationRow, reason: string): Promise<void> {
  await failImport(x.rt, taskIdOf(op), reason);
}
