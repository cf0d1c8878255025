/**
 * Nova's quotas (nova/quota.py DbQuotaDriver): one place that says what a project's (or a
 * user's) limit is, used by os-quota-sets, os-quota-class-sets, GET /limits and every check at
 * create. A limit comes from, most specific first: the user's row (project_user_quotas), the
 * project's row (quotas), the 'default' quota class (quota_classes), the configured default.
 */
import type { Runtime } from '../../runtime.js';
import type { DbOrTrx } from '../../store/database.js';
import { badRequest } from '../../domain/errors.js';
import { projectUsage } from '../../store/repositories/usage-queries.js';
import { countKeypairs } from '../../store/repositories/keypair-queries.js';
import { findProjectById } from '../../store/repositories/identity-repository.js';
import { countServerGroups } from '../../store/repositories/server-group-repository.js';
import {
  classLimits,
  deleteProjectLimits,
  deleteUserLimits,
  projectLimitRows,
  sumUserLimits,
  upsertClassLimit,
  upsertProjectLimit,
  upsertUserLimit,
  userLimitRows,
  userUsage,
  type LimitMap,
} from '../../store/repositories/quota-repository.js';

/** QUOTAS.resources: sorted, as Nova lists them */
export const QUOTA_RESOURCES = [
  'cores',
  'fixed_ips',
  'floating_ips',
  'injected_file_content_bytes',
  'injected_file_path_bytes',
  'injected_files',
  'instances',
  'key_pairs',
  'metadata_items',
  'ram',
  'security_group_rules',
  'security_groups',
  'server_group_members',
  'server_groups',
] as const;
export type QuotaResource = (typeof QUOTA_RESOURCES)[number];
export type QuotaSet = Record<QuotaResource, number>;

/** the class whose limits every project without its own row gets */
export const DEFAULT_CLASS = 'default';

/** the configured defaults ([quota] options; the network proxies are unlimited since Train) */
function configDefaults(rt: Runtime): QuotaSet {
  const q = rt.config.quotas;
  return {
    cores: q.cores,
    fixed_ips: -1,
    floating_ips: -1,
    injected_file_content_bytes: 10240,
    injected_file_path_bytes: 255,
    injected_files: 5,
    instances: q.instances,
    key_pairs: q.keyPairs,
    metadata_items: q.metadataItems,
    ram: q.ram,
    security_group_rules: -1,
    security_groups: -1,
    server_group_members: 10,
    server_groups: 10,
  };
}

const overlay = (base: QuotaSet, rows: LimitMap): QuotaSet => {
  const out = { ...base };
  for (const r of QUOTA_RESOURCES) {
    const v = rows.get(r);
    if (v !== undefined) out[r] = v;
  }
  return out;
};

/** GET os-quota-sets/{id}/defaults and os-quota-class-sets/{class}: config < the class's rows */
export async function classQuotas(rt: Runtime, className: string, db: DbOrTrx = rt.store.db): Promise<QuotaSet> {
  const base = overlay(configDefaults(rt), await classLimits(db, DEFAULT_CLASS));
  return className === DEFAULT_CLASS ? base : overlay(base, await classLimits(db, className));
}

/** the limits that apply to a project, or to one of its users when `userId` is given */
export async function effectiveQuotas(
  rt: Runtime,
  projectId: string,
  userId?: string | null,
  db: DbOrTrx = rt.store.db,
): Promise<QuotaSet> {
  const project = overlay(await classQuotas(rt, DEFAULT_CLASS, db), await projectLimitRows(db, projectId));
  return userId ? overlay(project, await userLimitRows(db, projectId, userId)) : project;
}

/** a user's own rows only (the ones create checks next to the project's) */
export const userOverrides = (rt: Runtime, projectId: string, userId: string, db: DbOrTrx = rt.store.db) =>
  userLimitRows(db, projectId, userId);

export interface QuotaDetail {
  limit: number;
  in_use: number;
  reserved: number;
}

/** what counts against each resource (Nova counts instances, cores, ram, key pairs and server groups) */
async function inUse(rt: Runtime, projectId: string, userId?: string | null): Promise<Partial<QuotaSet>> {
  const db = rt.store.db;
  const u = userId ? await userUsage(db, projectId, userId) : await projectUsage(db, projectId);
  return {
    instances: u.instances,
    cores: u.cores,
    ram: u.ram,
    key_pairs: userId ? await countKeypairs(db, userId) : 0,
    server_groups: await countServerGroups(db, projectId, userId ?? undefined),
  };
}

/** GET os-quota-sets/{id}/detail: limit, in_use and reserved (always 0 since Queens) */
export async function quotaDetail(
  rt: Runtime,
  projectId: string,
  userId?: string | null,
): Promise<Record<QuotaResource, QuotaDetail>> {
  const [limits, used] = await Promise.all([effectiveQuotas(rt, projectId, userId), inUse(rt, projectId, userId)]);
  const out = {} as Record<QuotaResource, QuotaDetail>;
  for (const r of QUOTA_RESOURCES) out[r] = { limit: limits[r], in_use: used[r] ?? 0, reserved: 0 };
  return out;
}

/** identity.verify_project_id: a project Keystone does not know is a 400 */
export async function verifyProject(rt: Runtime, projectId: string): Promise<void> {
  if (!(await findProjectById(rt.store.db, projectId))) {
    throw badRequest(`Project ID ${projectId} is not a valid project.`);
  }
}

const inf = (v: number) => (v === -1 ? Infinity : v);

/**
 * PUT os-quota-sets/{id}[?user_id=]: each value checked against Nova's settable range (unless
 * `force`), then all written (quota_sets.py update). Values are integers or digit strings.
 */
export async function updateQuotas(
  rt: Runtime,
  projectId: string,
  userId: string | null,
  values: Partial<Record<QuotaResource, number>>,
  force: boolean,
): Promise<QuotaSet> {
  const db = rt.store.db;
  if (!force) {
    const [project, sums, used] = await Promise.all([
      effectiveQuotas(rt, projectId),
      sumUserLimits(db, projectId),
      inUse(rt, projectId, userId),
    ]);
    const own = userId ? await userLimitRows(db, projectId, userId) : new Map<string, number>();
    for (const [resource, limit] of Object.entries(values) as Array<[QuotaResource, number]>) {
      const sum = sums.get(resource) ?? 0;
      let minimum: number;
      let maximum: number;
      if (userId) {
        // the project's remains (its limit less every user's) plus what this user has now
        const remains = project[resource] === -1 ? -1 : project[resource] - sum;
        maximum = remains === -1 ? -1 : remains + (own.get(resource) ?? 0);
        minimum = used[resource] ?? 0;
      } else {
        minimum = Math.max(sum, used[resource] ?? 0);
        maximum = -1;
      }
      if (inf(limit) < inf(minimum)) {
        throw badRequest(
          `Quota limit ${limit} for ${resource} must be greater than or equal to already used and reserved ${minimum}.`,
        );
      }
      if (inf(limit) > inf(maximum)) {
        throw badRequest(`Quota limit ${limit} for ${resource} must be less than or equal to ${maximum}.`);
      }
    }
  }
  await rt.store.transaction(async (trx) => {
    for (const [resource, limit] of Object.entries(values)) {
      if (userId) await upsertUserLimit(trx, projectId, userId, resource, limit);
      else await upsertProjectLimit(trx, projectId, resource, limit);
    }
  });
  return effectiveQuotas(rt, projectId, userId);
}

/** DELETE os-quota-sets/{id}[?user_id=]: back to the defaults */
export async function resetQuotas(rt: Runtime, projectId: string, userId: string | null): Promise<void> {
  if (userId) await deleteUserLimits(rt.store.db, projectId, userId);
  else await rt.store.transaction((trx) => deleteProjectLimits(trx, projectId));
}

/** PUT os-quota-class-sets/{class} */
export async function updateClassQuotas(
  rt: Runtime,
  className: string,
  values: Partial<Record<QuotaResource, number>>,
): Promise<QuotaSet> {
  // utils.check_string_length(id, 'quota_class_name', 1, 255) → InvalidInput
  if (className.length > 255) {
    throw badRequest(`Invalid input received: quota_class_name has ${className.length} characters, more than 255.`);
  }
  await rt.store.transaction(async (trx) => {
    for (const [resource, limit] of Object.entries(values)) await upsertClassLimit(trx, className, resource, limit);
  });
  return classQuotas(rt, className);
}
