/**
 * Network RBAC policies (neutron/db/rbac_db_mixin.py, neutron/db/external_net_db.py,
 * db_base_plugin_v2.validate_network_rbac_policy_change; Zed). A policy lets its target project
 * (or '*', everyone) see a network and, with access_as_shared, use it; access_as_external makes
 * the network external for its target. The networks' `shared` and `router:external` flags are kept
 * in step in the same transaction: `shared` is "a '*' access_as_shared policy exists",
 * `router:external` "an access_as_external policy exists".
 */
import type { RequestContext } from '../../domain/context.js';
import type { DbOrTrx } from '../../store/database.js';
import type { Runtime } from '../../runtime.js';
import * as repo from '../../store/repositories/network-rbac-repository.js';
import * as netRepo from '../../store/repositories/network-repository.js';
import type { RbacPolicyRow } from '../../store/repositories/network-rbac-repository.js';
import {
  duplicateRbacPolicy,
  invalidActionForType,
  invalidInput,
  invalidSharedSetting,
  rbacPolicyInUse,
  rbacPolicyNotFound,
} from '../../domain/ports/network-errors.js';
import { newUuid } from '../../lib/ids.js';
import { enforceNetworkQuota } from './quota-service.js';

export type { RbacPolicyRow } from '../../store/repositories/network-rbac-repository.js';

export const RBAC_OBJECT_TYPES = ['network'] as const;
export const RBAC_ACTIONS = ['access_as_shared', 'access_as_external'] as const;

/** Neutron's get_rbac_policy: admins see every policy, others the ones they own. */
const canSee = (ctx: RequestContext, p: RbacPolicyRow) => ctx.isAdmin || p.project_id === ctx.projectId;

export async function showRbacPolicy(rt: Runtime, ctx: RequestContext, id: string): Promise<RbacPolicyRow> {
  const p = await repo.findRbacPolicy(rt.store.db, id);
  if (!p || !canSee(ctx, p)) throw rbacPolicyNotFound(id);
  return p;
}

export interface RbacQuery {
  ids?: string[];
  projectIds?: string[];
  objectIds?: string[];
  actions?: string[];
  targetTenants?: string[];
  objectTypes?: string[];
}

export async function listRbacPoliciesFor(rt: Runtime, ctx: RequestContext, q: RbacQuery): Promise<RbacPolicyRow[]> {
  return repo.listRbacPolicies(rt.store.db, { ...q, ownedBy: ctx.isAdmin ? undefined : (ctx.projectId ?? '') });
}

export interface RbacSpec {
  projectId: string;
  objectType: string;
  objectId: string;
  action: string;
  targetTenant: string;
}

function validateTypeAndAction(objectType: string, action: string): void {
  if (!(RBAC_OBJECT_TYPES as readonly string[]).includes(objectType)) {
    throw invalidInput(`'${objectType}' is not a valid RBAC object type`);
  }
  if (!(RBAC_ACTIONS as readonly string[]).includes(action)) {
    throw invalidActionForType(action, objectType, RBAC_ACTIONS);
  }
}

/** Keeps the network's flags in step with its policies (within the caller's transaction). */
async function syncNetworkFlags(db: DbOrTrx, networkId: string, at: string): Promise<void> {
  const all = await repo.listRbacPolicies(db, { objectIds: [networkId] });
  const shared = all.some((p) => p.action === 'access_as_shared' && p.target_tenant === '*') ? 1 : 0;
  const external = all.some((p) => p.action === 'access_as_external') ? 1 : 0;
  const n = await netRepo.findNetwork(db, networkId);
  if (n && (n.shared !== shared || n.router_external !== external)) {
    await netRepo.updateNetwork(db, networkId, { shared, router_external: external, updated_at: at });
  }
}

/**
 * POST /rbac-policies. Only the network's owner or an admin may share it (Neutron's InvalidInput,
 * also for an unknown network); a duplicate (object, action, target) is refused by the table's
 * UNIQUE constraint, so concurrent duplicates admit exactly one; a network deleted meanwhile is
 * caught by the foreign key.
 */
export async function createRbacPolicy(rt: Runtime, ctx: RequestContext, spec: RbacSpec): Promise<RbacPolicyRow> {
  validateTypeAndAction(spec.objectType, spec.action);
  const at = rt.clock().toISOString();
  try {
    return await rt.store.transaction(async (trx) => {
      const n = await netRepo.findNetwork(trx, spec.objectId);
      if (!n) throw invalidInput(`Network ${spec.objectId} could not be found.`);
      if (!ctx.isAdmin && n.project_id !== ctx.projectId) {
        throw invalidInput('Only admins can manipulate policies on networks they do not own');
      }
      await enforceNetworkQuota(rt, trx, spec.projectId, { rbac_policy: 1 });
      const row: RbacPolicyRow = {
        id: newUuid(),
        project_id: spec.projectId,
        object_type: spec.objectType,
        object_id: spec.objectId,
        action: spec.action,
        target_tenant: spec.targetTenant,
        created_at: at,
      };
      await repo.insertRbacPolicy(trx, row);
      await syncNetworkFlags(trx, n.id, at);
      return row;
    });
  } catch (err) {
    if (rt.store.adapter.isUniqueViolation(err)) throw duplicateRbacPolicy();
    // the network was deleted between the lookup and the insert (PostgreSQL's read committed):
    // the answer is the one a create after the delete gets
    if (rt.store.adapter.isForeignKeyViolation(err)) throw invalidInput(`Network ${spec.objectId} could not be found.`);
    throw err;
  }
}

/**
 * What removing the access `p` gives would break: another project's ports on a network it may no
 * longer use, or another project's router gateways on a network that stops being external.
 */
async function checkRemovable(db: DbOrTrx, p: RbacPolicyRow): Promise<void> {
  const n = await netRepo.findNetwork(db, p.object_id);
  if (!n || p.target_tenant === n.project_id) return;
  if (p.action === 'access_as_shared') {
    if (await repo.portsDependOnSharing(db, n.id, n.project_id, p.target_tenant)) {
      throw rbacPolicyInUse(n.id, invalidSharedSetting(n.id).message);
    }
    return;
  }
  if ((await repo.countRbacPolicies(db, n.id, 'access_as_external')) === 1) {
    if (await repo.foreignGatewaysOn(db, n.id, n.project_id)) {
      throw rbacPolicyInUse(n.id, `External network ${n.id} is in use by other projects' router gateways.`);
    }
  }
}

/** PUT /rbac-policies/{id}: only target_tenant changes; the old target must not depend on it. */
export async function updateRbacPolicy(rt: Runtime, id: string, targetTenant: string): Promise<RbacPolicyRow> {
  const at = rt.clock().toISOString();
  try {
    return await rt.store.transaction(async (trx) => {
      const p = await repo.findRbacPolicy(trx, id);
      if (!p) throw rbacPolicyNotFound(id);
      if (p.target_tenant !== targetTenant) await checkRemovable(trx, p);
      await repo.updateRbacTarget(trx, id, targetTenant);
      await syncNetworkFlags(trx, p.object_id, at);
      return { ...p, target_tenant: targetTenant };
    });
  } catch (err) {
    if (rt.store.adapter.isUniqueViolation(err)) throw duplicateRbacPolicy();
    throw err;
  }
}

/** DELETE /rbac-policies/{id}: 409 RbacPolicyInUse while the target still depends on it. */
export async function deleteRbacPolicy(rt: Runtime, id: string): Promise<void> {
  const at = rt.clock().toISOString();
  await rt.store.transaction(async (trx) => {
    const p = await repo.findRbacPolicy(trx, id);
    if (!p) throw rbacPolicyNotFound(id);
    await checkRemovable(trx, p);
    await repo.deleteRbacPolicy(trx, id);
    await syncNetworkFlags(trx, p.object_id, at);
  });
}

/**
 * A network's `shared` / `router:external` flag set at create or update: Neutron adds or removes
 * the '*' policy it stands for. Turning sharing off while other projects' ports depend on it is
 * Neutron's 409 InvalidSharedSetting; turning external off removes every external policy.
 */
export async function applyNetworkFlags(
  db: DbOrTrx,
  n: { id: string; project_id: string },
  flags: { shared?: boolean; routerExternal?: boolean },
  at: string,
): Promise<void> {
  const wildcard = (action: string) => ({
    id: newUuid(),
    project_id: n.project_id,
    object_type: 'network',
    object_id: n.id,
    action,
    target_tenant: '*',
    created_at: at,
  });
  if (flags.shared === true) await repo.ensureRbacPolicy(db, wildcard('access_as_shared'));
  if (flags.shared === false) {
    if (await repo.portsDependOnSharing(db, n.id, n.project_id, '*')) throw invalidSharedSetting(n.id);
    await repo.deleteRbacPoliciesOf(db, n.id, 'access_as_shared', '*');
  }
  if (flags.routerExternal === true) await repo.ensureRbacPolicy(db, wildcard('access_as_external'));
  if (flags.routerExternal === false) await repo.deleteRbacPoliciesOf(db, n.id, 'access_as_external');
}
