/**
 * Host aggregates (nova/compute/api.py AggregateAPI): create, rename/re-zone, metadata, hosts,
 * delete, with Nova's availability-zone rules (is_safe_to_update_az, the
 * ensure_no_instances_need_to_move_az_* checks). Every change runs in one transaction holding
 * the aggregates lock, so two admins cannot put a host in two zones; the hosts' zones are written
 * in that transaction too, so the next build scheduled with availability_zone sees them.
 */
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../runtime.js';
import type { Trx } from '../../store/database.js';
import { badRequest, conflict, notFound } from '../../domain/errors.js';
import {
  AZ_KEY,
  addAggregateHost,
  aggregatesOfHosts,
  computeHostExists,
  countInstancesOnHosts,
  deleteEmptyAggregate,
  findAggregateBySeq,
  insertAggregate,
  listAggregates as listRows,
  nextAggregateSeq,
  removeAggregateHost,
  renameAggregate,
  syncHostZones,
  touchAggregate,
  updateAggregateMetadata,
  type AggregateFull,
} from '../../store/repositories/aggregate-repository.js';

export type { AggregateFull };

const LOCK = 'aggregates';

export const aggregateNotFound = (id: number | string) => notFound(`Aggregate ${id} could not be found.`);
const nameExists = (name: string) => conflict(`Aggregate ${name} already exists.`);

type Action = 'Add' | 'Delete' | 'Update' | 'UpdateMeta';
// add_host and remove_host answer InvalidAggregateAction with 409, update/set_metadata/delete with 400
const invalidAction = (action: Action, id: number, reason: string, status = action === 'Add' ? 409 : 400) => {
  const what = {
    Add: 'Cannot add host to aggregate',
    Delete: 'Cannot remove host from aggregate',
    Update: 'Cannot update aggregate',
    UpdateMeta: 'Cannot update metadata of aggregate',
  }[action];
  const message = `${what} ${id}. Reason: ${reason}.`;
  return status === 409 ? conflict(message) : badRequest(message);
};

/** validate_integer(id, 'id') */
export function aggregateSeq(id: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(id)) throw badRequest('Invalid input received: id must be an integer');
  return parseInt(id, 10);
}

export const listAggregates = (rt: Runtime) => listRows(rt.store.db);

export async function getAggregate(rt: Runtime, seq: number, trx?: Trx): Promise<AggregateFull> {
  const a = await findAggregateBySeq(trx ?? rt.store.db, seq);
  if (!a) throw aggregateNotFound(seq);
  return a;
}

/** availability zone of an aggregate (its metadata), null when it has none */
export const zoneOf = (a: AggregateFull): string | null => a.metadata[AZ_KEY] ?? null;

/** runs `fn` in a transaction holding the aggregates lock; name clashes become Nova's 409 */
async function locked<T>(rt: Runtime, fn: (trx: Trx, now: string) => Promise<T>, name?: string): Promise<T> {
  try {
    return await rt.store.transaction(async (trx) => {
      await rt.store.adapter.lockForUpdateOf(trx, LOCK);
      return fn(trx, rt.clock().toISOString());
    });
  } catch (e) {
    if (name !== undefined && rt.store.adapter.isUniqueViolation(e)) throw nameExists(name);
    throw e;
  }
}

/** is_safe_to_update_az: a zone is never empty, and no host of it sits in another zone */
async function checkZoneChange(
  trx: Trx,
  agg: AggregateFull,
  metadata: Record<string, string | null>,
  action: Action,
  hosts: string[],
  checkInstances: boolean,
): Promise<void> {
  if (!(AZ_KEY in metadata)) return;
  const zone = metadata[AZ_KEY];
  if (!zone)
    throw invalidAction(action, agg.seq, `Aggregate ${agg.name} does not support empty named availability zone`);
  const others = (await aggregatesOfHosts(trx, hosts)).filter((a) => a.id !== agg.id && zoneOf(a) !== null);
  const conflicting = others.map(zoneOf).filter((z) => z !== zone);
  if (conflicting.length) {
    throw invalidAction(
      action,
      agg.seq,
      `One or more hosts already in availability zone(s) [${conflicting.map((z) => `'${z}'`).join(', ')}]`,
    );
  }
  if (checkInstances && zoneOf(agg) !== zone && (await countInstancesOnHosts(trx, hosts)) > 0) {
    throw invalidAction(action, agg.seq, 'One or more hosts contain instances in this zone');
  }
}

export async function createAggregate(rt: Runtime, name: string, zone: string | null): Promise<AggregateFull> {
  return locked(
    rt,
    async (trx, now) => {
      const id = randomUUID();
      const seq = await nextAggregateSeq(trx);
      await insertAggregate(trx, { id, seq, name, created_at: now, updated_at: null });
      if (zone) await updateAggregateMetadata(trx, id, { [AZ_KEY]: zone });
      return getAggregate(rt, seq, trx);
    },
    name,
  );
}

/** PUT /os-aggregates/{id}: name and/or availability_zone */
export async function updateAggregate(
  rt: Runtime,
  seq: number,
  values: { name?: string; availability_zone?: string | null },
): Promise<AggregateFull> {
  return locked(
    rt,
    async (trx, now) => {
      const agg = await getAggregate(rt, seq, trx);
      if (values.name !== undefined) await renameAggregate(trx, agg.id, values.name, now);
      if ('availability_zone' in values) {
        const meta = { [AZ_KEY]: values.availability_zone ?? null };
        await checkZoneChange(trx, agg, meta, 'Update', agg.hosts, true);
        await updateAggregateMetadata(trx, agg.id, meta);
        await touchAggregate(trx, agg.id, now);
        await syncHostZones(trx, agg.hosts, rt.config.compute.availabilityZone);
      }
      return getAggregate(rt, seq, trx);
    },
    values.name,
  );
}

/** set_metadata: keys set, null values removed */
export async function setAggregateMetadata(
  rt: Runtime,
  seq: number,
  metadata: Record<string, string | null>,
): Promise<AggregateFull> {
  return locked(rt, async (trx, now) => {
    const agg = await getAggregate(rt, seq, trx);
    await checkZoneChange(trx, agg, metadata, 'UpdateMeta', agg.hosts, true);
    await updateAggregateMetadata(trx, agg.id, metadata);
    await touchAggregate(trx, agg.id, now);
    await syncHostZones(trx, agg.hosts, rt.config.compute.availabilityZone);
    return getAggregate(rt, seq, trx);
  });
}

const moveMessage = (verb: 'added to' | 'removed from', from: string | null, to: string | null, n: number) =>
  `The host cannot be ${verb} the aggregate as the availability zone of the host would change from '${from ?? 'None'}' to '${to ?? 'None'}' but the host already has ${n} instance(s). Changing the AZ of an existing instance is not supported by this action. Move the instances away from this host then try again. If you need to move the instances between AZs then you can use shelve_offload and unshelve to achieve this.`;

export async function addHost(rt: Runtime, seq: number, host: string): Promise<AggregateFull> {
  return locked(rt, async (trx) => {
    if (!(await computeHostExists(trx, host))) throw notFound(`Compute host ${host} could not be found.`);
    const agg = await getAggregate(rt, seq, trx);
    await checkZoneChange(trx, agg, agg.metadata, 'Add', [host], false);
    const newZone = zoneOf(agg);
    const instances = await countInstancesOnHosts(trx, [host]);
    if (instances && newZone) {
      const zones = [...new Set((await aggregatesOfHosts(trx, [host])).map(zoneOf).filter((z) => z !== null))];
      const oldZone = zones[0] ?? null;
      if (oldZone !== newZone)
        throw invalidAction('Add', agg.seq, moveMessage('added to', oldZone, newZone, instances), 409);
    }
    if (agg.hosts.includes(host)) throw conflict(`Aggregate ${agg.seq} already has host ${host}.`);
    try {
      await addAggregateHost(trx, agg.id, host);
    } catch (e) {
      if (rt.store.adapter.isUniqueViolation(e)) throw conflict(`Aggregate ${agg.seq} already has host ${host}.`);
      throw e;
    }
    await syncHostZones(trx, [host], rt.config.compute.availabilityZone);
    return getAggregate(rt, seq, trx);
  });
}

export async function removeHost(rt: Runtime, seq: number, host: string): Promise<AggregateFull> {
  const missing = () => notFound(`Cannot remove host ${host} in aggregate ${seq}`);
  return locked(rt, async (trx) => {
    if (!(await computeHostExists(trx, host))) throw missing();
    const agg = await findAggregateBySeq(trx, seq);
    if (!agg || !agg.hosts.includes(host)) throw missing();
    const current = zoneOf(agg);
    const instances = await countInstancesOnHosts(trx, [host]);
    if (instances && current) {
      const zones = (await aggregatesOfHosts(trx, [host]))
        .filter((a) => a.id !== agg.id)
        .map(zoneOf)
        .filter((z) => z !== null);
      const next = zones[0] ?? null;
      if (current !== next) {
        throw invalidAction('Delete', agg.seq, moveMessage('removed from', current, next, instances), 409);
      }
    }
    if (!(await removeAggregateHost(trx, agg.id, host))) throw missing();
    await syncHostZones(trx, [host], rt.config.compute.availabilityZone);
    return getAggregate(rt, seq, trx);
  });
}

export async function deleteAggregate(rt: Runtime, seq: number): Promise<void> {
  await locked(rt, async (trx) => {
    const agg = await getAggregate(rt, seq, trx);
    if (!(await deleteEmptyAggregate(trx, agg.id)))
      throw invalidAction('Delete', agg.seq, 'Host aggregate is not empty');
  });
}
