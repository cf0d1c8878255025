/** Keystone role assignment entries (keystone/api/role_assignments.py _format_entity). */
import type { AssignmentRow } from '../../../services/identity/identity-admin-service.js';
import type { AssignmentNames } from '../../../services/identity/role-assignment-service.js';

export interface AssignmentView {
  role: Record<string, unknown>;
  user?: Record<string, unknown>;
  group?: Record<string, unknown>;
  scope: Record<string, unknown>;
  /** prior_role: the grant an implied role's entry came from; membership: the group it came through */
  links: { assignment: string; prior_role?: string; membership?: string };
}

/** `group`: a group's own grant; `membership`: a member's entry through that group (effective). */
export function assignmentView(
  a: AssignmentRow,
  v3: string,
  names: AssignmentNames | null,
  via: { group?: string; membership?: string } = {},
): AssignmentView {
  const role: Record<string, unknown> = { id: a.role_id, ...(names?.role ?? {}) };
  const scope =
    a.project_id !== null
      ? { project: { id: a.project_id, ...(names?.project ?? {}) } }
      : { domain: { id: a.domain_id, ...(names?.domain ?? {}) } };
  const target = a.project_id !== null ? `projects/${a.project_id}` : `domains/${a.domain_id}`;
  if (via.group !== undefined)
    return {
      role,
      group: { id: via.group, ...(names?.group ?? {}) },
      scope,
      links: { assignment: `${v3}/${target}/groups/${via.group}/roles/${a.role_id}` },
    };
  const user: Record<string, unknown> = { id: a.user_id, ...(names?.user ?? {}) };
  if (via.membership !== undefined)
    return {
      role,
      user,
      scope,
      links: {
        assignment: `${v3}/${target}/groups/${via.membership}/roles/${a.role_id}`,
        membership: `${v3}/groups/${via.membership}/users/${a.user_id}`,
      },
    };
  return { role, user, scope, links: { assignment: `${v3}/${target}/users/${a.user_id}/roles/${a.role_id}` } };
}
