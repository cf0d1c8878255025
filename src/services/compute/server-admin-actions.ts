/**
 * trigger_crash_dump (compute/api.py trigger_crash_dump) and injectNetworkInfo
 * (compute/api.py inject_network_info): actions that change no instance state. The crash dump is
 * recorded as an instance action whose compute_trigger_crash_dump event the agent writes; the
 * network info injection only checks the lock, as Nova does, since stackbox's guests always read
 * their current ports.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { instanceNotFound } from '../../domain/errors.js';
import { isUuidLike } from '../../lib/ids.js';
import { checkInstanceHost, checkInstanceState, checkLock } from '../../domain/instances/rules.js';
import { findInstance } from '../../store/repositories/instance-repository.js';
import { startAction } from '../../store/repositories/instance-action-repository.js';
import { enqueueOperation } from '../../operations/enqueue.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';

async function visible(rt: Runtime, ctx: RequestContext, uuid: string): Promise<InstancesTable> {
  const row = isUuidLike(uuid) ? await findInstance(rt.store.db, uuid) : undefined;
  if (!row || row.deleted || (!ctx.isAdmin && row.project_id !== ctx.projectId)) throw instanceNotFound(uuid);
  return row;
}

/**
 * Nova's decorators in order: @check_instance_lock, @check_instance_host,
 * @check_instance_state(ALLOW_TRIGGER_CRASH_DUMP); then the action and the cast to the host.
 */
export async function triggerCrashDump(rt: Runtime, ctx: RequestContext, uuid: string): Promise<void> {
  const inst = await visible(rt, ctx, uuid);
  checkLock(inst, ctx);
  checkInstanceHost(inst);
  checkInstanceState('triggerCrashDump', inst);
  await rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    const action = await startAction(
      trx,
      {
        instanceUuid: uuid,
        requestId: ctx.requestId,
        action: 'trigger_crash_dump',
        projectId: ctx.projectId ?? inst.project_id,
        userId: ctx.userId,
      },
      at,
    );
    await enqueueOperation(
      trx,
      {
        kind: 'trigger_crash_dump',
        instanceUuid: uuid,
        host: inst.host,
        requestId: ctx.requestId,
        payload: { actionId: action.id },
      },
      at,
    );
  });
  rt.bus.operationEnqueued(inst.host);
}

/** compute/api.py inject_network_info: @check_instance_lock, no instance action */
export async function injectNetworkInfo(rt: Runtime, ctx: RequestContext, uuid: string): Promise<void> {
  const inst = await visible(rt, ctx, uuid);
  checkLock(inst, ctx);
  checkInstanceState('injectNetworkInfo', inst);
}
