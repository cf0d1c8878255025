/** Keystone's side APIs (migration 0022): credentials, access rules, OAuth1 consumers, domain
 * configuration, policies, OS-EP-FILTER. extra / filters / value: JSON text. */
export interface CredentialsTable {
  id: string;
  user_id: string;
  project_id: string | null;
  type: string;
  /** as the client sent it (a string; ec2 blobs are JSON text) */
  blob: string;
  extra: string;
  created_at: string;
}
/** id is what Keystone shows as the rule's id (its external_id) */
export interface AccessRulesTable {
  id: string;
  user_id: string;
  service: string;
  path: string;
  method: string;
  created_at: string;
}
export interface ApplicationCredentialAccessRulesTable {
  application_credential_id: string;
  access_rule_id: string;
  /** the order the create request listed them in */
  position: number;
}
export interface OAuth1ConsumersTable {
  id: string;
  description: string | null;
  secret: string;
  extra: string;
  created_at: string;
}
export interface DomainConfigsTable {
  domain_id: string;
  group_name: string;
  option_name: string;
  value: string;
  sensitive: number;
}
export interface PoliciesTable {
  id: string;
  type: string;
  blob: string;
  extra: string;
  created_at: string;
}
export interface EndpointGroupsTable {
  id: string;
  name: string;
  description: string | null;
  filters: string;
  created_at: string;
}
export interface ProjectEndpointGroupsTable {
  endpoint_group_id: string;
  project_id: string;
}
export interface ProjectEndpointsTable {
  endpoint_id: string;
  project_id: string;
}
