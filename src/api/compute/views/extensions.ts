/**
 * The extension documents (nova/api/openstack/compute/extension_info.py EXTENSION_LIST). Each entry
 * names a probe route: it is listed only when that route is really registered, so the document
 * always describes what this server serves.
 */
import { XMLBuilder } from 'fast-xml-parser';

export interface ExtensionEntry {
  alias: string;
  description: string;
  links: never[];
  name: string;
  namespace: string;
  updated: string;
}

const FAKE_NS = 'http://docs.openstack.org/compute/ext/fake_xml';
const V21_UPDATED = '2014-12-03T00:00:00Z';

type Probe = [method: string, path: string];
const SERVERS_DETAIL: Probe = ['GET', '/servers/detail'];
const SERVERS_CREATE: Probe = ['POST', '/servers'];
const SERVER_ACTION: Probe = ['POST', '/servers/x/action'];
const FLAVOR_DETAIL: Probe = ['GET', '/flavors/detail'];

/** [alias, name, description, probe], as nova's EXTENSION_LIST words them */
const V21: Array<[string, string, string, Probe]> = [
  ['OS-DCF', 'DiskConfig', 'Disk Management Extension.', SERVERS_DETAIL],
  ['OS-EXT-AZ', 'ExtendedAvailabilityZone', 'Extended Availability Zone support.', SERVERS_DETAIL],
  ['OS-EXT-IPS', 'ExtendedIps', 'Adds type parameter to the ip list.', SERVERS_DETAIL],
  ['OS-EXT-IPS-MAC', 'ExtendedIpsMac', 'Adds mac address parameter to the ip list.', SERVERS_DETAIL],
  ['OS-EXT-SRV-ATTR', 'ExtendedServerAttributes', 'Extended Server Attributes support.', SERVERS_DETAIL],
  ['OS-EXT-STS', 'ExtendedStatus', 'Extended Status support.', SERVERS_DETAIL],
  ['OS-FLV-DISABLED', 'FlavorDisabled', 'Support to show the disabled status of a flavor.', FLAVOR_DETAIL],
  ['OS-FLV-EXT-DATA', 'FlavorExtraData', 'Provide additional data for flavors.', FLAVOR_DETAIL],
  ['os-access-ips', 'AccessIPs', 'Access IPs support.', SERVERS_DETAIL],
  ['os-attach-interfaces', 'AttachInterfaces', 'Attach interface support.', ['GET', '/servers/x/os-interface']],
  [
    'os-availability-zone',
    'AvailabilityZone',
    '1. Add availability_zone to the Create Server API.\n       2. Add availability zones describing.\n    ',
    ['GET', '/os-availability-zone'],
  ],
  [
    'os-console-auth-tokens',
    'ConsoleAuthTokens',
    'Console token authentication support.',
    ['GET', '/os-console-auth-tokens/x'],
  ],
  ['os-console-output', 'ConsoleOutput', 'Console log output support, with tailing ability.', SERVER_ACTION],
  // Nova's list keeps this entry for its remote consoles; listed once they are served
  ['os-consoles', 'Consoles', 'Interactive Console support.', ['POST', '/servers/x/remote-consoles']],
  ['os-flavor-access', 'FlavorAccess', 'Flavor access support.', ['GET', '/flavors/x/os-flavor-access']],
  ['os-flavor-extra-specs', 'FlavorExtraSpecs', 'Flavors extra specs support.', ['GET', '/flavors/x/os-extra_specs']],
  ['os-flavor-manage', 'FlavorManage', 'Flavor create/delete API support.', ['POST', '/flavors']],
  ['os-flavor-rxtx', 'FlavorRxtx', 'Support to show the rxtx status of a flavor.', FLAVOR_DETAIL],
  ['os-flavor-swap', 'FlavorSwap', 'Support to show the swap status of a flavor.', FLAVOR_DETAIL],
  ['os-hypervisors', 'Hypervisors', 'Admin-only hypervisor administration.', ['GET', '/os-hypervisors']],
  [
    'os-instance-actions',
    'InstanceActions',
    'View a log of actions and events taken on an instance.',
    ['GET', '/servers/x/os-instance-actions'],
  ],
  ['os-keypairs', 'Keypairs', 'Keypair Support.', ['GET', '/os-keypairs']],
  ['os-lock-server', 'LockServer', 'Enable lock/unlock server actions.', SERVER_ACTION],
  ['os-multiple-create', 'MultipleCreate', 'Allow multiple create in the Create Server v2.1 API.', SERVERS_CREATE],
  ['os-security-groups', 'SecurityGroups', 'Security group support.', ['GET', '/servers/x/os-security-groups']],
  [
    'os-server-external-events',
    'ServerExternalEvents',
    'Server External Event Triggers.',
    ['POST', '/os-server-external-events'],
  ],
  ['os-server-start-stop', 'ServerStartStop', 'Start/Stop instance compute API support.', SERVER_ACTION],
  ['os-user-data', 'UserData', 'Add user_data to the Create Server API.', SERVERS_CREATE],
  // served through the server action route (os-admin-actions: os-resetState; injectNetworkInfo is not)
  ['os-pause-server', 'PauseServer', 'Enable pause/unpause server actions.', SERVER_ACTION],
  ['os-suspend-server', 'SuspendServer', 'Enable suspend/resume server actions.', SERVER_ACTION],
  ['os-shelve', 'Shelve', 'Instance shelve mode.', SERVER_ACTION],
  ['os-rescue', 'Rescue', 'Instance rescue mode.', SERVER_ACTION],
  ['os-create-backup', 'CreateBackup', 'Create a backup of a server.', SERVER_ACTION],
  ['os-admin-password', 'AdminPassword', 'Admin password management support.', SERVER_ACTION],
  [
    'os-server-diagnostics',
    'ServerDiagnostics',
    'Allow Admins to view server diagnostics through server action.',
    ['GET', '/servers/x/diagnostics'],
  ],
  ['os-server-password', 'ServerPassword', 'Server password support.', ['GET', '/servers/x/os-server-password']],
  [
    'os-admin-actions',
    'AdminActions',
    'Enable admin-only server actions\n\n    Actions include: resetNetwork, injectNetworkInfo, os-resetState\n    ',
    SERVER_ACTION,
  ],
];

/** the admin and tenant resources (issue 15): aggregates, quotas, services, usage */
const V21_ADMIN: Array<[string, string, string, Probe]> = [
  ['os-aggregates', 'Aggregates', 'Admin-only aggregate administration.', ['GET', '/os-aggregates']],
  ['os-quota-class-sets', 'QuotaClasses', 'Quota classes management support.', ['GET', '/os-quota-class-sets/x']],
  ['os-quota-sets', 'Quotas', 'Quotas management support.', ['GET', '/os-quota-sets/x']],
  ['os-services', 'Services', 'Services support.', ['GET', '/os-services']],
  // Nova's proxies to Neutron below 2.36
  ['os-networks', 'Networks', 'Admin-only Network Management Extension.', ['GET', '/os-networks']],
  [
    'os-tenant-networks',
    'OSTenantNetworks',
    'Tenant-based Network Management Extension.',
    ['GET', '/os-tenant-networks'],
  ],
  ['os-simple-tenant-usage', 'SimpleTenantUsage', 'Simple tenant usage extension.', ['GET', '/os-simple-tenant-usage']],
  // server groups and the scheduler hint that places servers by them
  ['os-server-groups', 'ServerGroups', 'Server group support.', ['GET', '/os-server-groups']],
  ['os-server-group-quotas', 'ServerGroupQuotas', 'Adds quota support to server groups.', ['GET', '/os-server-groups']],
  ['OS-SCH-HNT', 'SchedulerHints', 'Pass arbitrary key/value pairs to the scheduler.', ['GET', '/os-server-groups']],
  // Nova's images proxy (below 2.36) and the admin host resources
  ['OS-EXT-IMG-SIZE', 'ImageSize', 'Adds image size to image listings.', ['GET', '/images/detail']],
  ['os-hosts', 'Hosts', 'Admin-only host administration.', ['GET', '/os-hosts']],
  [
    'os-instance_usage_audit_log',
    'OSInstanceUsageAuditLog',
    'Admin-only Task Log Monitoring.',
    ['GET', '/os-instance_usage_audit_log'],
  ],
  ['os-extended-hypervisors', 'ExtendedHypervisors', 'Extended hypervisors support.', ['GET', '/os-hypervisors']],
  ['os-hypervisor-status', 'HypervisorStatus', 'Show hypervisor status.', ['GET', '/os-hypervisors']],
  ['os-migrations', 'Migrations', 'Provide data on migrations.', ['GET', '/os-migrations']],
  ['os-extended-services', 'ExtendedServices', 'Extended services support.', ['GET', '/os-services']],
  [
    'os-extended-services-delete',
    'ExtendedServicesDelete',
    'Extended services deletion support.',
    ['GET', '/os-services'],
  ],
  ['os-floating-ips', 'FloatingIps', 'Floating IPs support.', ['GET', '/os-floating-ips']],
  ['os-floating-ip-pools', 'FloatingIpPools', 'Floating IPs support.', ['GET', '/os-floating-ip-pools']],
  ['os-used-limits', 'UsedLimits', 'Provide data on limited resources that are being used.', ['GET', '/limits']],
  ['os-user-quotas', 'UserQuotas', 'Project user quota support.', ['GET', '/os-quota-sets/x']],
  [
    'os-extended-quotas',
    'ExtendedQuotas',
    'Adds ability for admins to delete quota and optionally force the update Quota command.',
    ['GET', '/os-quota-sets/x'],
  ],
  // server view fields, list parameters and create options that are served
  ['OS-SRV-USG', 'ServerUsage', 'Adds launched_at and terminated_at on Servers.', SERVERS_DETAIL],
  ['os-extended-volumes', 'ExtendedVolumes', 'Extended Volumes support.', SERVERS_DETAIL],
  ['os-server-sort-keys', 'ServerSortKeys', 'Add sorting support in get Server v2 API.', SERVERS_DETAIL],
  [
    'os-server-list-multi-status',
    'ServerListMultiStatus',
    'Allow to filter the servers by a set of status values.',
    SERVERS_DETAIL,
  ],
  ['os-block-device-mapping', 'BlockDeviceMapping', 'Block device mapping boot support.', SERVERS_CREATE],
  [
    'os-block-device-mapping-v2-boot',
    'BlockDeviceMappingV2Boot',
    'Allow boot with the new BDM data format.',
    SERVERS_CREATE,
  ],
  ['os-config-drive', 'ConfigDrive', 'Config Drive Extension.', SERVERS_CREATE],
  ['os-personality', 'Personality', 'Personality support.', SERVERS_CREATE],
  // server actions that are served (evacuate, migrate/live-migrate, restore/forceDelete, rescue with an image, rebuild)
  ['os-evacuate', 'Evacuate', 'Enables server evacuation.', SERVER_ACTION],
  [
    'os-extended-evacuate-find-host',
    'ExtendedEvacuateFindHost',
    'Enables server evacuation without target host. Scheduler will select one to target.',
    SERVER_ACTION,
  ],
  ['os-migrate-server', 'MigrateServer', 'Enable migrate and live-migrate server actions.', SERVER_ACTION],
  ['os-deferred-delete', 'DeferredDelete', 'Instance deferred delete.', SERVER_ACTION],
  [
    'os-extended-rescue-with-image',
    'ExtendedRescueWithImage',
    'Allow the user to specify the image to use for rescue.',
    SERVER_ACTION,
  ],
  [
    'os-preserve-ephemeral-rebuild',
    'PreserveEphemeralOnRebuild',
    'Allow preservation of the ephemeral partition on rebuild.',
    SERVER_ACTION,
  ],
];

/**
 * The virtual interfaces extension as its own document describes it (v1.1 era: its own namespace,
 * alias and date), as recorded from that extension's own description.
 */
const VIRTUAL_INTERFACES: ExtensionEntry = {
  alias: 'virtual_interfaces',
  description: 'Virtual interface support',
  links: [],
  name: 'VirtualInterfaces',
  namespace: 'http://docs.openstack.org/ext/virtual_interfaces/api/v1.1',
  updated: '2011-08-17T00:00:00+00:00',
};
const VIRTUAL_INTERFACES_PROBE: Probe = ['GET', '/servers/x/os-virtual-interfaces'];

/** Entries whose probe route is served, sorted by alias as Nova sorts them. */
export function servedExtensions(served: (method: string, path: string) => boolean): ExtensionEntry[] {
  const out: ExtensionEntry[] = [...V21, ...V21_ADMIN]
    .filter(([, , , [m, p]]) => served(m, p))
    .map(([alias, name, description]) => ({
      alias,
      description,
      links: [],
      name,
      namespace: FAKE_NS,
      updated: V21_UPDATED,
    }));
  if (served(...VIRTUAL_INTERFACES_PROBE)) out.push({ ...VIRTUAL_INTERFACES });
  return out.sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: false,
  suppressEmptyNode: false,
});

function xmlEntry(e: ExtensionEntry): Record<string, unknown> {
  return {
    '@_name': e.name,
    '@_namespace': e.namespace,
    '@_alias': e.alias,
    '@_updated': e.updated,
    description: e.description,
  };
}

export function extensionsXml(list: ExtensionEntry[]): string {
  return (
    "<?xml version='1.0' encoding='UTF-8'?>\n" +
    String(builder.build({ extensions: { extension: list.map(xmlEntry) } }))
  );
}

export function extensionXml(e: ExtensionEntry): string {
  return "<?xml version='1.0' encoding='UTF-8'?>\n" + String(builder.build({ extension: xmlEntry(e) }));
}
