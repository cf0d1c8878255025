/**
 * Neutron parity: segments (segment, standard-attr-segment, multi-provider, subnets' segment_id),
 * replayed after the other Neutron cases. The networks here are flat on physical networks no other
 * case uses and VLAN ids below the tenant range, so both sides can hold them; everything made here
 * is deleted at the end.
 */
import type { ParityCase } from './case-types.js';

/** a syntactically valid uuid that names nothing on either side */
const MISSING = '9e6f1f9b-7c1e-4d84-a1a0-3a4c8f0d2b12';

const n = (c: Omit<ParityCase, 'service'>): ParityCase => ({ service: 'neutron', auth: 'admin', ...c });

const segment = (body: Record<string, unknown>) => ({ segment: { network_id: '{seg_net_id}', ...body } });

export const NEUTRON_SEGMENT_CASES: ParityCase[] = [
  n({
    name: 'seg-network-create',
    method: 'POST',
    path: '/v2.0/networks',
    body: {
      network: {
        name: 'parity-seg',
        'provider:network_type': 'flat',
        'provider:physical_network': 'parityseg1',
      },
    },
    capture: { seg_net_id: 'network.id' },
  }),
  n({
    name: 'seg-list-by-network',
    method: 'GET',
    path: '/v2.0/segments?network_id={seg_net_id}',
    capture: { seg0_id: 'segments.0.id' },
  }),
  n({
    name: 'seg-create',
    method: 'POST',
    path: '/v2.0/segments',
    body: segment({ network_type: 'vlan', physical_network: 'physnet1', segmentation_id: 101, name: 's1' }),
    capture: { seg1_id: 'segment.id' },
  }),
  n({
    name: 'seg-create-flat-in-use-409',
    method: 'POST',
    path: '/v2.0/segments',
    body: segment({ network_type: 'flat', physical_network: 'public' }),
  }),
  n({
    name: 'seg-create-bad-type-400',
    method: 'POST',
    path: '/v2.0/segments',
    body: segment({ network_type: 'bogus' }),
  }),
  n({
    name: 'seg-create-no-type-400',
    method: 'POST',
    path: '/v2.0/segments',
    body: segment({}),
  }),
  n({
    name: 'seg-create-network-404',
    method: 'POST',
    path: '/v2.0/segments',
    body: { segment: { network_id: MISSING, network_type: 'flat', physical_network: 'parityseg9' } },
  }),
  n({
    name: 'seg-create-member-403',
    method: 'POST',
    path: '/v2.0/segments',
    auth: 'member',
    body: segment({ network_type: 'flat', physical_network: 'parityseg8' }),
  }),
  n({ name: 'seg-show', method: 'GET', path: '/v2.0/segments/{seg1_id}' }),
  n({ name: 'seg-show-member-404', method: 'GET', path: '/v2.0/segments/{seg1_id}', auth: 'member' }),
  n({ name: 'seg-show-missing-404', method: 'GET', path: `/v2.0/segments/${MISSING}` }),
  n({ name: 'seg-list-member-empty', method: 'GET', path: '/v2.0/segments?network_id={seg_net_id}', auth: 'member' }),
  n({
    name: 'seg-list-bad-filter-400',
    method: 'GET',
    path: '/v2.0/segments?segmentation_id=101',
  }),
  n({
    name: 'seg-update',
    method: 'PUT',
    path: '/v2.0/segments/{seg1_id}',
    body: { segment: { name: 's1-renamed', description: 'parity' } },
  }),
  n({
    name: 'seg-update-read-only-400',
    method: 'PUT',
    path: '/v2.0/segments/{seg1_id}',
    body: { segment: { segmentation_id: 102 } },
  }),
  n({
    name: 'seg-update-member-404',
    method: 'PUT',
    path: '/v2.0/segments/{seg1_id}',
    auth: 'member',
    body: { segment: { name: 'x' } },
  }),
  n({ name: 'seg-network-show-two-segments', method: 'GET', path: '/v2.0/networks/{seg_net_id}' }),
  n({
    name: 'seg-subnet-create',
    method: 'POST',
    path: '/v2.0/subnets',
    body: {
      subnet: { network_id: '{seg_net_id}', cidr: '10.250.0.0/24', ip_version: 4, segment_id: '{seg1_id}' },
    },
    capture: { seg_subnet_id: 'subnet.id' },
  }),
  n({
    name: 'seg-subnet-create-no-segment-400',
    method: 'POST',
    path: '/v2.0/subnets',
    body: { subnet: { network_id: '{seg_net_id}', cidr: '10.250.1.0/24', ip_version: 4 } },
  }),
  n({
    name: 'seg-subnet-create-missing-segment-404',
    method: 'POST',
    path: '/v2.0/subnets',
    body: { subnet: { network_id: '{seg_net_id}', cidr: '10.250.2.0/24', ip_version: 4, segment_id: MISSING } },
  }),
  n({ name: 'seg-network-show-routed', method: 'GET', path: '/v2.0/networks/{seg_net_id}' }),
  n({ name: 'seg-delete-in-use-409', method: 'DELETE', path: '/v2.0/segments/{seg1_id}' }),
  n({ name: 'seg-subnet-delete', method: 'DELETE', path: '/v2.0/subnets/{seg_subnet_id}' }),
  n({ name: 'seg-delete', method: 'DELETE', path: '/v2.0/segments/{seg1_id}' }),
  n({ name: 'seg-delete-again-404', method: 'DELETE', path: '/v2.0/segments/{seg1_id}' }),
  n({
    name: 'mp-network-create',
    method: 'POST',
    path: '/v2.0/networks',
    body: {
      network: {
        name: 'parity-mp',
        segments: [
          { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 103 },
          { 'provider:network_type': 'flat', 'provider:physical_network': 'parityseg2' },
        ],
      },
    },
    capture: { mp_net_id: 'network.id' },
  }),
  n({
    name: 'mp-network-create-with-provider-400',
    method: 'POST',
    path: '/v2.0/networks',
    body: {
      network: {
        name: 'parity-mp-bad',
        'provider:network_type': 'flat',
        'provider:physical_network': 'parityseg3',
        segments: [{ 'provider:network_type': 'flat', 'provider:physical_network': 'parityseg4' }],
      },
    },
  }),
  n({
    name: 'mp-network-create-duplicate-400',
    method: 'POST',
    path: '/v2.0/networks',
    body: {
      network: {
        name: 'parity-mp-bad',
        segments: [
          { 'provider:network_type': 'flat', 'provider:physical_network': 'parityseg5' },
          { 'provider:network_type': 'flat', 'provider:physical_network': 'parityseg5' },
        ],
      },
    },
  }),
  n({
    name: 'mp-network-create-member-403',
    method: 'POST',
    path: '/v2.0/networks',
    auth: 'member',
    body: {
      network: {
        name: 'parity-mp-bad',
        segments: [{ 'provider:network_type': 'flat', 'provider:physical_network': 'parityseg6' }],
      },
    },
  }),
  n({ name: 'mp-network-delete', method: 'DELETE', path: '/v2.0/networks/{mp_net_id}' }),
  n({ name: 'seg-network-delete', method: 'DELETE', path: '/v2.0/networks/{seg_net_id}' }),
];
