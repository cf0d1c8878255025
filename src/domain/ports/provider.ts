/**
 * ML2's provider segments (neutron/plugins/ml2/managers.py and the flat, vlan, vxlan and geneve
 * type drivers), as the simulated deployment configures them: any physical network may be flat
 * (`flat_networks = *`), VLANs live on `physnet1` (tenant range 1000:2999), tenant networks are
 * VXLAN. Pure rules: which segment a request asks for and its UNIQUE key.
 */
import {
  invalidInput,
  segmentsContainDuplicateEntry,
  segmentsSetInConjunctionWithProviders,
} from './network-errors.js';

export const NETWORK_TYPES = ['flat', 'vlan', 'vxlan', 'geneve'] as const;
export type NetworkType = (typeof NETWORK_TYPES)[number];

/** network_vlan_ranges: the VLAN physical networks and their tenant allocation range */
export const VLAN_RANGES: Record<string, [number, number]> = { physnet1: [1000, 2999] };
/** tunnel ids a tenant network is given (VXLAN's 24-bit VNI space) */
export const TUNNEL_RANGE: [number, number] = [1, 16777215];

/** A provider request: what the body set (undefined: not set). */
export interface ProviderRequest {
  networkType?: string;
  physicalNetwork?: string;
  segmentationId?: number;
}

/** A segment as stored; segmentationId undefined: to be allocated from the range. */
export interface Segment {
  networkType: NetworkType;
  physicalNetwork: string | null;
  segmentationId: number | null;
}

export const segmentKey = (s: Segment): string =>
  s.networkType === 'flat'
    ? `flat:${s.physicalNetwork ?? ''}`
    : s.networkType === 'vlan'
      ? `vlan:${s.physicalNetwork ?? ''}:${s.segmentationId ?? ''}`
      : `${s.networkType}:${s.segmentationId ?? ''}`;

const isVlanTag = (id: number) => id >= 1 && id <= 4094;

/**
 * The segment a create asks for (reserve_provider_segment / validate_provider_segment), null when
 * no provider attribute was set (a tenant network). `segmentationId: null` on a vlan, vxlan or
 * geneve segment means "allocate one". Throws Neutron's InvalidInput.
 */
export function requestedSegment(r: ProviderRequest): Segment | null {
  if (r.networkType === undefined) {
    if (r.physicalNetwork !== undefined || r.segmentationId !== undefined) throw invalidInput('network_type required');
    return null;
  }
  const type = r.networkType;
  if (!(NETWORK_TYPES as readonly string[]).includes(type))
    throw invalidInput(`network_type value '${type}' not supported`);
  const physnet = r.physicalNetwork === '' ? undefined : r.physicalNetwork;
  const segId = r.segmentationId;
  switch (type as NetworkType) {
    case 'flat':
      if (physnet === undefined) throw invalidInput('physical_network required for flat provider network');
      if (segId) throw invalidInput('segmentation_id prohibited for flat provider network');
      return { networkType: 'flat', physicalNetwork: physnet, segmentationId: null };
    case 'vlan':
      if (physnet !== undefined) {
        if (!(physnet in VLAN_RANGES))
          throw invalidInput(`physical_network '${physnet}' unknown for VLAN provider network`);
        if (segId !== undefined && !isVlanTag(segId))
          throw invalidInput('segmentation_id out of range (1 through 4094)');
      } else if (segId !== undefined) {
        throw invalidInput('segmentation_id requires physical_network for VLAN provider network');
      }
      return { networkType: 'vlan', physicalNetwork: physnet ?? null, segmentationId: segId ?? null };
    default:
      if (physnet !== undefined) throw invalidInput(`provider:physical_network specified for ${type} network`);
      return { networkType: type as NetworkType, physicalNetwork: null, segmentationId: segId ?? null };
  }
}

/** a segment whose id is still to be allocated (ML2's is_partial_segment; flat never is) */
const isPartial = (s: Segment) => s.networkType !== 'flat' && s.segmentationId === null;

/**
 * The segments a network create asks for (ML2 _process_provider_create): provider:* or a
 * multi-provider `segments` list, never both; an empty list (or nothing) is a tenant network.
 * Two identical fully given segments are refused (check_duplicate_segments).
 */
export function requestedSegments(
  provider: ProviderRequest | undefined,
  segments: ProviderRequest[] | undefined,
): Segment[] {
  const single = provider ? requestedSegment(provider) : null;
  if (single && segments !== undefined) throw segmentsSetInConjunctionWithProviders();
  if (single) return [single];
  const list = (segments ?? []).map((r) => {
    const s = requestedSegment(r);
    if (!s) throw invalidInput('network_type required');
    return s;
  });
  const full = list.filter((s) => !isPartial(s)).map(segmentKey);
  if (new Set(full).size !== full.length) throw segmentsContainDuplicateEntry();
  return list;
}

/** the id range an unset segmentation id is drawn from, and the physical network a VLAN goes on */
export function allocationRange(s: Segment): { physicalNetwork: string | null; range: [number, number] } {
  if (s.networkType === 'vlan') {
    const physnet = s.physicalNetwork ?? Object.keys(VLAN_RANGES)[0]!;
    return { physicalNetwork: physnet, range: VLAN_RANGES[physnet]! };
  }
  return { physicalNetwork: null, range: TUNNEL_RANGE };
}

/** the tenant network segment: VXLAN, id allocated */
export const TENANT_SEGMENT: Segment = { networkType: 'vxlan', physicalNetwork: null, segmentationId: null };

/**
 * What a PUT may change of a network's segment (ml2 _update_provider_network_attributes and
 * update_network_segment): only a VLAN network's segmentation id. Returns the new id, or undefined
 * when the request changes nothing; throws Neutron's InvalidInput.
 */
export function providerUpdate(
  current: { networkType: string; physicalNetwork: string | null; segmentationId: number | null },
  r: ProviderRequest,
): number | undefined {
  const changes = (v: string | undefined, now: string | null) => v !== undefined && v !== now;
  if (changes(r.networkType, current.networkType) || changes(r.physicalNetwork, current.physicalNetwork))
    throw invalidInput(
      'Plugin does not support updating the following provider network attributes: provider:network_type, provider:physical_network',
    );
  const id = r.segmentationId;
  if (!id) return undefined;
  if (current.networkType !== 'vlan') throw invalidInput('Only VLAN type networks can be updated.');
  if (!isVlanTag(id)) throw invalidInput('segmentation_id out of range (1 through 4094)');
  return id === current.segmentationId ? undefined : id;
}

/** update_network_segment refuses while a port of the network is bound */
export const segmentPortsBound = () =>
  invalidInput(
    'Provider network attribute provider:segmentation_id cannot be updated if any port in the network has not the following binding:vif_type: unbound, binding_failed',
  );
