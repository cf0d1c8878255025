/**
 * The Nova route table (nova/api/openstack/compute/routes.py): one entry per method and path, each
 * resource file contributing its own list. Paths are relative to /compute/v2.1 and registered with
 * and without the legacy /{project_id} prefix.
 */
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { flavorRoutes } from './flavors.js';
import { keypairRoutes } from './os-keypairs.js';
import { limitsRoutes } from './limits.js';
import { availabilityZoneRoutes } from './os-availability-zone.js';
import { hypervisorRoutes } from './os-hypervisors.js';
import { instanceActionRoutes } from './os-instance-actions.js';
import { metadataRoutes } from './metadata.js';
import { tagRoutes } from './tags.js';
import { ipsRoutes } from './ips.js';
import { serverReadRoutes, serverWriteRoutes } from './servers.js';
import { serverActionRoutes } from './server-actions.js';
import { serverExternalEventRoutes } from './os-server-external-events.js';
import { interfaceRoutes } from './os-interface.js';
import { volumeAttachmentRoutes } from './os-volume-attachments.js';
import { virtualInterfaceRoutes } from './os-virtual-interfaces.js';
import { serverSecurityGroupRoutes } from './os-security-groups.js';
import { networkProxyRoutes } from './os-network-proxies.js';
import { quotaSetRoutes } from './os-quota-sets.js';
import { serviceRoutes } from './os-services.js';
import { aggregateRoutes } from './os-aggregates.js';
import { simpleTenantUsageRoutes } from './os-simple-tenant-usage.js';
import { hypervisorStatisticsRoutes } from './os-hypervisor-statistics.js';
import { serverGroupRoutes } from './os-server-groups.js';
import { serverPasswordRoutes } from './os-server-password.js';
import { remoteConsoleRoutes } from './remote-consoles.js';
import { serverDiagnosticsRoutes } from './server-diagnostics.js';
import { migrationRoutes } from './os-migrations.js';
import { imageRoutes } from './images.js';
import { hostRoutes } from './os-hosts.js';
import { instanceUsageAuditLogRoutes } from './os-instance-usage-audit-log.js';
import { osVolumeRoutes } from './os-volumes.js';
import { osSnapshotRoutes } from './os-snapshots.js';

export function computeRoutes(rt: Runtime): RouteDef[] {
  return [
    ...flavorRoutes(rt),
    ...keypairRoutes(rt),
    ...limitsRoutes(rt),
    ...availabilityZoneRoutes(rt),
    ...hypervisorRoutes(rt),
    ...instanceActionRoutes(rt),
    ...metadataRoutes(rt),
    ...tagRoutes(rt),
    ...ipsRoutes(rt),
    ...serverReadRoutes(rt),
    ...serverWriteRoutes(rt),
    ...serverActionRoutes(rt),
    ...serverExternalEventRoutes(rt),
    ...interfaceRoutes(rt),
    ...volumeAttachmentRoutes(rt),
    ...virtualInterfaceRoutes(rt),
    ...serverSecurityGroupRoutes(rt),
    ...networkProxyRoutes(rt),
    ...quotaSetRoutes(rt),
    ...serviceRoutes(rt),
    ...aggregateRoutes(rt),
    ...simpleTenantUsageRoutes(rt),
    ...hypervisorStatisticsRoutes(rt),
    ...serverGroupRoutes(rt),
    ...serverPasswordRoutes(rt),
    ...remoteConsoleRoutes(rt),
    ...serverDiagnosticsRoutes(rt),
    ...migrationRoutes(rt),
    ...imageRoutes(rt),
    ...hostRoutes(rt),
    ...instanceUsageAuditLogRoutes(rt),
    ...osVolumeRoutes(rt),
    ...osSnapshotRoutes(rt),
  ];
}
