/** Network as Neutron renders it (networks API reference, with the extensions listed in extensions.ts). */
import type { NetworkRow } from '../../../services/network/network-service.js';
import type { SegmentRow } from '../../../services/network/segment-service.js';
import { neutronTime } from '../request.js';

const providerValues = (s: SegmentRow | undefined) => ({
  'provider:network_type': s?.network_type ?? null,
  'provider:physical_network': s?.physical_network ?? null,
  'provider:segmentation_id': s?.segmentation_id ?? null,
});

/**
 * ML2's extend_network_with_provider_segments: one segment shows as provider:*, several as the
 * multi-provider `segments` list (and no provider:*), none as provider:* all null.
 */
const segmentAttributes = (segments: SegmentRow[]) =>
  segments.length > 1 ? { segments: segments.map(providerValues) } : providerValues(segments[0]);

export function networkView(
  n: NetworkRow & {
    availabilityZones?: string[];
    ipv4AddressScope?: string | null;
    ipv6AddressScope?: string | null;
    segments: SegmentRow[];
    l2Adjacency: boolean;
  },
  subnetIds: string[],
): Record<string, unknown> {
  return {
    id: n.id,
    name: n.name,
    tenant_id: n.project_id,
    project_id: n.project_id,
    description: n.description,
    admin_state_up: n.admin_state_up === 1,
    status: n.status,
    mtu: n.mtu,
    subnets: subnetIds,
    shared: n.shared === 1,
    'router:external': n.router_external === 1,
    availability_zone_hints: JSON.parse(n.availability_zone_hints) as string[],
    availability_zones: n.availabilityZones ?? [],
    ipv4_address_scope: n.ipv4AddressScope ?? null,
    ipv6_address_scope: n.ipv6AddressScope ?? null,
    port_security_enabled: n.port_security_enabled === 1,
    tags: [],
    revision_number: n.revision_number,
    created_at: neutronTime(n.created_at),
    updated_at: neutronTime(n.updated_at),
    dns_domain: n.dns_domain,
    l2_adjacency: n.l2Adjacency,
    ...segmentAttributes(n.segments),
  };
}
