/**
 * The reads the Mogan dialect (src/api/baremetal-compute) needs, so that the dialect never opens
 * the store itself: instance_ident lookup, plain project lists, plugged ports, a host's driver
 * capabilities and pending graceful stops. Row types are exported from here for the same reason.
 */
import type { Runtime } from '../../runtime.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';
import type { PluggedPort } from '../../store/repositories/network-info-repository.js';
import { DomainError } from '../../domain/errors.js';
import { isUuidLike } from '../../lib/ids.js';
import {
  findLiveByName,
  findLiveInstance,
  hasPendingGracefulStop,
  listLiveInstances,
} from '../../store/repositories/mogan-instance-queries.js';
import { pluggedPortsFor } from '../../store/repositories/network-info-repository.js';
import { hostCapabilities } from '../../store/repositories/compute-host-repository.js';

/** One instance row as both dialects store it (Mogan's extra is the metadata column). */
export type BaremetalInstance = InstancesTable;
export type { PluggedPort };

/**
 * Mogan's instance_ident: a UUID, else a display name that must be unique among the caller's
 * project's live instances (409 when it is not). undefined when nothing matches.
 */
export async function findInstanceByIdent(
  rt: Runtime,
  ident: string,
  projectId: string | null,
): Promise<BaremetalInstance | undefined> {
  if (isUuidLike(ident)) {
    const byUuid = await findLiveInstance(rt.store.db, ident.toLowerCase());
    if (byUuid) return byUuid;
  }
  if (!projectId) return undefined;
  const named = await findLiveByName(rt.store.db, projectId, ident);
  if (named.length > 1)
    throw new DomainError('CONFLICT', 409, `Multiple instances are named ${ident}; use the instance uuid.`);
  return named[0];
}

/** Live instances of one project, or of every project when projectId is null, oldest first. */
export function listInstances(rt: Runtime, projectId: string | null): Promise<BaremetalInstance[]> {
  return listLiveInstances(rt.store.db, projectId);
}

/** The ports plugged into each instance, keyed by instance uuid. */
export function pluggedPorts(rt: Runtime, instanceUuids: readonly string[]): Promise<Map<string, PluggedPort[]>> {
  return pluggedPortsFor(rt.store.db, instanceUuids);
}

/** Whether a soft power off is queued or running (Mogan shows it; Nova's task_state cannot say). */
export function pendingGracefulStop(rt: Runtime, instanceUuid: string): Promise<boolean> {
  return hasPendingGracefulStop(rt.store.db, instanceUuid);
}

/** The capabilities the driver of a compute host publishes (e.g. supportsSoftPowerOff). */
export function driverCapabilities(rt: Runtime, host: string): Promise<Record<string, boolean>> {
  return hostCapabilities(rt.store.db, host);
}
