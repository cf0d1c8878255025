/**
 * Neutron's quotas (neutron/db/quota/driver.py DbQuotaDriver, neutron/extensions/quotasv2.py,
 * quotasv2_detail.py; Zed). A project's limit for a resource is its own row (set by an admin) or the
 * configured default. Creates of networks, subnets, ports, security groups and rules are checked
 * in the transaction that inserts them, under a per-project lock, so concurrent creates at the
 * edge admit exactly what the limit allows.
 */
import type { Runtime } from '../../runtime.js';
import type { Trx } from '../../store/database.js';
import type { NetworkQuotaDefaults } from '../../config/config.js';
import {
  COUNTED_RESOURCES,
  countOwned,
  deleteNeutronLimits,
  neutronLimitRows,
  allNeutronLimitRows,
  upsertNeutronLimit,
  type CountedResource,
} from '../../store/repositories/neutron-quota-repository.js';
import { overQuota, quotaBelowUsage, tenantQuotaNotFound } from '../../domain/ports/network-errors.js';

/** the registered quota resources, in the order Neutron's resource registry lists them */
export const NEUTRON_QUOTA_RESOURCES = [
  'network',
  'subnet',
  'subnetpool',
  'port',
  'router',
  'floatingip',
  'rbac_policy',
  'security_group',
  'security_group_rule',
] as const;
export type NeutronQuotaResource = (typeof NEUTRON_QUOTA_RESOURCES)[number];
export type NeutronQuotaSet = Record<NeutronQuotaResource, number>;

const CONFIG_KEY: Record<NeutronQuotaResource, keyof NetworkQuotaDefaults> = {
  network: 'network',
  subnet: 'subnet',
  subnetpool: 'subnetpool',
  port: 'port',
  router: 'router',
  floatingip: 'floatingip',
  rbac_policy: 'rbacPolicy',
  security_group: 'securityGroup',
  security_group_rule: 'securityGroupRule',
};

export const isNeutronQuotaResource = (name: string): name is NeutronQuotaResource =>
  (NEUTRON_QUOTA_RESOURCES as readonly string[]).includes(name);

/** GET /v2.0/quotas/{id}/default: the configured defaults */
export function defaultNeutronQuotas(rt: Runtime): NeutronQuotaSet {
  const out = {} as NeutronQuotaSet;
  for (const r of NEUTRON_QUOTA_RESOURCES) out[r] = rt.config.networkQuotas[CONFIG_KEY[r]];
  return out;
}

function overlay(base: NeutronQuotaSet, rows: Map<string, number>): NeutronQuotaSet {
  const out = { ...base };
  for (const r of NEUTRON_QUOTA_RESOURCES) {
    const v = rows.get(r);
    if (v !== undefined) out[r] = v;
  }
  return out;
}

/** GET /v2.0/quotas/{id}: the project's limits (its rows over the defaults), for any project id */
export async function neutronQuotas(rt: Runtime, projectId: string, db: Trx | undefined = undefined) {
  return overlay(defaultNeutronQuotas(rt), await neutronLimitRows(db ?? rt.store.db, projectId));
}

/** what a project holds of each resource (0 for the ones stackbox does not serve) */
async function usage(rt: Runtime, projectId: string): Promise<Record<NeutronQuotaResource, number>> {
  const out = {} as Record<NeutronQuotaResource, number>;
  for (const r of NEUTRON_QUOTA_RESOURCES) out[r] = 0;
  for (const r of COUNTED_RESOURCES) out[r] = await countOwned(rt.store.db, projectId, r);
  return out;
}

export interface NeutronQuotaDetail {
  limit: number;
  used: number;
  reserved: number;
}

/** GET /v2.0/quotas/{id}/details: limit, used and reserved (no reservations outlive a request: 0) */
export async function neutronQuotaDetails(
  rt: Runtime,
  projectId: string,
): Promise<Record<NeutronQuotaResource, NeutronQuotaDetail>> {
  const [limits, used] = await Promise.all([neutronQuotas(rt, projectId), usage(rt, projectId)]);
  const out = {} as Record<NeutronQuotaResource, NeutronQuotaDetail>;
  for (const r of NEUTRON_QUOTA_RESOURCES) out[r] = { limit: limits[r], used: used[r], reserved: 0 };
  return out;
}

/** GET /v2.0/quotas: every project that has a limit of its own, with all its limits */
export async function listNeutronQuotas(
  rt: Runtime,
): Promise<Array<NeutronQuotaSet & { project_id: string; tenant_id: string }>> {
  const byProject = new Map<string, Map<string, number>>();
  for (const row of await allNeutronLimitRows(rt.store.db)) {
    const m = byProject.get(row.project_id) ?? new Map<string, number>();
    m.set(row.resource, row.hard_limit);
    byProject.set(row.project_id, m);
  }
  const base = defaultNeutronQuotas(rt);
  return [...byProject].map(([projectId, rows]) => ({
    ...overlay(base, rows),
    project_id: projectId,
    tenant_id: projectId,
  }));
}

/**
 * PUT /v2.0/quotas/{id}: writes each given limit. With `checkLimit` (the quota-check-limit
 * request flag) a limit below what the project already holds is refused first, as Neutron does.
 */
export async function updateNeutronQuotas(
  rt: Runtime,
  projectId: string,
  values: Partial<NeutronQuotaSet>,
  checkLimit: boolean,
): Promise<NeutronQuotaSet> {
  const entries = Object.entries(values) as Array<[NeutronQuotaResource, number]>;
  if (checkLimit) {
    const used = await usage(rt, projectId);
    for (const [resource, limit] of entries) {
      if (used[resource] > limit) throw quotaBelowUsage(limit, resource, used[resource]);
    }
  }
  await rt.store.transaction(async (trx) => {
    for (const [resource, limit] of entries) await upsertNeutronLimit(trx, projectId, resource, limit);
  });
  return neutronQuotas(rt, projectId);
}

/** DELETE /v2.0/quotas/{id}: back to the defaults; 404 when the project had no limit of its own */
export async function deleteNeutronQuotas(rt: Runtime, projectId: string): Promise<void> {
  if ((await deleteNeutronLimits(rt.store.db, projectId)) < 1) throw tenantQuotaNotFound(projectId);
}

/**
 * The quota check of a create (DbQuotaDriver.make_reservation / quota_limit_check), inside the
 * create's transaction: the project's creates are serialised on one lock until the transaction
 * ends, then each resource's rows are counted, so a concurrent create sees this one's rows. Throws
 * 409 OverQuota naming every resource whose usage plus `deltas` would pass its limit.
 */
export async function enforceNetworkQuota(
  rt: Runtime,
  trx: Trx,
  projectId: string,
  deltas: Partial<Record<CountedResource, number>>,
): Promise<void> {
  const wanted = (Object.entries(deltas) as Array<[CountedResource, number]>).filter(([, d]) => d > 0);
  if (wanted.length === 0) return;
  const limits = await neutronQuotas(rt, projectId, trx);
  const limited = wanted.filter(([r]) => limits[r] >= 0);
  if (limited.length === 0) return;
  await rt.store.adapter.lockForUpdateOf(trx, `neutron-quota:${projectId}`);
  const overs: string[] = [];
  for (const [resource, delta] of limited) {
    if ((await countOwned(trx, projectId, resource)) + delta > limits[resource]) overs.push(resource);
  }
  if (overs.length > 0) throw overQuota(overs);
}

/** How many of these items each project creates (a bulk create's quota check). */
export function countByProject(specs: ReadonlyArray<{ projectId: string }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of specs) counts.set(s.projectId, (counts.get(s.projectId) ?? 0) + 1);
  return counts;
}
