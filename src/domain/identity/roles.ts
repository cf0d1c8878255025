/**
 * Implied roles (keystone/assignment/core.py add_implied_roles): holding a prior role gives every
 * role it implies, transitively. Rules may form a cycle (Keystone stores any rule but the
 * prohibited ones); the expansion visits each role once.
 */
import { domainRoleMismatch, invalidImpliedRole } from './errors.js';

export interface ImpliedRule {
  prior_role_id: string;
  implied_role_id: string;
}

/** The role ids held through the given ones, themselves first, each once. */
export function impliedClosure(roleIds: readonly string[], rules: readonly ImpliedRule[]): string[] {
  const implies = new Map<string, string[]>();
  for (const r of rules) implies.set(r.prior_role_id, [...(implies.get(r.prior_role_id) ?? []), r.implied_role_id]);
  const out = new Set<string>(roleIds);
  const queue = [...roleIds];
  while (queue.length > 0) {
    for (const next of implies.get(queue.shift() as string) ?? []) {
      if (out.has(next)) continue;
      out.add(next);
      queue.push(next);
    }
  }
  return [...out];
}

/** Every role reached from one prior role through the rules, with the prior it came from, itself excluded. */
export function impliedBy(roleId: string, rules: readonly ImpliedRule[]): string[] {
  return impliedClosure([roleId], rules).filter((id) => id !== roleId);
}

interface RoleLike {
  id: string;
  name: string;
  domain_id: string | null;
}

/** keystone.conf [assignment] prohibited_implied_role (default: admin) */
export const PROHIBITED_IMPLIED_ROLES: readonly string[] = ['admin'];

/**
 * keystone/assignment/core.py create_implied_role: a prohibited role cannot be implied, and a
 * global role cannot imply a domain-specific one (403). Any other rule is allowed, a role
 * implying itself or a cycle included: the expansion visits each role once.
 */
export function assertImpliable(prior: RoleLike, implied: RoleLike): void {
  // a Forbidden (SecurityError): outside insecure_debug both refusals show the generic wording
  if (PROHIBITED_IMPLIED_ROLES.includes(implied.name) || (prior.domain_id === null && implied.domain_id !== null))
    throw invalidImpliedRole(implied.id);
}

/** create_grant: a domain-specific role is granted on projects of its own domain only (403). */
export function assertRoleFitsProject(role: RoleLike, project: { id: string; domain_id: string }): void {
  if (role.domain_id !== null && role.domain_id !== project.domain_id) throw domainRoleMismatch(role.id, project.id);
}
