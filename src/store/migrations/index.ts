/** All migrations in order. New ones are appended here; names sort by their number. */
import type { Migration } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002FlavorNameUnique from './0002-flavor-name-unique.js';
import * as m0003NetworkRevisionNumber from './0003-network-revision-number.js';
import * as m0004IdentityTagsExtra from './0004-identity-tags-extra.js';
import * as m0005HostCapabilities from './0005-host-capabilities.js';
import * as m0006ImageData from './0006-image-data.js';
import * as m0007DropEventDeliveryIndex from './0007-drop-event-delivery-index.js';
import * as m0008UserLockout from './0008-user-lockout.js';
import * as m0009ShadowTables from './0009-shadow-tables.js';
import * as m0011SecurityGroupRules from './0011-security-group-rules.js';
import * as m0012GroupsAppCreds from './0012-groups-app-creds.js';
import * as m0013ImageMembers from './0013-image-members.js';
import * as m0014BlockStorage from './0014-block-storage.js';
import * as m0015ComputeAdmin from './0015-compute-admin.js';
import * as m0016RoutersFloatingIps from './0016-routers-floating-ips.js';
import * as m0018ServerGroups from './0018-server-groups.js';
import * as m0017NeutronQuotas from './0017-neutron-quotas.js';
import * as m0019Migrations from './0019-migrations.js';
import * as m0020Catalog from './0020-catalog.js';
import * as m0021RoleModel from './0021-role-model.js';
import * as m0022IdentitySideApis from './0022-identity-side-apis.js';
import * as m0023PasswordHistory from './0023-password-history.js';
import * as m0024Metadefs from './0024-metadefs.js';
import * as m0025ImageTasks from './0025-image-tasks.js';
import * as m0026VolumeAttachments from './0026-volume-attachments.js';
import * as m0027InstanceSystemMetadata from './0027-instance-system-metadata.js';
import * as m0032BootFromVolume from './0032-boot-from-volume.js';
import * as m0028SubnetPools from './0028-subnet-pools.js';
import * as m0031Metering from './0031-metering.js';
import * as m0030PortExtras from './0030-port-extras.js';
import * as m0033LiveMigration from './0033-live-migration.js';
import * as m0029NetworkRbacAgents from './0029-network-rbac-agents.js';
import * as m0034NeutronTags from './0034-neutron-tags.js';
import * as m0035Segments from './0035-segments.js';
import * as m0036AgentScheduling from './0036-agent-scheduling.js';
import * as m0037ConsoleAuthTokens from './0037-console-auth-tokens.js';
import * as m0040VolumeTransfers from './0040-volume-transfers.js';
import * as m0039VolumeBackups from './0039-volume-backups.js';
import * as m0041VolumeAdmin from './0041-volume-admin.js';
import * as m0045FlavorInternalId from './0045-flavor-internal-id.js';
import * as m0043VolumeMessages from './0043-volume-messages.js';
import * as m0042VolumeGroups from './0042-volume-groups.js';

export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-flavor-name-unique': m0002FlavorNameUnique,
  '0003-network-revision-number': m0003NetworkRevisionNumber,
  '0004-identity-tags-extra': m0004IdentityTagsExtra,
  '0005-host-capabilities': m0005HostCapabilities,
  '0006-image-data': m0006ImageData,
  '0007-drop-event-delivery-index': m0007DropEventDeliveryIndex,
  '0008-user-lockout': m0008UserLockout,
  '0009-shadow-tables': m0009ShadowTables,
  '0011-security-group-rules': m0011SecurityGroupRules,
  '0012-groups-app-creds': m0012GroupsAppCreds,
  '0013-image-members': m0013ImageMembers,
  '0014-block-storage': m0014BlockStorage,
  '0015-compute-admin': m0015ComputeAdmin,
  '0016-routers-floating-ips': m0016RoutersFloatingIps,
  '0017-neutron-quotas': m0017NeutronQuotas,
  '0018-server-groups': m0018ServerGroups,
  '0019-migrations': m0019Migrations,
  '0020-catalog': m0020Catalog,
  '0021-role-model': m0021RoleModel,
  '0022-identity-side-apis': m0022IdentitySideApis,
  '0023-password-history': m0023PasswordHistory,
  '0024-metadefs': m0024Metadefs,
  '0025-image-tasks': m0025ImageTasks,
  '0026-volume-attachments': m0026VolumeAttachments,
  '0027-instance-system-metadata': m0027InstanceSystemMetadata,
  '0032-boot-from-volume': m0032BootFromVolume,
  '0028-subnet-pools': m0028SubnetPools,
  '0031-metering': m0031Metering,
  '0030-port-extras': m0030PortExtras,
  '0033-live-migration': m0033LiveMigration,
  '0029-network-rbac-agents': m0029NetworkRbacAgents,
  '0034-neutron-tags': m0034NeutronTags,
  '0035-segments': m0035Segments,
  '0036-agent-scheduling': m0036AgentScheduling,
  '0037-console-auth-tokens': m0037ConsoleAuthTokens,
  '0040-volume-transfers': m0040VolumeTransfers,
  '0039-volume-backups': m0039VolumeBackups,
  '0041-volume-admin': m0041VolumeAdmin,
  '0045-flavor-internal-id': m0045FlavorInternalId,
  '0043-volume-messages': m0043VolumeMessages,
  '0042-volume-groups': m0042VolumeGroups,
};
