/**
 * Port interfaces of a server (nova/compute/api.py attach_interface / detach_interface and the
 * os-interface controller's reads). Attach is a synchronous call in Nova: the action and the
 * agent's operation are written in one transaction, then the request waits for the agent's
 * outcome. Detach is a cast: 202 once the operation is queued.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { DomainError, type ErrorCode } from '../../domain/errors.js';
import { checkInstanceState, checkLock } from '../../domain/instances/rules.js';
import {
  interfaceAttachFailed,
  interfaceNotOnInstance,
  novaPortNotFound,
} from '../../domain/instances/interface-errors.js';
import { enqueueOperation } from '../../operations/enqueue.js';
import { cancelPendingOperation, waitForOperation } from '../../operations/outcome.js';
import { startAction } from '../../store/repositories/instance-action-repository.js';
import { listPorts } from '../../store/repositories/network-repository.js';
import {
  findVif,
  listVifs,
  tagsByPort,
  type VirtualInterfaceRow,
} from '../../store/repositories/virtual-interface-repository.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';
import { serverPortsWithTags, withFixedIps, type PortSummary, type ServerPorts } from '../network/port-service.js';

export interface Attachment {
  port: PortSummary;
  tag: string | null;
}

export interface AttachRequest {
  netId?: string;
  portId?: string;
  fixedIp?: string;
  tag?: string;
}

/**
 * Nova's RPC call timeout (rpc_response_timeout), stretched past the agent's own wait for
 * network-vif-plugged when an agent is at work, so the caller hears its verdict, not a timeout.
 */
function attachTimeoutMs(rt: Runtime): number {
  const c = rt.config.compute;
  return Math.max(c.rpcResponseTimeout, c.vifPluggingTimeout > 0 ? c.vifPluggingTimeout + 5 : 0) * 1000;
}

const CODE_FOR: Record<number, ErrorCode> = { 400: 'BAD_REQUEST', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT' };

export type { VirtualInterfaceRow };

/** The server's interface records in plug order, one page (os-virtual-interfaces). */
export function listVirtualInterfaces(
  rt: Runtime,
  instanceUuid: string,
  page: { offset: number; limit: number },
): Promise<VirtualInterfaceRow[]> {
  return listVifs(rt.store.db, instanceUuid, page);
}

export class InterfaceService {
  constructor(private readonly rt: Runtime) {}

  /** the Neutron port, as the caller may see it (Nova uses the caller's token) */
  private async visiblePorts(ctx: RequestContext, filter: { portId: string }): Promise<PortSummary[]> {
    const rows = await listPorts(this.rt.store.db, {
      ids: [filter.portId],
      visibleTo: ctx.isAdmin ? undefined : (ctx.projectId ?? ''),
    });
    return withFixedIps(this.rt.store.db, rows);
  }

  /**
   * The live server's project and the ports the caller may see, with addresses and tags, in one
   * precompiled query (the hot read of this API); undefined when there is no live server. The
   * caller answers 404 and checks the policy from the project, as for any other sub-resource.
   */
  async list(ctx: RequestContext, serverId: string): Promise<ServerPorts | undefined> {
    return serverPortsWithTags(this.rt.store.db, serverId, ctx.isAdmin ? undefined : (ctx.projectId ?? ''));
  }

  /** 404 when the port is unknown, or not the server's (exact compare with the URL's id, as Nova) */
  async show(ctx: RequestContext, inst: InstancesTable, urlServerId: string, portId: string): Promise<Attachment> {
    const [port] = await this.visiblePorts(ctx, { portId });
    if (!port) throw novaPortNotFound(portId);
    if (port.device_id !== urlServerId) throw interfaceNotOnInstance(urlServerId, portId);
    const tags = await tagsByPort(this.rt.store.db, inst.uuid);
    return { port, tag: tags.get(port.id) ?? null };
  }

  async attach(ctx: RequestContext, inst: InstancesTable, req: AttachRequest): Promise<Attachment> {
    checkLock(inst, ctx);
    checkInstanceState('attach_interface', inst);
    const opId = await this.rt.store.transaction(async (trx) => {
      const action = await startAction(
        trx,
        {
          instanceUuid: inst.uuid,
          requestId: ctx.requestId,
          action: 'attach_interface',
          projectId: ctx.projectId ?? inst.project_id,
          userId: ctx.userId,
        },
        this.rt.clock().toISOString(),
      );
      return enqueueOperation(
        trx,
        {
          kind: 'attach_interface',
          instanceUuid: inst.uuid,
          host: inst.host,
          requestId: ctx.requestId,
          payload: { actionId: action.id, ...req, callerProjectId: ctx.projectId, callerIsAdmin: ctx.isAdmin },
        },
        this.rt.clock().toISOString(),
      );
    });
    this.rt.bus.operationEnqueued(inst.host);
    const r = await waitForOperation(this.rt, opId, attachTimeoutMs(this.rt));
    if (r.state === 'timeout') {
      // nobody claimed it in time (no agent for the host): withdraw it so it cannot attach later
      await cancelPendingOperation(this.rt, opId, 'the API stopped waiting for a compute agent');
    }
    if (r.state !== 'done') throw interfaceAttachFailed(inst.uuid);
    if (r.refusal) {
      if (r.refusal.status >= 500)
        throw new DomainError('INTERFACE_ATTACH_FAILED', r.refusal.status, r.refusal.message);
      throw new DomainError(CODE_FOR[r.refusal.status] ?? 'BAD_REQUEST', r.refusal.status, r.refusal.message);
    }
    // the interface row carries the operation's id
    const vif = await findVif(this.rt.store.db, opId);
    const [port] = vif
      ? await withFixedIps(this.rt.store.db, await listPorts(this.rt.store.db, { ids: [vif.port_id] }))
      : [];
    if (!vif || !port) throw interfaceAttachFailed(inst.uuid); // detached or deleted in the meantime
    return { port, tag: vif.tag };
  }

  /** 202 semantics: queued after the lock/state checks, whether or not the port is attached */
  async detach(ctx: RequestContext, inst: InstancesTable, portId: string): Promise<void> {
    checkLock(inst, ctx);
    checkInstanceState('detach_interface', inst);
    await this.rt.store.transaction(async (trx) => {
      const action = await startAction(
        trx,
        {
          instanceUuid: inst.uuid,
          requestId: ctx.requestId,
          action: 'detach_interface',
          projectId: ctx.projectId ?? inst.project_id,
          userId: ctx.userId,
        },
        this.rt.clock().toISOString(),
      );
      await enqueueOperation(
        trx,
        {
          kind: 'detach_interface',
          instanceUuid: inst.uuid,
          host: inst.host,
          requestId: ctx.requestId,
          payload: { actionId: action.id, portId },
        },
        this.rt.clock().toISOString(),
      );
    });
    this.rt.bus.operationEnqueued(inst.host);
  }
}
