/**
 * addSecurityGroup / removeSecurityGroup (nova/api/openstack/compute/security_groups.py
 * SecurityGroupActionController, nova/network/security_group_api.py add_to_instance /
 * remove_from_instance). The group is looked up by name or id among the project's groups;
 * the instance records the names its views list.
 */
import type { Runtime } from '../../runtime.js';
import type { DbOrTrx } from '../../store/database.js';
import { badRequest, conflict, instanceNotFound } from '../../domain/errors.js';
import { listSecurityGroups } from '../../store/repositories/network-repository.js';
import {
  instanceSecurityGroupsText,
  replaceInstanceSecurityGroups,
} from '../../store/repositories/instance-security-groups.js';
import { ensureDefaultSecurityGroup } from '../network/security-group-service.js';
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
    if (await replaceInstanceSecurityGroups(db, uuid, text, next, rt.clock().toISOString())) return;
  }
}
