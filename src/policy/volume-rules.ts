/**
 * Cinder's rule names with their Zed defaults as enforced with enforce_new_defaults=False (the
 * deprecated `admin_or_owner` / `rule:admin_api` ORed in): cinder/policies/volumes.py,
 * volume_type.py, volume_actions.py, volume_access.py, volume_metadata.py, backups.py and
 * backup_actions.py.
 */
import type { BaseRule } from './rules.js';

export const volumeRules: Record<string, BaseRule> = {
  'volume:create': 'ANY',
  'volume:create_from_image': 'ANY',
  'volume:get': 'ADMIN_OR_OWNER',
  'volume:get_all': 'ADMIN_OR_OWNER',
  'volume:update': 'ADMIN_OR_OWNER',
  'volume:delete': 'ADMIN_OR_OWNER',
  'volume:extend': 'ADMIN_OR_OWNER',
  'volume:extend_attached_volume': 'ADMIN_OR_OWNER',
  'volume:get_volume_metadata': 'ADMIN_OR_OWNER',
  'volume:update_volume_metadata': 'ADMIN_OR_OWNER',
  // the view attributes: os-vol-tenant-attr for owners, host and migration status for admins
  'volume_extension:volume_tenant_attribute': 'ADMIN_OR_OWNER',
  'volume_extension:volume_host_attribute': 'ADMIN',
  'volume_extension:volume_mig_status_attribute': 'ADMIN',
  'volume_extension:volume_image_metadata:show': 'ADMIN_OR_OWNER',
  'volume:get_all_tenants': 'ADMIN',
  'volume:delete_volume_metadata': 'ADMIN_OR_OWNER',
  'volume_extension:volume_admin_actions:reset_status': 'ADMIN',
  'volume_extension:volume_admin_actions:force_delete': 'ADMIN',
  'volume_extension:volume_admin_actions:force_detach': 'ADMIN',
  // snapshots (cinder/policies/snapshots.py)
  'volume:create_snapshot': 'ADMIN_OR_OWNER',
  'volume:get_snapshot': 'ADMIN_OR_OWNER',
  'volume:get_all_snapshots': 'ADMIN_OR_OWNER',
  'volume:update_snapshot': 'ADMIN_OR_OWNER',
  'volume:delete_snapshot': 'ADMIN_OR_OWNER',
  'volume_extension:extended_snapshot_attributes': 'ADMIN_OR_OWNER',
  // snapshot_metadata.py and snapshot_actions.py (update_snapshot_status's deprecated rule is "")
  'volume:get_snapshot_metadata': 'ADMIN_OR_OWNER',
  'volume:update_snapshot_metadata': 'ADMIN_OR_OWNER',
  'volume:delete_snapshot_metadata': 'ADMIN_OR_OWNER',
  'volume_extension:snapshot_admin_actions:reset_status': 'ADMIN',
  'volume_extension:snapshot_admin_actions:force_delete': 'ADMIN',
  'snapshot_extension:snapshot_actions:update_snapshot_status': 'ANY',
  // volume transfers (cinder/policies/volume_transfer.py): any project may accept with the key
  'volume:create_transfer': 'ADMIN_OR_OWNER',
  'volume:get_transfer': 'ADMIN_OR_OWNER',
  'volume:get_all_transfers': 'ADMIN_OR_OWNER',
  'volume:delete_transfer': 'ADMIN_OR_OWNER',
  'volume:accept_transfer': 'ANY',
  // quotas and limits (cinder/policies/quotas.py, limits.py)
  'volume_extension:quotas:show': 'ADMIN_OR_OWNER',
  'volume_extension:quotas:update': 'ADMIN',
  'volume_extension:quotas:delete': 'ADMIN',
  // quota_class.py
  'volume_extension:quota_classes:get': 'ADMIN',
  'volume_extension:quota_classes:update': 'ADMIN',
  'limits_extension:used_limits': 'ANY',
  'volume_extension:availability_zone_list': 'ANY',
  // volume types
  'volume_extension:type_create': 'ADMIN',
  'volume_extension:type_update': 'ADMIN',
  'volume_extension:type_delete': 'ADMIN',
  'volume_extension:type_get': 'ANY',
  'volume_extension:type_get_all': 'ANY',
  // Zed: project readers (filtered to the user-visible keys without read_sensitive), or admins
  'volume_extension:access_types_extra_specs': 'ANY',
  'volume_extension:types_extra_specs:read_sensitive': 'ADMIN',
  // volume_type.py: the encryption rules (their deprecated base rule is admin_api)
  'volume_extension:volume_type_encryption:create': 'ADMIN',
  'volume_extension:volume_type_encryption:get': 'ADMIN',
  'volume_extension:volume_type_encryption:update': 'ADMIN',
  'volume_extension:volume_type_encryption:delete': 'ADMIN',
  // volume_access.py: the access list's new admin-only default is ORed with its deprecated
  // volume_extension:volume_type_access (admin_or_owner), which a member's own project passes
  'volume_extension:volume_type_access': 'ADMIN_OR_OWNER',
  'volume_extension:volume_type_access:get_all_for_type': 'ADMIN_OR_OWNER',
  'volume_extension:volume_type_access:addProjectAccess': 'ADMIN',
  'volume_extension:volume_type_access:removeProjectAccess': 'ADMIN',
  // types_extra_specs.py: stackbox keeps every extra spec admin-only (Cinder lets readers see the
  // few "user visible" keys; none of those mean anything here)
  'volume_extension:types_extra_specs:index': 'ADMIN',
  'volume_extension:types_extra_specs:show': 'ADMIN',
  'volume_extension:types_extra_specs:create': 'ADMIN',
  'volume_extension:types_extra_specs:update': 'ADMIN',
  'volume_extension:types_extra_specs:delete': 'ADMIN',
  // services.py, scheduler_stats.py, capabilities.py
  'volume_extension:services:index': 'ADMIN',
  'volume_extension:hosts': 'ADMIN',
  'volume_extension:services:update': 'ADMIN',
  'scheduler_extension:scheduler_stats:get_pools': 'ADMIN',
  'volume_extension:capabilities': 'ADMIN',
  // messages.py
  'message:get_all': 'ADMIN_OR_OWNER',
  'message:get': 'ADMIN_OR_OWNER',
  'message:delete': 'ADMIN_OR_OWNER',
  // qos_specs.py
  'volume_extension:qos_specs_manage:create': 'ADMIN',
  'volume_extension:qos_specs_manage:get': 'ADMIN',
  'volume_extension:qos_specs_manage:get_all': 'ADMIN',
  'volume_extension:qos_specs_manage:update': 'ADMIN',
  'volume_extension:qos_specs_manage:delete': 'ADMIN',
  // cinder/policies/attachments.py and volume_actions.py (attach and detach)
  'volume:attachment_create': 'ADMIN_OR_OWNER',
  'volume:attachment_update': 'ADMIN_OR_OWNER',
  'volume:attachment_delete': 'ADMIN_OR_OWNER',
  'volume:attachment_complete': 'ADMIN_OR_OWNER',
  'volume:attachment_get': 'ADMIN_OR_OWNER',
  'volume:attachment_get_all': 'ADMIN_OR_OWNER',
  'volume_extension:volume_actions:reserve': 'ADMIN_OR_OWNER',
  'volume_extension:volume_actions:unreserve': 'ADMIN_OR_OWNER',
  'volume_extension:volume_actions:begin_detaching': 'ADMIN_OR_OWNER',
  'volume_extension:volume_actions:roll_detaching': 'ADMIN_OR_OWNER',
  'volume_extension:volume_actions:attach': 'ADMIN_OR_OWNER',
  'volume_extension:volume_actions:detach': 'ADMIN_OR_OWNER',
  'volume_extension:volume_actions:initialize_connection': 'ADMIN_OR_OWNER',
  'volume_extension:volume_actions:terminate_connection': 'ADMIN_OR_OWNER',
  // volume_actions.py and volume_metadata.py (flags and Glance metadata)
  'volume:update_readonly_flag': 'ADMIN_OR_OWNER',
  'volume:retype': 'ADMIN_OR_OWNER',
  'volume_extension:volume_actions:upload_image': 'ADMIN_OR_OWNER',
  'volume_extension:volume_actions:upload_public': 'ADMIN',
  'volume:multiattach': 'ADMIN_OR_OWNER',
  'volume_extension:volume_image_metadata:set': 'ADMIN_OR_OWNER',
  'volume_extension:volume_image_metadata:remove': 'ADMIN_OR_OWNER',
  // cinder/policies/backups.py and backup_actions.py
  'backup:create': 'ANY',
  'backup:get': 'ADMIN_OR_OWNER',
  'backup:get_all': 'ADMIN_OR_OWNER',
  'backup:update': 'ADMIN_OR_OWNER',
  'backup:delete': 'ADMIN_OR_OWNER',
  'backup:restore': 'ADMIN_OR_OWNER',
  'backup:backup_project_attribute': 'ADMIN',
  'backup:export-import': 'ADMIN',
  'backup:backup-import': 'ADMIN',
  'volume_extension:backup_admin_actions:reset_status': 'ADMIN',
  'volume_extension:backup_admin_actions:force_delete': 'ADMIN',
};
