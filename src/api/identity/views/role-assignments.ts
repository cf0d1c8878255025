/** Keystone role assignment entries (keystone/api/role_assignments.py _format_entity). */
import type { AssignmentEntry, AssignmentNames } from '../../../services/identity/role-assignment-service.js';

export interface AssignmentView {
  role: Record<string, unknown>;
  user?: Record<string, unknown>;
  group?: Record<string, unknown>;
  scope: Record<string, unknown>;
  /** prior_role: the rule an implied role's entry came from; membership: the group it came through */
  links: { assignment: string; prior_role?: string; membership?: string };
}

/**
 * The link names the grant the entry stands for: the inherited grant it came from
 * (/OS-INHERIT/…/inherited_to_projects), the group grant, the prior role's grant.
 */
export function assignmentView(e: AssignmentEntry, v3: string, names: AssignmentNames | null): AssignmentView {
  const links: AssignmentView['links'] = { assignment: '' };
  let scope: Record<string, unknown>;
  let path: string;
  let inherited = e.inherited === true;
  if (e.projectId !== undefined) {
    scope = { project: { id: e.projectId, ...(names?.project ?? {}) } };
    if (e.indirect.domainId !== undefined) {
      inherited = true;
      path = `/domains/${e.indirect.domainId}`;
    } else if (e.indirect.projectId !== undefined) {
      inherited = true;
      path = `/projects/${e.indirect.projectId}`;
    } else path = `/projects/${e.projectId}`;
  } else if (e.domainId !== undefined) {
    scope = { domain: { id: e.domainId, ...(names?.domain ?? {}) } };
    path = `/domains/${e.domainId}`;
  } else {
    scope = { system: { all: true } };
    path = '/system';
  }
  const view: AssignmentView = { role: { id: e.roleId, ...(names?.role ?? {}) }, scope, links };
  if (e.userId !== undefined) {
    view.user = { id: e.userId, ...(names?.user ?? {}) };
    if (e.indirect.groupId !== undefined) {
      links.membership = `${v3}/groups/${e.indirect.groupId}/users/${e.userId}`;
      path += `/groups/${e.indirect.groupId}`;
    } else path += `/users/${e.userId}`;
  } else if (e.groupId !== undefined) {
    view.group = { id: e.groupId, ...(names?.group ?? {}) };
    path += `/groups/${e.groupId}`;
  }
  if (e.indirect.roleId !== undefined) {
    path += `/roles/${e.indirect.roleId}`;
    // Keystone's own (odd) link: /prior_role/{implied role}/implies/{prior role}
    links.prior_role = `${v3}/prior_role/${e.roleId}/implies/${e.indirect.roleId}`;
  } else path += `/roles/${e.roleId}`;
  if (inherited) {
    scope['OS-INHERIT:inherited_to'] = 'projects';
    path = `/OS-INHERIT${path}/inherited_to_projects`;
  }
  links.assignment = `${v3}${path}`;
  return view;
}
