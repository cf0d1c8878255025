/** Keystone role assignment entries (keystone/api/role_assignments.py _format_entity). */
import type { AssignmentRow } from '../../../services/identity/identity-admin-service.js';
import type { AssignmentNames } from '../../../services/identity/role-assignment-service.js';

export interface AssignmentView {
  role: Record<string, unknown>;
  user: Record<string, unknown>;
  scope: Record<string, unknown>;
  /** prior_role: the grant an implied role's entry came from */
  links: { assignment: string; prior_role?: string };
}

export function assignmentView(a: AssignmentRow, v3: string, names: AssignmentNames | null): AssignmentView {
  const role: Record<string, unknown> = { id: a.role_id, ...(names?.role ?? {}) };
  const user: Record<string, unknown> = { id: a.user_id, ...(names?.user ?? {}) };
  const scope =
    a.project_id !== null
      ? { project: { id: a.project_id, ...(names?.project ?? {}) } }
      : { domain: { id: a.domain_id, ...(names?.domain ?? {}) } };
  const target = a.project_id !== null ? `projects/${a.project_id}` : `domains/${a.domain_id}`;
  return { role, user, scope, links: { assignment: `${v3}/${target}/users/${a.user_id}/roles/${a.role_id}` } };
}
