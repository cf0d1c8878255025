/**
 * os-services (nova/api/openstack/compute/services.py, nova/compute/api.py HostAPI): the
 * services list, enable/disable (with a reason) and forced_down of a nova-compute service, and
 * delete. A disabled or forced-down compute service takes no new builds (pickHost filters them);
 * a forced-down one is shown as down whatever its heartbeat says (servicegroup's is_up).
 */
import type { Runtime } from '../../runtime.js';
import { badRequest, conflict, notFound } from '../../domain/errors.js';
import { COMPUTE_BINARY, INTERNAL_ZONE, computeServiceSeq } from '../../domain/compute-services.js';
import { listComputeHosts } from '../../store/repositories/usage-queries.js';
import {
  deleteControlService,
  deleteIdleComputeService,
  listControlServices,
  updateComputeService,
  type ServiceChange,
} from '../../store/repositories/service-repository.js';

export interface ServiceView {
  uuid: string;
  seq: number;
  binary: string;
  host: string;
  zone: string;
  status: 'enabled' | 'disabled';
  state: 'up' | 'down';
  /** ISO time of the last heartbeat or change */
  updatedAt: string | null;
  disabledReason: string | null;
  forcedDown: boolean;
}

export async function listServices(
  rt: Runtime,
  filter: { host?: string; binary?: string } = {},
): Promise<ServiceView[]> {
  const db = rt.store.db;
  const now = rt.clock();
  const cutoff = now.getTime() - rt.config.compute.hostDownAfterMs;
  const [control, hosts] = await Promise.all([listControlServices(db), listComputeHosts(db)]);
  const out: ServiceView[] = [
    // the conductor and scheduler run inside stackbox's own processes: up while it answers
    ...control.map((c): ServiceView => ({
      uuid: c.id,
      seq: c.seq,
      binary: c.binary,
      host: c.host,
      zone: INTERNAL_ZONE,
      status: c.status === 'disabled' ? 'disabled' : 'enabled',
      state: c.forced_down ? 'down' : 'up',
      updatedAt: now.toISOString(),
      disabledReason: c.disabled_reason,
      forcedDown: c.forced_down === 1,
    })),
    ...hosts.map((h): ServiceView => {
      const up = !h.forced_down && h.state === 'up' && Date.parse(h.last_seen_at) >= cutoff;
      const changed = h.service_updated_at && h.service_updated_at > h.last_seen_at ? h.service_updated_at : null;
      return {
        uuid: h.id,
        seq: computeServiceSeq(h.seq),
        binary: COMPUTE_BINARY,
        host: h.host,
        zone: h.availability_zone,
        status: h.status === 'disabled' ? 'disabled' : 'enabled',
        state: up ? 'up' : 'down',
        updatedAt: changed ?? h.last_seen_at,
        disabledReason: h.disabled_reason,
        forcedDown: h.forced_down === 1,
      };
    }),
  ];
  return out.filter((s) => (!filter.host || s.host === filter.host) && (!filter.binary || s.binary === filter.binary));
}

const notCompute = (binary: string) =>
  badRequest(`Updating a ${binary} service is not supported. Only nova-compute services can be updated.`);

/** PUT /os-services/{enable,disable,disable-log-reason,force-down} (before 2.53) */
export async function updateByHostAndBinary(
  rt: Runtime,
  host: string,
  binary: string,
  change: ServiceChange,
): Promise<void> {
  if (binary !== COMPUTE_BINARY) throw notCompute(binary);
  if (!(await updateComputeService(rt.store.db, host, change, rt.clock().toISOString()))) {
    // every host with a compute service is mapped to the cell; Nova's host mapping lookup fails first
    throw notFound(`Host '${host}' is not mapped to any cell`);
  }
}

async function byId(
  rt: Runtime,
  id: string,
  byUuid: boolean,
  missing = `Service ${id} could not be found.`,
): Promise<ServiceView> {
  const svc = (await listServices(rt)).find((s) => (byUuid ? s.uuid === id : String(s.seq) === id));
  if (!svc) throw notFound(missing);
  return svc;
}

/** PUT /os-services/{uuid} (2.53): status (with an optional reason) and/or forced_down */
export async function updateService(
  rt: Runtime,
  uuid: string,
  body: { status?: 'enabled' | 'disabled'; disabled_reason?: string; forced_down?: boolean },
): Promise<ServiceView> {
  const svc = await byId(rt, uuid, true);
  if (svc.binary !== COMPUTE_BINARY) throw notCompute(svc.binary);
  const change: ServiceChange = {};
  if (body.status === 'enabled') {
    if (body.disabled_reason) throw badRequest("Specifying 'disabled_reason' with status 'enabled' is invalid.");
    Object.assign(change, { status: 'enabled', disabled_reason: null });
  } else if (body.status === 'disabled') {
    Object.assign(change, { status: 'disabled', disabled_reason: body.disabled_reason ?? null });
  }
  if (body.forced_down !== undefined) change.forced_down = body.forced_down ? 1 : 0;
  if (!Object.keys(change).length) {
    throw badRequest("No updates were requested. Fields 'status' or 'forced_down' should be specified.");
  }
  if (!(await updateComputeService(rt.store.db, svc.host, change, rt.clock().toISOString()))) {
    throw notFound(`Service ${uuid} could not be found.`);
  }
  return byId(rt, uuid, true);
}

/**
 * DELETE /os-services/{id}: a compute service hosting instances is refused (409); otherwise its
 * host leaves its aggregates and the service (with its hypervisor) goes.
 */
export async function deleteService(rt: Runtime, id: string, byUuid: boolean): Promise<void> {
  // Nova's delete words its 404 differently from the update's
  const svc = await byId(rt, id, byUuid, `Service ${id} not found.`);
  if (svc.binary === COMPUTE_BINARY) {
    const deleted = await rt.store.transaction((trx) => deleteIdleComputeService(trx, svc.uuid, svc.host));
    if (!deleted) {
      throw conflict(
        'Unable to delete compute service that is hosting instances. Migrate or delete the instances first.',
      );
    }
    return;
  }
  if (!(await deleteControlService(rt.store.db, svc.uuid))) throw notFound(`Service ${id} not found.`);
}
