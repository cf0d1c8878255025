/** Keystone tables. Booleans are 0/1 integers and times ISO text on every database. */
export interface DomainsTable {
  id: string;
  name: string;
  description: string;
  enabled: number;
  created_at: string;
}
export interface ProjectsTable {
  id: string;
  name: string;
  domain_id: string;
  description: string;
  enabled: number;
  parent_id: string | null;
  created_at: string;
}
export interface UsersTable {
  id: string;
  name: string;
  domain_id: string;
  password_hash: string | null;
  enabled: number;
  email: string | null;
  description: string | null;
  default_project_id: string | null;
  password_expires_at: string | null;
  created_at: string;
}
export interface RolesTable {
  id: string;
  name: string;
  domain_id: string | null;
  description: string | null;
}
/** A role granted to a user on a project (project_id) or on a domain (domain_id); exactly one is set. */
export interface RoleAssignmentsTable {
  id: string;
  user_id: string;
  role_id: string;
  project_id: string | null;
  domain_id: string | null;
}
/** Revocation events: a token id, or every token of a user issued before a time. */
export interface TokenRevocationsTable {
  id: string;
  token_id: string | null;
  user_id: string | null;
  project_id: string | null;
  issued_before: string;
  expires_at: string;
  created_at: string;
}
export interface SettingsTable {
  key: string;
  value: string;
}
/** Keystone project tags, one row per tag. */
export interface ProjectTagsTable {
  project_id: string;
  name: string;
}
/** Keystone's "extra" properties (JSON object text) of a project or user (kind 'project' | 'user'). */
export interface IdentityExtrasTable {
  kind: string;
  id: string;
  data: string;
}
/** Consecutive failed password attempts of a user and when the last one was (login lockout). */
export interface UserLockoutsTable {
  user_id: string;
  failed_auth_count: number;
  failed_auth_at: string;
}
/** Keystone groups: a name unique within the domain. */
export interface GroupsTable {
  id: string;
  name: string;
  domain_id: string;
  description: string | null;
  created_at: string;
}
export interface GroupMembershipsTable {
  group_id: string;
  user_id: string;
}
/** A role granted to a group on a project (project_id) or a domain (domain_id); exactly one is set. */
export interface GroupRoleAssignmentsTable {
  id: string;
  group_id: string;
  role_id: string;
  project_id: string | null;
  domain_id: string | null;
}
/** A role inference rule: holding the prior role gives the implied one too. */
export interface ImpliedRolesTable {
  prior_role_id: string;
  implied_role_id: string;
}
/** A role granted to a user (user_id) or a group (group_id) on the system; exactly one is set. */
export interface SystemRoleAssignmentsTable {
  id: string;
  user_id: string | null;
  group_id: string | null;
  role_id: string;
}
/**
 * OS-INHERIT: a role granted to a user or a group on a domain or a project, held on every project
 * below it (not on the domain or project itself).
 */
export interface InheritedRoleAssignmentsTable {
  id: string;
  user_id: string | null;
  group_id: string | null;
  role_id: string;
  project_id: string | null;
  domain_id: string | null;
}
/**
 * A user's application credential on a project: roles ([{id, name, domain_id, description}]) and access rules
 * as JSON text, the secret hashed, expires_at null for never.
 */
export interface ApplicationCredentialsTable {
  id: string;
  name: string;
  user_id: string;
  project_id: string;
  description: string | null;
  secret_hash: string;
  expires_at: string | null;
  /** null when the create request did not say (Keystone shows null then) */
  unrestricted: number | null;
  roles: string;
  access_rules: string;
  created_at: string;
}

/** Every password a user has had; the newest is the current one (security compliance history). */
export interface UserPasswordsTable {
  id: string;
  user_id: string;
  seq: number;
  password_hash: string;
  created_at: string;
  self_service: number;
}
