/**
 * Cinder's GET /extensions and GET /extensions/{alias} (cinder/api/extensions.py): the contrib
 * extensions whose routes stackbox serves, with Cinder's names, docstrings and dates, in the order
 * Zed's Cinder lists them. Backups, transfers, encryption, manage/unmanage, and consistency
 * groups are left out until they are served.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { notFound } from '../../domain/errors.js';

interface Extension {
  alias: string;
  name: string;
  description: string;
  updated: string;
}

const ext = (alias: string, name: string, description: string, updated: string): Extension => ({
  alias,
  name,
  description,
  updated,
});

const DECLARED: readonly Extension[] = [
  ext('os-admin-actions', 'AdminActions', 'Enable admin actions.', '2012-08-25T00:00:00+00:00'),
  ext('os-availability-zone', 'AvailabilityZones', 'Describe Availability Zones.', '2013-06-27T00:00:00+00:00'),
  ext('capabilities', 'Capabilities', 'Capabilities support.', '2015-08-31T00:00:00+00:00'),
  ext('os-hosts', 'Hosts', 'Admin-only host administration.', '2011-06-29T00:00:00+00:00'),
  ext('os-extended-services', 'ExtendedServices', 'Extended services support.', '2014-01-10T00:00:00-00:00'),
  ext(
    'os-extended-snapshot-attributes',
    'ExtendedSnapshotAttributes',
    'Extended SnapshotAttributes support.',
    '2012-06-19T00:00:00+00:00',
  ),
  ext('qos-specs', 'Qos_specs_manage', 'QoS specs support.', '2013-08-02T00:00:00+00:00'),
  ext('os-quota-class-sets', 'QuotaClasses', 'Quota classes management support.', '2012-03-12T00:00:00+00:00'),
  ext('os-quota-sets', 'Quotas', 'Quota management support.', '2011-08-08T00:00:00+00:00'),
  ext('scheduler-stats', 'Scheduler_stats', 'Scheduler stats support.', '2014-09-07T00:00:00+00:00'),
  ext('os-services', 'Services', 'Services support.', '2012-10-28T00:00:00-00:00'),
  ext('os-types-extra-specs', 'TypesExtraSpecs', 'Type extra specs support.', '2011-08-24T00:00:00+00:00'),
  ext('os-types-manage', 'TypesManage', 'Types manage support.', '2011-08-24T00:00:00+00:00'),
  ext(
    'os-used-limits',
    'UsedLimits',
    'Provide data on limited resources that are being used.',
    '2013-10-03T00:00:00+00:00',
  ),
  ext('os-volume-actions', 'VolumeActions', 'Enable volume actions.', '2012-05-31T00:00:00+00:00'),
  ext(
    'os-vol-host-attr',
    'VolumeHostAttribute',
    'Expose host as an attribute of a volume.',
    '2011-11-03T00:00:00+00:00',
  ),
  ext(
    'os-vol-image-meta',
    'VolumeImageMetadata',
    'Show image metadata associated with the volume.',
    '2012-12-07T00:00:00+00:00',
  ),
  ext(
    'os-vol-mig-status-attr',
    'VolumeMigStatusAttribute',
    'Expose migration_status as an attribute of a volume.',
    '2013-08-08T00:00:00+00:00',
  ),
  ext(
    'os-vol-tenant-attr',
    'VolumeTenantAttribute',
    'Expose the internal project_id as an attribute of a volume.',
    '2011-11-03T00:00:00+00:00',
  ),
  ext('os-volume-type-access', 'VolumeTypeAccess', 'Volume type access support.', '2014-06-26T00:00:00Z'),
];

/** the order of Zed's GET /extensions (its extension manager's load order) */
const CINDER_ORDER = [
  'os-vol-image-meta',
  'os-volume-unmanage',
  'os-used-limits',
  'os-admin-actions',
  'cgsnapshots',
  'os-types-extra-specs',
  'os-snapshot-unmanage',
  'encryption',
  'os-volume-encryption-metadata',
  'consistencygroups',
  'os-snapshot-actions',
  'backups',
  'os-quota-sets',
  'os-volume-actions',
  'os-quota-class-sets',
  'os-availability-zone',
  'os-volume-type-access',
  'os-services',
  'os-hosts',
  'os-types-manage',
  'os-extended-snapshot-attributes',
  'os-snapshot-manage',
  'qos-specs',
  'os-vol-host-attr',
  'scheduler-stats',
  'os-volume-manage',
  'os-vol-mig-status-attr',
  'os-volume-transfer',
  'os-vol-tenant-attr',
  'OS-SCH-HNT',
  'os-extended-services',
  'capabilities',
];

const EXTENSIONS: readonly Extension[] = [...DECLARED].sort(
  (a, b) => CINDER_ORDER.indexOf(a.alias) - CINDER_ORDER.indexOf(b.alias),
);

const view = (e: Extension) => ({
  name: e.name,
  alias: e.alias,
  description: e.description,
  updated: e.updated,
  links: [],
});

export function extensionRoutes(_rt: Runtime): RouteDef[] {
  return [
    route({
      method: 'GET',
      url: '/extensions',
      handler: async () => ({ extensions: EXTENSIONS.map(view) }),
    }),
    route({
      method: 'GET',
      url: '/extensions/:alias',
      handler: async (request) => {
        const e = EXTENSIONS.find((x) => x.alias === request.params.alias);
        if (!e) throw notFound();
        return { extension: view(e) };
      },
    }),
  ];
}
