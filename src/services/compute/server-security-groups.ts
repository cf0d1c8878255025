/**
 * addSecurityGroup / removeSecurityGroup (nova/api/openstack/compute/security_groups.py
 * SecurityGroupActionController, nova/network/security_group_api.py add_to_instance /
 * remove_from_instance). The group is looked up by name or id among the project's groups;
 * the instance records the names its views list.
 */
import type { Runtime } from '../../runtime.js';
import type { DbOrTrx } from '../../store/database.js';
import { badRequest, conflict, instanceNotFound } from '../../domain/errors.js';
import {
  allocationsOfPorts,
  listPorts,
  listSecurityGroups,
  updatePort,
  type SecurityGroupRow,
} from '../../store/repositories/network-repository.js';
import { listRules } from '../../store/repositories/security-group-repository.js';
import {
  instanceSecurityGroupsText,
  replaceInstanceSecurityGroups,
} from '../../store/repositories/instance-security-groups.js';
import { bindPortGroups, ensureDefaultSecurityGroup } from '../network/security-group-service.js';
import { securityGroupNotFoundForProject } from '../../domain/compute-errors.js';

/** The project's group with this name or id; 404 like SecurityGroupNotFound otherwise. */
export async function findProjectSecurityGroup(
  db: DbOrTrx,
  projectId: string,
  nameOrId: string,
  at: string,
): Promise<{ id: string; name: string } | null> {
  await ensureDefaultSecurityGroup(db, projectId, at);
  const [byId] = await listSecurityGroups(db, { ids: [nameOrId], projectIds: [projectId] });
  if (byId) return byId;
  const byName = await listSecurityGroups(db, { names: [nameOrId], projectIds: [projectId] });
  // neutronv20.find_resourceid_by_name_or_id: several groups of one name → NoUniqueMatch (409)
  if (byName.length > 1)
    throw conflict(`Multiple security groups found matching '${nameOrId}'. Use an ID to be more specific.`);
  return byName[0] ?? null;
}

export async function changeServerSecurityGroup(
  rt: Runtime,
  uuid: string,
  projectId: string,
  name: string,
  op: 'add' | 'remove',
): Promise<void> {
  const db = rt.store.db;
  const group = await findProjectSecurityGroup(db, projectId, name, rt.clock().toISOString());
  if (!group) throw securityGroupNotFoundForProject(name, projectId);
  for (;;) {
    const text = await instanceSecurityGroupsText(db, uuid);
    if (text === undefined) throw instanceNotFound(uuid);
    const current = JSON.parse(text) as string[];
    const has = current.includes(group.name);
    if (op === 'add' && has)
      throw badRequest(`Security group ${group.name} is already associated with the instance ${uuid}`);
    if (op === 'remove' && !has)
      throw badRequest(`Security group ${group.name} not associated with the instance ${uuid}`);
    const next = op === 'add' ? [...current, group.name] : current.filter((g) => g !== group.name);
    const at = rt.clock().toISOString();
    const done = await rt.store.transaction(async (trx) => {
      if (!(await replaceInstanceSecurityGroups(trx, uuid, text, next, at))) return false;
      await changePortGroups(trx, uuid, group.id, op, at);
      return true;
    });
    if (done) return;
  }
}

/**
 * security_group_api add_to_instance / remove_from_instance: the group joins (leaves) every port of
 * the instance that can carry groups (port security on and an address); other ports keep theirs.
 */
async function changePortGroups(
  trx: DbOrTrx,
  uuid: string,
  groupId: string,
  op: 'add' | 'remove',
  at: string,
): Promise<void> {
  const ports = await listPorts(trx, { deviceIds: [uuid] });
  const withIp = new Set(
    (
      await allocationsOfPorts(
        trx,
        ports.map((p) => p.id),
      )
    ).map((a) => a.port_id),
  );
  for (const p of ports) {
    const groups = JSON.parse(p.security_groups) as string[];
    if (op === 'add' && (p.port_security_enabled !== 1 || !withIp.has(p.id) || groups.includes(groupId))) continue;
    if (op === 'remove' && !groups.includes(groupId)) continue;
    const next = op === 'add' ? [...groups, groupId] : groups.filter((g) => g !== groupId);
    await updatePort(trx, p.id, { security_groups: JSON.stringify(next), updated_at: at });
    await bindPortGroups(trx, p.id, next);
  }
}

/** A group as Nova's security_group_api shows it (_convert_to_nova_security_group_format). */
export interface NovaSecurityGroup {
  id: string;
  name: string;
  description: string;
  tenant_id: string;
  rules: Array<{
    id: string;
    parent_group_id: string;
    ip_protocol: string | null;
    from_port: number | null;
    to_port: number | null;
    ip_range: { cidr?: string };
    group: { name?: string; tenant_id?: string };
  }>;
}

/**
 * GET /servers/{id}/os-security-groups (ServerSecurityGroupController.index with
 * get_instances_security_groups_bindings): the groups of the server's ports that the caller can
 * see, once per port that has them, with their ingress rules in Nova's format; sorted by
 * (tenant_id, name). A rule whose remote group the caller cannot see is left out.
 */
export async function serverSecurityGroups(
  rt: Runtime,
  ctx: { isAdmin: boolean; projectId: string | null },
  uuid: string,
): Promise<NovaSecurityGroup[]> {
  const db = rt.store.db;
  const ports = await listPorts(db, {
    deviceIds: [uuid],
    visibleTo: ctx.isAdmin ? undefined : (ctx.projectId ?? ''),
  });
  const perPort = ports.map((p) => JSON.parse(p.security_groups) as string[]);
  const ids = [...new Set(perPort.flat())];
  if (ids.length === 0) return [];
  const visibleGroups = (rows: SecurityGroupRow[]) =>
    ctx.isAdmin ? rows : rows.filter((g) => g.project_id === ctx.projectId);
  const groups = visibleGroups(await listSecurityGroups(db, { ids }));
  const rules = await listRules(db, { securityGroupIds: groups.map((g) => g.id), directions: ['ingress'] });
  const remoteIds = [...new Set(rules.map((r) => r.remote_group_id).filter((x): x is string => x !== null))];
  const remotes = new Map(
    visibleGroups(await listSecurityGroups(db, { ids: remoteIds })).map((g) => [
      g.id,
      { name: g.name, tenant_id: g.project_id },
    ]),
  );
  const byId = new Map(
    groups.map((g): [string, NovaSecurityGroup] => [
      g.id,
      {
        id: g.id,
        name: g.name,
        description: g.description,
        tenant_id: g.project_id,
        rules: rules
          .filter((r) => r.security_group_id === g.id)
          .filter((r) => r.remote_group_id === null || remotes.has(r.remote_group_id))
          .map((r) => {
            const noRange = r.protocol !== null && r.port_range_min === null && r.port_range_max === null;
            const allPorts = ['TCP', 'UDP'].includes((r.protocol ?? '').toUpperCase());
            const group = r.remote_group_id !== null ? remotes.get(r.remote_group_id) : undefined;
            return {
              id: r.id,
              parent_group_id: r.security_group_id,
              ip_protocol: r.protocol,
              from_port: noRange ? (allPorts ? 1 : -1) : r.port_range_min,
              to_port: noRange ? (allPorts ? 65535 : -1) : r.port_range_max,
              ip_range: group ? {} : { cidr: r.remote_ip_prefix ?? '0.0.0.0/0' },
              group: group ?? {},
            };
          }),
      },
    ]),
  );
  const out = perPort.flatMap((sgs) => sgs.map((id) => byId.get(id)).filter((g) => g !== undefined));
  const key = (g: NovaSecurityGroup) => [g.tenant_id, g.name] as const;
  return out.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0] !== y[0] ? (x[0] < y[0] ? -1 : 1) : x[1] === y[1] ? 0 : x[1] < y[1] ? -1 : 1;
  });
}
