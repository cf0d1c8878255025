/** Every table of the store, by name. Kysely's typed queries are checked against this. */
import type { Kysely, Transaction } from 'kysely';
import type {
  DomainsTable,
  ProjectsTable,
  UsersTable,
  RolesTable,
  RoleAssignmentsTable,
  TokenRevocationsTable,
  SettingsTable,
  ProjectTagsTable,
  IdentityExtrasTable,
  UserLockoutsTable,
  UserPasswordsTable,
  ApplicationCredentialsTable,
  GroupsTable,
  GroupMembershipsTable,
  GroupRoleAssignmentsTable,
  ImpliedRolesTable,
  SystemRoleAssignmentsTable,
  InheritedRoleAssignmentsTable,
} from './tables/identity.table.js';
import type { RegionsTable, CatalogServicesTable, CatalogEndpointsTable, TrustsTable } from './tables/catalog.table.js';
import type {
  CredentialsTable,
  AccessRulesTable,
  ApplicationCredentialAccessRulesTable,
  OAuth1ConsumersTable,
  DomainConfigsTable,
  PoliciesTable,
  EndpointGroupsTable,
  ProjectEndpointGroupsTable,
  ProjectEndpointsTable,
} from './tables/identity-side.table.js';
import type { FlavorsTable, FlavorAccessTable } from './tables/flavors.table.js';
import type { ImagesTable, ImageDataTable, ImageMembersTable, ImageTasksTable } from './tables/images.table.js';
import type {
  MetadefNamespacesTable,
  MetadefNamespaceResourceTypesTable,
  MetadefObjectsTable,
  MetadefPropertiesTable,
  MetadefResourceTypesTable,
  MetadefTagsTable,
} from './tables/metadefs.table.js';
import type { ComputeHostsTable } from './tables/compute-hosts.table.js';
import type { InstancesTable, InstanceTagsTable } from './tables/instances.table.js';
import type { InstanceActionsTable, InstanceActionEventsTable } from './tables/instance-actions.table.js';
import type { ConsoleAuthTokensTable } from './tables/console-auth-tokens.table.js';
import type { OperationsTable } from './tables/operations.table.js';
import type { MigrationsTable } from './tables/migrations.table.js';
import type { KeypairsTable, QuotasTable } from './tables/keypairs.table.js';
import type {
  AggregateHostsTable,
  AggregateMetadataTable,
  AggregatesTable,
  ControlServicesTable,
  ProjectUserQuotasTable,
  QuotaClassesTable,
} from './tables/compute-admin.table.js';
import type { ServerGroupMembersTable, ServerGroupsTable } from './tables/server-groups.table.js';
import type {
  NetworksTable,
  SubnetsTable,
  NetworkSegmentsTable,
  PortsTable,
  IpAllocationsTable,
  SecurityGroupsTable,
  SecurityGroupRulesTable,
  PortSecurityGroupBindingsTable,
  VirtualInterfacesTable,
  NeutronQuotasTable,
} from './tables/networks.table.js';
import type { RoutersTable, RouterInterfacesTable, FloatingIpsTable } from './tables/l3.table.js';
import type { AddressScopesTable, SubnetpoolsTable } from './tables/subnet-pools.table.js';
import type { MeteringLabelsTable, MeteringLabelRulesTable } from './tables/metering.table.js';
import type { NeutronTagsTable } from './tables/neutron-tags.table.js';
import type {
  NetworkRbacPoliciesTable,
  NetworkAgentsTable,
  NetworkDhcpAgentBindingsTable,
  RouterL3AgentBindingsTable,
} from './tables/network-rbac-agents.table.js';
import type { ServerEventsTable, EventWaitsTable, EmulatorRulesTable } from './tables/events.table.js';
import type {
  VolumesTable,
  VolumePoolsTable,
  VolumeSnapshotsTable,
  VolumeTypesTable,
  VolumeQuotasTable,
  VolumeTypeProjectsTable,
  VolumeServicesTable,
  QosSpecsTable,
  VolumeQuotaClassesTable,
  VolumeMessagesTable,
  VolumeTypeEncryptionTable,
} from './tables/volumes.table.js';
import type { VolumeTransfersTable } from './tables/volume-transfers.table.js';
import type { BlockDeviceMappingsTable, VolumeAttachmentsTable } from './tables/volume-attachments.table.js';
import type { VolumeBackupsTable } from './tables/volume-backups.table.js';
import type { GroupSnapshotsTable, GroupTypesTable, VolumeGroupsTable } from './tables/volume-groups.table.js';

export interface Database {
  domains: DomainsTable;
  projects: ProjectsTable;
  users: UsersTable;
  roles: RolesTable;
  role_assignments: RoleAssignmentsTable;
  token_revocations: TokenRevocationsTable;
  settings: SettingsTable;
  project_tags: ProjectTagsTable;
  identity_extras: IdentityExtrasTable;
  user_lockouts: UserLockoutsTable;
  user_passwords: UserPasswordsTable;
  application_credentials: ApplicationCredentialsTable;
  groups: GroupsTable;
  group_memberships: GroupMembershipsTable;
  group_role_assignments: GroupRoleAssignmentsTable;
  implied_roles: ImpliedRolesTable;
  system_role_assignments: SystemRoleAssignmentsTable;
  inherited_role_assignments: InheritedRoleAssignmentsTable;
  regions: RegionsTable;
  catalog_services: CatalogServicesTable;
  catalog_endpoints: CatalogEndpointsTable;
  trusts: TrustsTable;
  credentials: CredentialsTable;
  access_rules: AccessRulesTable;
  application_credential_access_rules: ApplicationCredentialAccessRulesTable;
  oauth1_consumers: OAuth1ConsumersTable;
  domain_configs: DomainConfigsTable;
  policies: PoliciesTable;
  endpoint_groups: EndpointGroupsTable;
  project_endpoint_groups: ProjectEndpointGroupsTable;
  project_endpoints: ProjectEndpointsTable;
  flavors: FlavorsTable;
  flavor_access: FlavorAccessTable;
  images: ImagesTable;
  image_data: ImageDataTable;
  image_members: ImageMembersTable;
  // Glance metadefs (migration 0024)
  metadef_namespaces: MetadefNamespacesTable;
  metadef_resource_types: MetadefResourceTypesTable;
  metadef_namespace_resource_types: MetadefNamespaceResourceTypesTable;
  metadef_objects: MetadefObjectsTable;
  metadef_properties: MetadefPropertiesTable;
  metadef_tags: MetadefTagsTable;
  image_tasks: ImageTasksTable;
  compute_hosts: ComputeHostsTable;
  instances: InstancesTable;
  instance_tags: InstanceTagsTable;
  instance_actions: InstanceActionsTable;
  console_auth_tokens: ConsoleAuthTokensTable;
  instance_action_events: InstanceActionEventsTable;
  operations: OperationsTable;
  migrations: MigrationsTable;
  keypairs: KeypairsTable;
  quotas: QuotasTable;
  quota_classes: QuotaClassesTable;
  project_user_quotas: ProjectUserQuotasTable;
  neutron_quotas: NeutronQuotasTable;
  network_rbac_policies: NetworkRbacPoliciesTable;
  network_agents: NetworkAgentsTable;
  network_dhcp_agent_bindings: NetworkDhcpAgentBindingsTable;
  router_l3_agent_bindings: RouterL3AgentBindingsTable;
  control_services: ControlServicesTable;
  aggregates: AggregatesTable;
  aggregate_hosts: AggregateHostsTable;
  aggregate_metadata: AggregateMetadataTable;
  server_groups: ServerGroupsTable;
  server_group_members: ServerGroupMembersTable;
  networks: NetworksTable;
  subnets: SubnetsTable;
  network_segments: NetworkSegmentsTable;
  ports: PortsTable;
  ip_allocations: IpAllocationsTable;
  security_groups: SecurityGroupsTable;
  security_group_rules: SecurityGroupRulesTable;
  port_security_group_bindings: PortSecurityGroupBindingsTable;
  virtual_interfaces: VirtualInterfacesTable;
  routers: RoutersTable;
  address_scopes: AddressScopesTable;
  subnetpools: SubnetpoolsTable;
  router_interfaces: RouterInterfacesTable;
  floating_ips: FloatingIpsTable;
  // metering (migration 0031)
  metering_labels: MeteringLabelsTable;
  metering_label_rules: MeteringLabelRulesTable;
  // Neutron tags (migration 0034)
  neutron_tags: NeutronTagsTable;
  server_events: ServerEventsTable;
  event_waits: EventWaitsTable;
  emulator_rules: EmulatorRulesTable;
  // block storage (migration 0014)
  volume_types: VolumeTypesTable;
  volume_pools: VolumePoolsTable;
  volumes: VolumesTable;
  volume_snapshots: VolumeSnapshotsTable;
  volume_quotas: VolumeQuotasTable;
  // volume backups (migration 0039)
  volume_backups: VolumeBackupsTable;
  // private volume type access and volume service state (migration 0041)
  volume_type_projects: VolumeTypeProjectsTable;
  volume_services: VolumeServicesTable;
  qos_specs: QosSpecsTable;
  volume_quota_classes: VolumeQuotaClassesTable;
  // user messages and volume type encryption (migration 0043)
  volume_messages: VolumeMessagesTable;
  volume_type_encryption: VolumeTypeEncryptionTable;
  // volume attachments (migration 0026)
  volume_attachments: VolumeAttachmentsTable;
  block_device_mappings: BlockDeviceMappingsTable;
  // volume transfers (migration 0040)
  volume_transfers: VolumeTransfersTable;
  // generic volume groups (migration 0042)
  group_types: GroupTypesTable;
  volume_groups: VolumeGroupsTable;
  group_snapshots: GroupSnapshotsTable;
  // archive (migration 0009): same columns, rows moved by `db archive`, deleted by `db purge`
  shadow_instances: InstancesTable;
  shadow_instance_tags: InstanceTagsTable;
  shadow_instance_actions: InstanceActionsTable;
  shadow_instance_action_events: InstanceActionEventsTable;
  shadow_server_events: ServerEventsTable;
  shadow_event_waits: EventWaitsTable;
  shadow_virtual_interfaces: VirtualInterfacesTable;
  shadow_operations: OperationsTable;
  // migration 0019
  shadow_migrations: MigrationsTable;
}

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Functions that only read (or that run inside a caller's transaction) accept either. */
export type DbOrTrx = Db | Trx;
