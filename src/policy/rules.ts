/**
 * Default policy rules, by service, with the upstream rule names. Each rule names one of the base
 * checks below; `check()` in check.ts is the only place that evaluates them.
 */
import { volumeRules } from './volume-rules.js';
export type BaseRule =
  | 'ANY' // '@': any authenticated caller
  | 'ADMIN' // role:admin
  | 'SERVICE_OR_ADMIN' // role:service or role:admin
  | 'PROJECT_READER_OR_ADMIN' // (role:reader and project_id:%(project_id)s) or role:admin
  | 'PROJECT_MEMBER_OR_ADMIN' // (role:member and project_id:%(project_id)s) or role:admin
  | 'ADMIN_OR_OWNER' // role:admin or project_id:%(project_id)s (legacy / Mogan)
  | 'USER_OR_ADMIN' // role:admin or user_id:%(user_id)s
  | 'OWNER' // user_id:%(user_id)s (Keystone's rule:owner alone)
  | 'ADMIN_OR_SCOPE_DOMAIN' // role:admin or token.(project.)domain.id:%(target.domain.id)s
  | 'ADMIN_OR_TOKEN_SUBJECT' // role:admin or user_id:%(target.token.user_id)s
  | 'SERVICE_ADMIN_OR_TOKEN_SUBJECT' // role:admin or role:service or user_id:%(target.token.user_id)s
  | 'ADMIN_OR_SHARED_MEMBER' // role:admin or (role:member and project_id:%(member_id)s) (Glance)
  | 'ADMIN_OR_PROJECT_READER_OR_SHARED_MEMBER'; // role:admin or role:reader and (project_id:%(project_id)s or project_id:%(member_id)s)

export const computeRules: Record<string, BaseRule> = {
  'os_compute_api:servers:index': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:servers:detail': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:servers:index:get_all_tenants': 'ADMIN',
  'os_compute_api:servers:detail:get_all_tenants': 'ADMIN',
  'os_compute_api:servers:allow_all_filters': 'ADMIN',
  'os_compute_api:servers:show': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:servers:show:host_status': 'ADMIN',
  'os_compute_api:servers:create': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:servers:create:forced_host': 'ADMIN',
  'os_compute_api:servers:create:zero_disk_flavor': 'ADMIN',
  'os_compute_api:servers:update': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:servers:delete': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:servers:start': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:servers:stop': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:servers:reboot': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:servers:rebuild': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-deferred-delete:restore': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-deferred-delete:force': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-lock-server:lock': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-pause-server:pause': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-pause-server:unpause': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-suspend-server:suspend': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-suspend-server:resume': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-admin-actions:reset_state': 'ADMIN',
  'os_compute_api:servers:resize': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:servers:create_image': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:servers:confirm_resize': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:servers:revert_resize': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-lock-server:unlock': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-lock-server:unlock:unlock_override': 'ADMIN',
  'os_compute_api:os-extended-server-attributes': 'ADMIN',
  'os_compute_api:os-server-tags:index': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-server-tags:show': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-server-tags:update': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-server-tags:update_all': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-server-tags:delete': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-server-tags:delete_all': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:server-metadata:index': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:server-metadata:show': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:server-metadata:create': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:server-metadata:update': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:server-metadata:update_all': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:server-metadata:delete': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:ips:index': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:ips:show': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-attach-interfaces:list': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-attach-interfaces:show': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-attach-interfaces:create': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-attach-interfaces:delete': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-virtual-interfaces': 'ADMIN_OR_OWNER',
  'os_compute_api:extensions': 'ANY',
  'os_compute_api:os-server-external-events:create': 'SERVICE_OR_ADMIN',
  'os_compute_api:os-instance-actions:list': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-instance-actions:show': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-instance-actions:events': 'ADMIN',
  'os_compute_api:os-instance-actions:events:details': 'ADMIN',
  'os_compute_api:os-flavor-manage:create': 'ADMIN',
  'os_compute_api:os-flavor-manage:update': 'ADMIN',
  'os_compute_api:os-flavor-manage:delete': 'ADMIN',
  'os_compute_api:os-flavor-extra-specs:index': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-flavor-extra-specs:show': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-flavor-extra-specs:create': 'ADMIN',
  'os_compute_api:os-flavor-extra-specs:update': 'ADMIN',
  'os_compute_api:os-flavor-extra-specs:delete': 'ADMIN',
  'os_compute_api:os-flavor-access': 'ADMIN',
  'os_compute_api:os-flavor-access:add_tenant_access': 'ADMIN',
  'os_compute_api:os-flavor-access:remove_tenant_access': 'ADMIN',
  'os_compute_api:os-hypervisors:list': 'ADMIN',
  'os_compute_api:os-hypervisors:list-detail': 'ADMIN',
  'os_compute_api:os-hypervisors:show': 'ADMIN',
  'os_compute_api:os-hypervisors:statistics': 'ADMIN',
  'os_compute_api:os-availability-zone:list': 'ANY',
  'os_compute_api:os-availability-zone:detail': 'ADMIN',
  'os_compute_api:limits': 'ANY',
  'os_compute_api:limits:other_project': 'ADMIN',
  'os_compute_api:os-quota-sets:show': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-quota-sets:detail': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-quota-sets:defaults': 'ANY',
  'os_compute_api:os-quota-sets:update': 'ADMIN',
  'os_compute_api:os-quota-sets:delete': 'ADMIN',
  'os_compute_api:os-quota-class-sets:show': 'ADMIN',
  'os_compute_api:os-quota-class-sets:update': 'ADMIN',
  'os_compute_api:os-services:list': 'ADMIN',
  'os_compute_api:os-services:update': 'ADMIN',
  'os_compute_api:os-services:delete': 'ADMIN',
  'os_compute_api:os-aggregates:index': 'ADMIN',
  'os_compute_api:os-aggregates:create': 'ADMIN',
  'os_compute_api:os-aggregates:show': 'ADMIN',
  'os_compute_api:os-aggregates:update': 'ADMIN',
  'os_compute_api:os-aggregates:delete': 'ADMIN',
  'os_compute_api:os-aggregates:add_host': 'ADMIN',
  'os_compute_api:os-aggregates:remove_host': 'ADMIN',
  'os_compute_api:os-aggregates:set_metadata': 'ADMIN',
  'os_compute_api:os-simple-tenant-usage:list': 'ADMIN',
  'os_compute_api:os-simple-tenant-usage:show': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-server-groups:index': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-server-groups:index:all_projects': 'ADMIN',
  'os_compute_api:os-server-groups:show': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-server-groups:create': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-server-groups:delete': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-keypairs:index': 'USER_OR_ADMIN',
  'os_compute_api:os-keypairs:show': 'USER_OR_ADMIN',
  'os_compute_api:os-keypairs:create': 'USER_OR_ADMIN',
  'os_compute_api:os-keypairs:delete': 'USER_OR_ADMIN',
  'os_compute_api:os-console-output': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-security-groups:add': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-floating-ips:add': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-floating-ips:remove': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-security-groups:remove': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-security-groups:list': 'PROJECT_READER_OR_ADMIN',
  // the proxies below 2.36 (nova/policies/security_groups.py, networks.py, tenant_networks.py)
  'os_compute_api:os-security-groups:get': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-security-groups:show': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-security-groups:create': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-security-groups:update': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-security-groups:delete': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-security-groups:rule:create': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-security-groups:rule:delete': 'PROJECT_MEMBER_OR_ADMIN',
  'os_compute_api:os-networks:list': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-networks:show': 'PROJECT_READER_OR_ADMIN',
  // PROJECT_READER, or-ed with its deprecated admin-or-owner rule (enforce_new_defaults=False)
  'os_compute_api:os-tenant-networks:list': 'PROJECT_READER_OR_ADMIN',
  'os_compute_api:os-tenant-networks:show': 'PROJECT_READER_OR_ADMIN',
  'network:attach_external_network': 'ADMIN',
};

export const baremetalComputeRules: Record<string, BaseRule> = {
  'mogan:instance:get': 'ADMIN_OR_OWNER',
  'mogan:instance:get_states': 'ADMIN_OR_OWNER',
  'mogan:instance:create': 'ANY',
  'mogan:instance:delete': 'ADMIN_OR_OWNER',
  'mogan:instance:update': 'ADMIN_OR_OWNER',
  'mogan:instance:set_power_state': 'ADMIN_OR_OWNER',
  'mogan:instance:set_lock_state': 'ADMIN_OR_OWNER',
  'mogan:instance:get_networks': 'ADMIN_OR_OWNER',
};

export const identityRules: Record<string, BaseRule> = {
  // keystone's default also lets a token scoped to the project read it (project_id:%(target.project.id)s)
  'identity:get_project': 'ADMIN_OR_OWNER',
  'identity:list_projects': 'ADMIN',
  'identity:create_project': 'ADMIN',
  'identity:update_project': 'ADMIN',
  'identity:delete_project': 'ADMIN',
  'identity:get_user': 'USER_OR_ADMIN',
  'identity:list_users': 'ADMIN',
  'identity:create_user': 'ADMIN',
  'identity:update_user': 'ADMIN',
  'identity:delete_user': 'ADMIN',
  'identity:list_user_projects': 'USER_OR_ADMIN',
  'identity:get_role': 'ADMIN',
  'identity:list_roles': 'ADMIN',
  'identity:create_role': 'ADMIN',
  'identity:update_role': 'ADMIN',
  'identity:delete_role': 'ADMIN',
  'identity:create_grant': 'ADMIN',
  'identity:revoke_grant': 'ADMIN',
  'identity:check_grant': 'ADMIN',
  'identity:list_grants': 'ADMIN',
  'identity:list_role_assignments': 'ADMIN',
  // keystone/common/policies/domain.py (Zed, deprecated rules ORed in): a token scoped to the
  // domain, or to a project in it, may read it
  'identity:get_domain': 'ADMIN_OR_SCOPE_DOMAIN',
  'identity:create_domain': 'ADMIN',
  'identity:update_domain': 'ADMIN',
  'identity:delete_domain': 'ADMIN',
  // keystone/common/policies/application_credential.py: the owner (the user in the URL); reads and
  // deletes also admin; creating one is the owner's alone
  'identity:get_application_credential': 'USER_OR_ADMIN',
  'identity:list_application_credentials': 'USER_OR_ADMIN',
  'identity:create_application_credential': 'OWNER',
  'identity:delete_application_credential': 'USER_OR_ADMIN',
  // keystone/common/policies/group.py: admins; a user may list their own groups
  'identity:get_group': 'ADMIN',
  'identity:list_groups': 'ADMIN',
  'identity:create_group': 'ADMIN',
  'identity:update_group': 'ADMIN',
  'identity:delete_group': 'ADMIN',
  'identity:list_users_in_group': 'ADMIN',
  'identity:add_user_to_group': 'ADMIN',
  'identity:check_user_in_group': 'ADMIN',
  'identity:remove_user_from_group': 'ADMIN',
  'identity:list_groups_for_user': 'USER_OR_ADMIN',
  // project tags (keystone/common/policies/project.py): readers of the project may look
  'identity:list_project_tags': 'PROJECT_READER_OR_ADMIN',
  'identity:get_project_tag': 'PROJECT_READER_OR_ADMIN',
  'identity:update_project_tags': 'ADMIN',
  'identity:create_project_tag': 'ADMIN',
  'identity:delete_project_tag': 'ADMIN',
  'identity:delete_project_tags': 'ADMIN',
  // catalog (keystone/common/policies/{service,endpoint,region}.py): regions are readable by anyone
  'identity:list_services': 'ADMIN',
  'identity:get_service': 'ADMIN',
  'identity:list_endpoints': 'ADMIN',
  'identity:get_endpoint': 'ADMIN',
  'identity:create_service': 'ADMIN',
  'identity:update_service': 'ADMIN',
  'identity:delete_service': 'ADMIN',
  'identity:create_endpoint': 'ADMIN',
  'identity:update_endpoint': 'ADMIN',
  'identity:delete_endpoint': 'ADMIN',
  'identity:list_regions': 'ANY',
  'identity:get_region': 'ANY',
  'identity:create_region': 'ADMIN',
  'identity:update_region': 'ADMIN',
  'identity:delete_region': 'ADMIN',
  'identity:list_domains': 'ADMIN',
  // trusts (keystone/common/policies/trust.py with the deprecated rules ORed in): the trustor
  // creates (not even an admin for another user) and deletes; trustor or trustee read
  'identity:create_trust': 'OWNER',
  'identity:list_trusts': 'ADMIN',
  'identity:list_trusts_for_trustor': 'USER_OR_ADMIN',
  'identity:list_trusts_for_trustee': 'USER_OR_ADMIN',
  'identity:get_trust': 'USER_OR_ADMIN',
  'identity:list_roles_for_trust': 'USER_OR_ADMIN',
  'identity:delete_trust': 'USER_OR_ADMIN',
  // keystone/common/policies/token.py as Zed enforces it (enforce_new_defaults=False ORs in the
  // deprecated rules; the system-reader part needs system scope, which stackbox has not): only
  // validate (GET) admits the service role, check (HEAD) and revoke (DELETE) do not
  'identity:validate_token': 'SERVICE_ADMIN_OR_TOKEN_SUBJECT',
  'identity:check_token': 'ADMIN_OR_TOKEN_SUBJECT',
  'identity:revoke_token': 'ADMIN_OR_TOKEN_SUBJECT',
};

/** Glance's rule names (glance/policies/image.py); images are owned by project (target project_id = owner). */
export const imageRules: Record<string, BaseRule> = {
  get_images: 'ANY',
  get_image: 'ANY',
  add_image: 'PROJECT_MEMBER_OR_ADMIN',
  delete_image: 'PROJECT_MEMBER_OR_ADMIN',
  modify_image: 'PROJECT_MEMBER_OR_ADMIN',
  upload_image: 'PROJECT_MEMBER_OR_ADMIN',
  // Glance's default also admits whoever may see the image (shared, public, community): the
  // visibility check in the route does that part, this rule is only what a named policy can say
  download_image: 'ANY',
  publicize_image: 'ADMIN',
  communitize_image: 'PROJECT_MEMBER_OR_ADMIN',
  // members: the owner adds and removes them, the member itself accepts or rejects
  add_member: 'PROJECT_MEMBER_OR_ADMIN',
  delete_member: 'PROJECT_MEMBER_OR_ADMIN',
  get_member: 'ADMIN_OR_PROJECT_READER_OR_SHARED_MEMBER',
  get_members: 'ADMIN_OR_PROJECT_READER_OR_SHARED_MEMBER',
  modify_member: 'ADMIN_OR_SHARED_MEMBER',
  // Glance's defaults let the owning project's members deactivate and reactivate (not admin only)
  deactivate: 'PROJECT_MEMBER_OR_ADMIN',
  reactivate: 'PROJECT_MEMBER_OR_ADMIN',
  // interoperable import: copy-image is admin only (not offered without multiple stores)
  copy_image: 'ADMIN',
  // the tasks API (glance/policies/tasks.py): tasks_api_access (admin) gates it as a whole, the
  // per-call rules default to rule:default ('' – anyone who passed tasks_api_access)
  tasks_api_access: 'ADMIN',
  get_task: 'ANY',
  get_tasks: 'ANY',
  add_task: 'ANY',
  // discovery (glance/policies/discovery.py)
  stores_info_detail: 'ADMIN',
};

export const allRules: Record<string, BaseRule> = {
  ...volumeRules,
  ...computeRules,
  ...baremetalComputeRules,
  ...identityRules,
  ...imageRules,
};
