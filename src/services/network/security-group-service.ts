/**
 * Security groups and their rules (neutron/db/securitygroups_db.py, Zed). Each project's
 * 'default' group is created on first need with its default rules; its id is derived from the
 * project id, so two requests creating it at once insert the same row and one no-ops. Duplicate
 * rules are refused by UNIQUE(security_group_id, rule_key); a group a port uses is kept by the
 * bindings' foreign key.
 */
import { createHash } from 'node:crypto';
import type { DbOrTrx } from '../../store/database.js';
import * as repo from '../../store/repositories/network-repository.js';
import * as sgRepo from '../../store/repositories/security-group-repository.js';
import type { SecurityGroupRow, SecurityGroupRuleRow } from '../../store/repositories/security-group-repository.js';
import {
  addressGroupNotFound,
  duplicateSecurityGroupRuleInPost,
  revisionNumberConstraintFailed,
  securityGroupCannotRemoveDefault,
  securityGroupCannotUpdateDefault,
  securityGroupInUse,
  securityGroupNotFound,
  securityGroupNotSingleGroupRules,
  securityGroupRulesNotSingleProject,
  securityGroupRuleExists,
  securityGroupRuleNotFound,
} from '../../domain/ports/network-errors.js';
import { initialRules, ruleKey, validateRule, type NormalizedRule } from '../../domain/ports/security-group-rules.js';
import type { RequestContext } from '../../domain/context.js';
import type { Runtime } from '../../runtime.js';
import { newUuid } from '../../lib/ids.js';
import { retryOnConflict } from './retry.js';
import { enforceNetworkQuota } from './quota-service.js';

export type { SecurityGroupRow, SecurityGroupRuleRow } from '../../store/repositories/security-group-repository.js';

/** A group with its rules, as the API shows it. */
export type SecurityGroupWithRules = SecurityGroupRow & { rules: SecurityGroupRuleRow[] };

export function defaultSecurityGroupId(projectId: string): string {
  const h = createHash('sha1').update(`stackbox:default-security-group:${projectId}`).digest('hex');
  // shaped as a version-5 UUID
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

async function insertInitialRules(db: DbOrTrx, g: SecurityGroupRow, isDefault: boolean, at: string): Promise<void> {
  for (const r of initialRules(g.id, isDefault)) await insertRuleRow(db, g.id, g.project_id, r, '', at);
}

async function insertRuleRow(
  db: DbOrTrx,
  groupId: string,
  projectId: string,
  r: NormalizedRule,
  description: string,
  at: string,
): Promise<SecurityGroupRuleRow | null> {
  const row: SecurityGroupRuleRow = {
    id: newUuid(),
    security_group_id: groupId,
    project_id: projectId,
    direction: r.direction,
    ethertype: r.ethertype,
    protocol: r.protocol,
    port_range_min: r.portRangeMin,
    port_range_max: r.portRangeMax,
    remote_ip_prefix: r.remoteIpPrefix,
    remote_group_id: r.remoteGroupId,
    remote_address_group_id: r.remoteAddressGroupId,
    description,
    rule_key: ruleKey(groupId, r),
    created_at: at,
    updated_at: at,
    revision_number: 0,
  };
  return (await sgRepo.insertRule(db, row)) ? row : null;
}

/**
 * The project's default group, created with its rules when missing. `at`: the runtime clock's
 * time. Inside the caller's transaction when it passes one; the rules follow the group's insert.
 */
export async function ensureDefaultSecurityGroup(db: DbOrTrx, projectId: string, at: string): Promise<string> {
  const id = defaultSecurityGroupId(projectId);
  const row: SecurityGroupRow = {
    id,
    name: 'default',
    project_id: projectId,
    description: 'Default security group',
    created_at: at,
    updated_at: at,
    stateful: 1,
    revision_number: 0,
  };
  // the group and its rules commit together: a crash in between must not leave a rule-less default
  if (!db.isTransaction) {
    if (await sgRepo.findSecurityGroup(db, id)) return id;
    return db.transaction().execute((trx) => ensureDefaultSecurityGroup(trx, projectId, at));
  }
  if (await sgRepo.insertSecurityGroup(db, row)) await insertInitialRules(db, row, true, at);
  return id;
}

/** ensureDefaultSecurityGroup for a request, in its own transaction. */
async function ensureDefault(rt: Runtime, projectId: string | null): Promise<void> {
  if (!projectId) return;
  await ensureDefaultSecurityGroup(rt.store.db, projectId, rt.clock().toISOString());
}

/**
 * A port's groups (Neutron's _get_security_groups_on_port): every id must be one of the port
 * project's groups, else SecurityGroupNotFound naming the missing ones. Returns them deduplicated.
 */
export async function checkSecurityGroups(
  db: DbOrTrx,
  projectId: string,
  ids: string[],
  at: string,
): Promise<string[]> {
  if (ids.length === 0) return ids;
  await ensureDefaultSecurityGroup(db, projectId, at);
  const found = await repo.listSecurityGroups(db, { ids, projectIds: [projectId] });
  const missing = [...new Set(ids.filter((id) => !found.some((g) => g.id === id)))];
  if (missing.length > 0) throw securityGroupNotFound(missing.join(', '));
  return [...new Set(ids)];
}

async function withRules(db: DbOrTrx, groups: SecurityGroupRow[]): Promise<SecurityGroupWithRules[]> {
  if (groups.length === 0) return [];
  const rules = await sgRepo.listRules(db, { securityGroupIds: groups.map((g) => g.id) });
  return groups.map((g) => ({ ...g, rules: rules.filter((r) => r.security_group_id === g.id) }));
}

export interface SecurityGroupQuery {
  ids?: string[];
  names?: string[];
  descriptions?: string[];
  projectIds?: string[];
  stateful?: number;
}

/** GET /security-groups: the caller's groups (any project's for admin, narrowed by projectIds). */
export async function listSecurityGroupsFor(
  rt: Runtime,
  ctx: RequestContext,
  q: SecurityGroupQuery,
): Promise<SecurityGroupWithRules[]> {
  const db = rt.store.db;
  // Neutron creates the default group when a project first lists its groups
  await ensureDefault(rt, ctx.projectId);
  let rows = await repo.listSecurityGroups(db, {
    ids: q.ids,
    names: q.names,
    projectIds: q.projectIds,
  });
  if (!ctx.isAdmin) rows = rows.filter((g) => g.project_id === ctx.projectId);
  if (q.descriptions) rows = rows.filter((g) => q.descriptions?.includes(g.description));
  if (q.stateful !== undefined) rows = rows.filter((g) => g.stateful === q.stateful);
  return withRules(db, rows);
}

/** One group of the caller's project (any for admin), else SecurityGroupNotFound. */
export async function showSecurityGroup(rt: Runtime, ctx: RequestContext, id: string): Promise<SecurityGroupWithRules> {
  const db = rt.store.db;
  await ensureDefault(rt, ctx.projectId);
  const g = await sgRepo.findSecurityGroup(db, id);
  if (!g || (!ctx.isAdmin && g.project_id !== ctx.projectId)) throw securityGroupNotFound(id);
  const [out] = await withRules(db, [g]);
  return out ?? { ...g, rules: [] };
}

export interface SecurityGroupSpec {
  projectId: string;
  name?: string;
  description?: string;
  stateful?: boolean;
}

/** POST /security-groups (also bulk): each group with its egress rules, all in one transaction. */
export async function createSecurityGroupsFor(
  rt: Runtime,
  specs: SecurityGroupSpec[],
): Promise<SecurityGroupWithRules[]> {
  const store = rt.store;
  // Neutron ensures the project's default group before creating another
  for (const p of new Set(specs.map((s) => s.projectId))) await ensureDefault(rt, p);
  const ids = await store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    // the groups count against security_group (Neutron's quota hook), then their egress rules
    // against security_group_rule (the plugin's own check), one after the other
    for (const p of new Set(specs.map((s) => s.projectId))) {
      const n = specs.filter((s) => s.projectId === p).length;
      await enforceNetworkQuota(rt, trx, p, { security_group: n });
      await enforceNetworkQuota(rt, trx, p, { security_group_rule: n * initialRules('', false).length });
    }
    const out: string[] = [];
    for (const s of specs) {
      const row: SecurityGroupRow = {
        id: newUuid(),
        name: s.name ?? '',
        project_id: s.projectId,
        description: s.description ?? '',
        created_at: at,
        updated_at: at,
        stateful: s.stateful === false ? 0 : 1,
        revision_number: 0,
      };
      await sgRepo.insertSecurityGroup(trx, row);
      await insertInitialRules(trx, row, false, at);
      out.push(row.id);
    }
    return out;
  });
  const rows = await repo.listSecurityGroups(store.db, { ids });
  // in the order of the request (equal created_at and random ids would shuffle them)
  return withRules(
    store.db,
    ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is SecurityGroupRow => r !== undefined),
  );
}

export interface SecurityGroupChanges {
  name?: string;
  description?: string;
  stateful?: boolean;
}

/** PUT /security-groups/{id}; `ifMatch`: the revision the caller expects (If-Match header). */
export async function updateSecurityGroupFor(
  rt: Runtime,
  g: SecurityGroupRow,
  c: SecurityGroupChanges,
  ifMatch?: number,
): Promise<SecurityGroupWithRules> {
  const store = rt.store;
  if (g.name === 'default' && c.name !== undefined) throw securityGroupCannotUpdateDefault();
  const stateful = c.stateful === undefined ? undefined : c.stateful ? 1 : 0;
  if (stateful !== undefined && stateful !== g.stateful && (await sgRepo.securityGroupInUse(store.db, g.id)))
    throw securityGroupInUse(g.id);
  const patch: Partial<SecurityGroupRow> = { updated_at: rt.clock().toISOString() };
  if (c.name !== undefined) patch.name = c.name;
  if (c.description !== undefined) patch.description = c.description;
  if (stateful !== undefined) patch.stateful = stateful;
  if (!(await sgRepo.updateSecurityGroup(store.db, g.id, patch, ifMatch))) {
    const now = await sgRepo.findSecurityGroup(store.db, g.id);
    if (!now) throw securityGroupNotFound(g.id);
    throw revisionNumberConstraintFailed(ifMatch ?? 0, now.revision_number);
  }
  const updated = await sgRepo.findSecurityGroup(store.db, g.id);
  if (!updated) throw securityGroupNotFound(g.id);
  const [out] = await withRules(store.db, [updated]);
  return out ?? { ...updated, rules: [] };
}

/**
 * DELETE /security-groups/{id}: 409 SecurityGroupInUse while a port uses it (a port bound at the
 * same moment fails the delete on the bindings' foreign key; the retry then answers 409); the
 * default group only by an admin.
 */
export async function deleteSecurityGroupFor(
  rt: Runtime,
  ctx: RequestContext,
  g: SecurityGroupRow,
  ifMatch?: number,
): Promise<void> {
  const store = rt.store;
  await retryOnConflict(store.adapter, () =>
    store.transaction(async (trx) => {
      if (await sgRepo.securityGroupInUse(trx, g.id)) throw securityGroupInUse(g.id);
      if (g.name === 'default' && !ctx.isAdmin) throw securityGroupCannotRemoveDefault();
      if (!(await sgRepo.deleteSecurityGroup(trx, g.id, ifMatch))) {
        const now = await sgRepo.findSecurityGroup(trx, g.id);
        if (!now) throw securityGroupNotFound(g.id);
        throw revisionNumberConstraintFailed(ifMatch ?? 0, now.revision_number);
      }
    }),
  );
}

// ---- rules

/** The rule's owner and its group's owner: what the rule policies look at. */
export interface RuleWithGroup {
  rule: SecurityGroupRuleRow;
  groupProjectId: string;
}

export interface RuleQuery {
  ids?: string[];
  securityGroupIds?: string[];
  projectIds?: string[];
  directions?: string[];
  ethertypes?: string[];
  protocols?: string[];
  remoteGroupIds?: string[];
  remoteIpPrefixes?: string[];
  descriptions?: string[];
}

/** GET /security-group-rules: the rules of the caller's groups and its own rules (all for admin). */
export async function listRulesFor(rt: Runtime, ctx: RequestContext, q: RuleQuery): Promise<SecurityGroupRuleRow[]> {
  await ensureDefault(rt, ctx.projectId);
  return sgRepo.listRules(rt.store.db, { ...q, visibleTo: ctx.isAdmin ? undefined : (ctx.projectId ?? '') });
}

/** One rule the caller may see (admin, its owner, or its group's owner), else SecurityGroupRuleNotFound. */
export async function showRule(rt: Runtime, ctx: RequestContext, id: string): Promise<RuleWithGroup> {
  const db = rt.store.db;
  const rule = await sgRepo.findRule(db, id);
  const group = rule ? await sgRepo.findSecurityGroup(db, rule.security_group_id) : undefined;
  if (!rule || !group || !(ctx.isAdmin || rule.project_id === ctx.projectId || group.project_id === ctx.projectId)) {
    throw securityGroupRuleNotFound(id);
  }
  return { rule, groupProjectId: group.project_id };
}

export interface RuleSpec {
  projectId: string;
  securityGroupId: string;
  description?: string;
  rule: NormalizedRule;
}

/**
 * POST /security-group-rules (one or bulk, all of one group and project as Neutron demands):
 * validated, the remote and owning groups checked against the rule's project, then inserted in one
 * transaction. A duplicate (in the request or in the database, also one committed concurrently)
 * is refused by the key; the whole request then writes nothing.
 */
export async function createRulesFor(
  rt: Runtime,
  ctx: RequestContext,
  specs: RuleSpec[],
): Promise<SecurityGroupRuleRow[]> {
  const store = rt.store;
  // _validate_single_project_and_group
  if (new Set(specs.map((s) => s.securityGroupId)).size > 1) throw securityGroupNotSingleGroupRules();
  if (new Set(specs.map((s) => s.projectId)).size > 1) throw securityGroupRulesNotSingleProject();
  const rules = specs.map((s) => ({ ...s, rule: validateRule(s.rule) }));
  for (const p of new Set(specs.map((s) => s.projectId))) await ensureDefault(rt, p);
  const db = store.db;
  // _check_security_group: a group of the rule's project (admin: any group)
  const visibleGroup = async (id: string, projectId: string) => {
    const g = await sgRepo.findSecurityGroup(db, id);
    if (!g || (!ctx.isAdmin && g.project_id !== projectId)) throw securityGroupNotFound(id);
    return g;
  };
  for (const s of rules) {
    if (s.rule.remoteGroupId !== null) await visibleGroup(s.rule.remoteGroupId, s.projectId);
    // no address groups are served: any remote_address_group_id names a missing one
    if (s.rule.remoteAddressGroupId !== null) throw addressGroupNotFound(s.rule.remoteAddressGroupId);
    await visibleGroup(s.securityGroupId, s.projectId);
  }
  const keys = rules.map((s) => ruleKey(s.securityGroupId, s.rule));
  if (new Set(keys).size !== keys.length) throw duplicateSecurityGroupRuleInPost();
  return retryOnConflict(store.adapter, () =>
    store.transaction(async (trx) => {
      const at = rt.clock().toISOString();
      await enforceNetworkQuota(rt, trx, rules[0]?.projectId ?? '', { security_group_rule: rules.length });
      const out: SecurityGroupRuleRow[] = [];
      for (const [i, s] of rules.entries()) {
        const row = await insertRuleRow(trx, s.securityGroupId, s.projectId, s.rule, s.description ?? '', at);
        if (!row) {
          const winner = await sgRepo.findRuleByKey(trx, s.securityGroupId, keys[i] ?? '');
          throw securityGroupRuleExists(winner?.id ?? '');
        }
        out.push(row);
      }
      for (const g of new Set(rules.map((s) => s.securityGroupId))) await sgRepo.bumpSecurityGroup(trx, g, at);
      return out;
    }),
  );
}

/** DELETE /security-group-rules/{id}; the group's revision moves with it. */
export async function deleteRuleFor(rt: Runtime, rule: SecurityGroupRuleRow): Promise<void> {
  const store = rt.store;
  await store.transaction(async (trx) => {
    if (!(await sgRepo.deleteRule(trx, rule.id))) throw securityGroupRuleNotFound(rule.id);
    await sgRepo.bumpSecurityGroup(trx, rule.security_group_id, rt.clock().toISOString());
  });
}

/** Binds a new port (no bindings yet) to its groups. */
export async function bindNewPortGroups(db: DbOrTrx, portId: string, groupIds: string[]): Promise<void> {
  await sgRepo.insertPortSecurityGroupBindings(db, portId, groupIds);
}

/** Binds a port to its groups (the JSON list on the port row is written by the caller). */
export async function bindPortGroups(db: DbOrTrx, portId: string, groupIds: string[]): Promise<void> {
  await sgRepo.bindPortSecurityGroups(db, portId, groupIds);
}
