/** Tables of migration 0018: server groups and their members. */

/** os-server-groups: a group's policy (affinity, anti-affinity, soft-*) and rules (JSON object) */
export interface ServerGroupsTable {
  id: string;
  project_id: string;
  user_id: string;
  name: string;
  policy: string;
  /** JSON object, {} or {"max_server_per_host": n} */
  rules: string;
  created_at: string;
}

/** a server created with the scheduler hint group=<id> */
export interface ServerGroupMembersTable {
  group_id: string;
  instance_uuid: string;
  created_at: string;
}
