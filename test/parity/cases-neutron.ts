/**
 * The Neutron parity scenario, replayed in this order against the real Neutron
 * (scripts/real-neutron) and against stackbox's /network. Tokens: `member` and `alt` are members of
 * two projects ({project_id}, {alt_project_id}); `admin` is admin in the admin project
 * ({admin_project_id}), which owns the seeded shared `private` and external `public` networks
 * ({private_network_id}, {public_network_id}, {public_subnet_id}...; see targets.ts). Lists are
 * filtered or sorted by name so that no answer depends on the order of random ids; ports are made
 * on the networks made here (IPv4 only) so that every address is masked.
 */
import type { ParityCase } from './case-types.js';

/** a syntactically valid uuid that names nothing on either side */
const MISSING = '9e6f1f9b-7c1e-4d84-a1a0-3a4c8f0d2b11';

const n = (c: Omit<ParityCase, 'service'>): ParityCase => ({ service: 'neutron', ...c });

const basics: ParityCase[] = [
  n({ name: 'net-versions-root', method: 'GET', path: '/', auth: 'none', values: false }),
  n({ name: 'net-extension-show-router', method: 'GET', path: '/v2.0/extensions/router' }),
  n({ name: 'net-extension-show-404', method: 'GET', path: '/v2.0/extensions/bogus' }),
  n({ name: 'net-unknown-resource-404', method: 'GET', path: '/v2.0/bogus' }),
  n({ name: 'network-delete-collection-404', method: 'DELETE', path: '/v2.0/networks' }),
];

const networks: ParityCase[] = [
  n({
    name: 'network-create',
    method: 'POST',
    path: '/v2.0/networks',
    body: { network: { name: 'parity-net', description: 'for parity' } },
    capture: { net_id: 'network.id' },
  }),
  n({
    name: 'network-create-second',
    method: 'POST',
    path: '/v2.0/networks',
    body: { network: { name: 'parity-net-b', admin_state_up: false } },
    capture: { net2_id: 'network.id' },
  }),
  n({
    name: 'network-create-external-member-403',
    method: 'POST',
    path: '/v2.0/networks',
    body: { network: { name: 'x', 'router:external': true } },
  }),
  n({
    name: 'network-create-unknown-attr-400',
    method: 'POST',
    path: '/v2.0/networks',
    body: { network: { name: 'x', bogus: 1 } },
  }),
  n({ name: 'network-create-malformed-400', method: 'POST', path: '/v2.0/networks', raw: '{"network":' }),
  n({ name: 'network-create-no-resource-400', method: 'POST', path: '/v2.0/networks', body: { name: 'x' } }),
  n({
    name: 'network-create-bad-admin-state-400',
    method: 'POST',
    path: '/v2.0/networks',
    body: { network: { name: 'x', admin_state_up: 'maybe' } },
  }),
  n({
    name: 'network-create-name-too-long-400',
    method: 'POST',
    path: '/v2.0/networks',
    body: { network: { name: 'n'.repeat(256) } },
  }),
  n({ name: 'network-show', method: 'GET', path: '/v2.0/networks/{net_id}' }),
  n({ name: 'network-show-admin', method: 'GET', path: '/v2.0/networks/{net_id}', auth: 'admin' }),
  n({ name: 'network-show-fields', method: 'GET', path: '/v2.0/networks/{net_id}?fields=id&fields=name' }),
  n({ name: 'network-show-404', method: 'GET', path: `/v2.0/networks/${MISSING}` }),
  n({ name: 'network-show-bad-id-404', method: 'GET', path: '/v2.0/networks/not-a-uuid' }),
  n({ name: 'network-show-other-project-404', method: 'GET', path: '/v2.0/networks/{net_id}', auth: 'alt' }),
  n({ name: 'network-show-shared', method: 'GET', path: '/v2.0/networks/{private_network_id}' }),
  n({ name: 'network-show-external', method: 'GET', path: '/v2.0/networks/{public_network_id}' }),
  n({
    name: 'network-update',
    method: 'PUT',
    path: '/v2.0/networks/{net_id}',
    body: { network: { name: 'parity-net-2', description: 'renamed' } },
  }),
  n({
    name: 'network-update-if-match-412',
    method: 'PUT',
    path: '/v2.0/networks/{net_id}',
    headers: { 'If-Match': 'revision_number=999' },
    body: { network: { description: 'renamed' } },
  }),
  n({
    name: 'network-update-status-400',
    method: 'PUT',
    path: '/v2.0/networks/{net_id}',
    body: { network: { status: 'DOWN' } },
  }),
  n({
    name: 'network-update-shared-member-403',
    method: 'PUT',
    path: '/v2.0/networks/{net_id}',
    body: { network: { shared: true } },
  }),
  n({
    name: 'network-update-other-project-404',
    method: 'PUT',
    path: '/v2.0/networks/{net_id}',
    auth: 'alt',
    body: { network: { name: 'stolen' } },
  }),
  n({ name: 'networks-list-by-name', method: 'GET', path: '/v2.0/networks?name=parity-net-2' }),
  n({
    name: 'networks-list-sorted',
    method: 'GET',
    path: '/v2.0/networks?sort_key=name&sort_dir=asc&fields=name&fields=shared&fields=router:external',
  }),
  n({
    name: 'networks-list-sorted-desc',
    method: 'GET',
    path: '/v2.0/networks?sort_key=name&sort_dir=desc&fields=name',
  }),
  n({
    name: 'networks-list-page-1',
    method: 'GET',
    path: '/v2.0/networks?limit=2&sort_key=name&sort_dir=asc&fields=id&fields=name',
    capture: { page_marker: 'networks.1.id' },
  }),
  n({
    name: 'networks-list-page-2',
    method: 'GET',
    path: '/v2.0/networks?limit=2&sort_key=name&sort_dir=asc&fields=id&fields=name&marker={page_marker}',
  }),
  n({ name: 'networks-list-admin-state-filter', method: 'GET', path: '/v2.0/networks?admin_state_up=false' }),
  n({ name: 'networks-list-shared-filter', method: 'GET', path: '/v2.0/networks?shared=true&fields=name' }),
  n({ name: 'networks-list-alt-empty', method: 'GET', path: '/v2.0/networks?name=parity-net-2', auth: 'alt' }),
  n({ name: 'networks-list-admin', method: 'GET', path: '/v2.0/networks?name=parity-net-2', auth: 'admin' }),
  n({ name: 'networks-list-bad-sort-key-400', method: 'GET', path: '/v2.0/networks?sort_key=bogus' }),
  n({ name: 'networks-list-bad-sort-dir-400', method: 'GET', path: '/v2.0/networks?sort_key=name&sort_dir=up' }),
  n({ name: 'networks-list-bad-limit-400', method: 'GET', path: '/v2.0/networks?limit=abc' }),
  n({ name: 'networks-list-bad-marker-404', method: 'GET', path: `/v2.0/networks?limit=1&marker=${MISSING}` }),
];

const subnets: ParityCase[] = [
  n({
    name: 'subnet-create',
    method: 'POST',
    path: '/v2.0/subnets',
    body: { subnet: { network_id: '{net_id}', ip_version: 4, cidr: '10.20.0.0/24', name: 'parity-subnet' } },
    capture: { subnet_id: 'subnet.id' },
  }),
  n({
    name: 'subnet-create-second',
    method: 'POST',
    path: '/v2.0/subnets',
    body: {
      subnet: {
        network_id: '{net2_id}',
        ip_version: 4,
        cidr: '10.30.0.0/24',
        name: 'parity-subnet-b',
        gateway_ip: '10.30.0.254',
        allocation_pools: [{ start: '10.30.0.10', end: '10.30.0.20' }],
        dns_nameservers: ['10.30.0.2'],
        enable_dhcp: false,
      },
    },
    capture: { subnet2_id: 'subnet.id' },
  }),
  n({
    name: 'subnet-create-overlap-400',
    method: 'POST',
    path: '/v2.0/subnets',
    body: { subnet: { network_id: '{net_id}', ip_version: 4, cidr: '10.20.0.128/25' } },
  }),
  n({
    name: 'subnet-create-bad-cidr-400',
    method: 'POST',
    path: '/v2.0/subnets',
    body: { subnet: { network_id: '{net_id}', ip_version: 4, cidr: 'bogus' } },
  }),
  n({
    name: 'subnet-create-bad-ip-version-400',
    method: 'POST',
    path: '/v2.0/subnets',
    body: { subnet: { network_id: '{net_id}', ip_version: 5, cidr: '10.21.0.0/24' } },
  }),
  n({
    name: 'subnet-create-version-mismatch-400',
    method: 'POST',
    path: '/v2.0/subnets',
    body: { subnet: { network_id: '{net_id}', ip_version: 6, cidr: '10.21.0.0/24' } },
  }),
  n({
    name: 'subnet-create-gateway-in-pool-409',
    method: 'POST',
    path: '/v2.0/subnets',
    body: {
      subnet: {
        network_id: '{net_id}',
        ip_version: 4,
        cidr: '10.22.0.0/24',
        gateway_ip: '10.22.0.5',
        allocation_pools: [{ start: '10.22.0.2', end: '10.22.0.10' }],
      },
    },
  }),
  n({
    name: 'subnet-create-missing-network-404',
    method: 'POST',
    path: '/v2.0/subnets',
    body: { subnet: { network_id: MISSING, ip_version: 4, cidr: '10.23.0.0/24' } },
  }),
  n({
    name: 'subnet-create-no-cidr-400',
    method: 'POST',
    path: '/v2.0/subnets',
    body: { subnet: { network_id: '{net_id}', ip_version: 4 } },
  }),
  n({
    name: 'subnet-create-other-network-404',
    method: 'POST',
    path: '/v2.0/subnets',
    auth: 'alt',
    body: { subnet: { network_id: '{net_id}', ip_version: 4, cidr: '10.24.0.0/24' } },
  }),
  n({ name: 'subnet-show', method: 'GET', path: '/v2.0/subnets/{subnet_id}' }),
  n({ name: 'subnet-show-second', method: 'GET', path: '/v2.0/subnets/{subnet2_id}' }),
  n({ name: 'subnet-show-404', method: 'GET', path: `/v2.0/subnets/${MISSING}` }),
  n({ name: 'subnet-show-shared', method: 'GET', path: '/v2.0/subnets/{private_subnet_id}' }),
  n({
    name: 'subnet-update',
    method: 'PUT',
    path: '/v2.0/subnets/{subnet_id}',
    body: { subnet: { name: 'parity-subnet-2', dns_nameservers: ['10.20.0.3'] } },
  }),
  n({
    name: 'subnet-update-cidr-400',
    method: 'PUT',
    path: '/v2.0/subnets/{subnet_id}',
    body: { subnet: { cidr: '10.25.0.0/24' } },
  }),
  n({ name: 'subnets-list-by-network', method: 'GET', path: '/v2.0/subnets?network_id={net_id}' }),
  n({
    name: 'subnets-list-sorted',
    method: 'GET',
    path: '/v2.0/subnets?sort_key=name&sort_dir=asc&fields=name&fields=cidr&fields=ip_version',
  }),
  n({ name: 'network-show-with-subnet', method: 'GET', path: '/v2.0/networks/{net_id}' }),
];

const ports: ParityCase[] = [
  n({
    name: 'port-create',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: '{net_id}', name: 'parity-port' } },
    capture: { port_id: 'port.id' },
  }),
  n({
    name: 'port-create-fixed-ip',
    method: 'POST',
    path: '/v2.0/ports',
    body: {
      port: {
        network_id: '{net_id}',
        name: 'parity-port-b',
        fixed_ips: [{ subnet_id: '{subnet_id}', ip_address: '10.20.0.50' }],
      },
    },
    capture: { port2_id: 'port.id' },
  }),
  n({
    name: 'port-create-ip-conflict-409',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: '{net_id}', fixed_ips: [{ ip_address: '10.20.0.50' }] } },
  }),
  n({
    name: 'port-create-ip-outside-400',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: '{net_id}', fixed_ips: [{ subnet_id: '{subnet_id}', ip_address: '10.99.0.5' }] } },
  }),
  n({
    name: 'port-create-subnet-other-network-400',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: '{net_id}', fixed_ips: [{ subnet_id: '{subnet2_id}' }] } },
  }),
  n({
    name: 'port-create-bad-ip-400',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: '{net_id}', fixed_ips: [{ ip_address: 'not-an-ip' }] } },
  }),
  n({
    name: 'port-create-missing-network-404',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: MISSING } },
  }),
  n({
    name: 'port-create-bad-network-id-400',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: 'not-a-uuid' } },
  }),
  n({ name: 'port-create-no-network-400', method: 'POST', path: '/v2.0/ports', body: { port: { name: 'x' } } }),
  n({
    name: 'port-create-bad-mac-400',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: '{net_id}', mac_address: 'zz:zz' } },
  }),
  n({
    name: 'port-create-binding-member-403',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: '{net_id}', 'binding:host_id': 'compute1' } },
  }),
  n({
    name: 'network-create-unrouted',
    method: 'POST',
    path: '/v2.0/networks',
    body: { network: { name: 'parity-net-c' } },
    capture: { net3_id: 'network.id' },
  }),
  n({
    name: 'subnet-create-unrouted',
    method: 'POST',
    path: '/v2.0/subnets',
    body: { subnet: { network_id: '{net3_id}', ip_version: 4, cidr: '10.40.0.0/24' } },
  }),
  n({
    name: 'port-create-unrouted',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: '{net3_id}', name: 'parity-unrouted' } },
    capture: { unrouted_port_id: 'port.id' },
  }),
  n({ name: 'port-show', method: 'GET', path: '/v2.0/ports/{port_id}' }),
  n({ name: 'port-show-admin', method: 'GET', path: '/v2.0/ports/{port_id}', auth: 'admin' }),
  n({
    name: 'port-show-fields',
    method: 'GET',
    path: '/v2.0/ports/{port2_id}?fields=fixed_ips&fields=name&fields=network_id',
  }),
  n({ name: 'port-show-404', method: 'GET', path: `/v2.0/ports/${MISSING}` }),
  n({ name: 'port-show-other-project-404', method: 'GET', path: '/v2.0/ports/{port_id}', auth: 'alt' }),
  n({
    name: 'port-update',
    method: 'PUT',
    path: '/v2.0/ports/{port_id}',
    body: { port: { name: 'parity-port-2', admin_state_up: false, device_owner: 'compute:nova', device_id: 'vm-1' } },
  }),
  n({
    name: 'port-update-binding-member-403',
    method: 'PUT',
    path: '/v2.0/ports/{port_id}',
    body: { port: { 'binding:host_id': 'compute1' } },
  }),
  n({
    name: 'port-update-fixed-ip-conflict-409',
    method: 'PUT',
    path: '/v2.0/ports/{port_id}',
    body: { port: { fixed_ips: [{ subnet_id: '{subnet_id}', ip_address: '10.20.0.50' }] } },
  }),
  n({
    name: 'port-update-network-400',
    method: 'PUT',
    path: '/v2.0/ports/{port_id}',
    body: { port: { network_id: '{net2_id}' } },
  }),
  n({
    name: 'port-update-if-match-412',
    method: 'PUT',
    path: '/v2.0/ports/{port_id}',
    headers: { 'If-Match': 'revision_number=999' },
    body: { port: { name: 'parity-port-2' } },
  }),
  n({
    name: 'ports-list-by-network',
    method: 'GET',
    path: '/v2.0/ports?network_id={net_id}&sort_key=name&sort_dir=asc&fields=name&fields=device_owner',
  }),
  n({ name: 'ports-list-by-device', method: 'GET', path: '/v2.0/ports?device_id=vm-1' }),
  n({
    name: 'ports-list-by-fixed-ip',
    method: 'GET',
    path: '/v2.0/ports?fixed_ips=ip_address%3D10.20.0.50&fields=name',
  }),
  n({ name: 'ports-list-alt-empty', method: 'GET', path: '/v2.0/ports?network_id={net_id}', auth: 'alt' }),
  n({ name: 'network-delete-in-use-409', method: 'DELETE', path: '/v2.0/networks/{net_id}' }),
  n({ name: 'subnet-delete-in-use-409', method: 'DELETE', path: '/v2.0/subnets/{subnet_id}' }),
];

const securityGroups: ParityCase[] = [
  n({
    name: 'sg-list-default',
    method: 'GET',
    path: '/v2.0/security-groups?name=default',
    capture: { default_sg_id: 'security_groups.0.id' },
    values: false,
  }),
  n({
    name: 'sg-create',
    method: 'POST',
    path: '/v2.0/security-groups',
    body: { security_group: { name: 'parity-sg', description: 'for parity' } },
    capture: { sg_id: 'security_group.id' },
    values: false,
  }),
  n({
    name: 'sg-create-second',
    method: 'POST',
    path: '/v2.0/security-groups',
    body: { security_group: { name: 'parity-sg-b' } },
    capture: { sg2_id: 'security_group.id' },
    values: false,
  }),
  n({
    name: 'sg-create-default-name-409',
    method: 'POST',
    path: '/v2.0/security-groups',
    body: { security_group: { name: 'default' } },
  }),
  n({
    name: 'sg-create-unknown-attr-400',
    method: 'POST',
    path: '/v2.0/security-groups',
    body: { security_group: { name: 'x', bogus: true } },
  }),
  n({ name: 'sg-show-fields', method: 'GET', path: '/v2.0/security-groups/{sg_id}?fields=name&fields=description' }),
  n({ name: 'sg-show-404', method: 'GET', path: `/v2.0/security-groups/${MISSING}` }),
  n({ name: 'sg-show-other-project-404', method: 'GET', path: '/v2.0/security-groups/{sg_id}', auth: 'alt' }),
  n({
    name: 'sg-update',
    method: 'PUT',
    path: '/v2.0/security-groups/{sg_id}',
    body: { security_group: { name: 'parity-sg-2', description: 'renamed' } },
    values: false,
  }),
  n({
    name: 'sg-update-default-name-409',
    method: 'PUT',
    path: '/v2.0/security-groups/{default_sg_id}',
    body: { security_group: { name: 'other' } },
  }),
  n({
    name: 'sgs-list-sorted',
    method: 'GET',
    path: '/v2.0/security-groups?sort_key=name&sort_dir=asc&fields=name&fields=description',
  }),
  n({
    name: 'sgr-list-egress-v4',
    method: 'GET',
    path: '/v2.0/security-group-rules?security_group_id={sg_id}&direction=egress&ethertype=IPv4',
  }),
  n({
    name: 'sgr-create',
    method: 'POST',
    path: '/v2.0/security-group-rules',
    body: {
      security_group_rule: {
        security_group_id: '{sg_id}',
        direction: 'ingress',
        protocol: 'tcp',
        port_range_min: 80,
        port_range_max: 80,
        remote_ip_prefix: '0.0.0.0/0',
      },
    },
    capture: { rule_id: 'security_group_rule.id' },
  }),
  n({
    name: 'sgr-create-duplicate-409',
    method: 'POST',
    path: '/v2.0/security-group-rules',
    body: {
      security_group_rule: {
        security_group_id: '{sg_id}',
        direction: 'ingress',
        protocol: 'tcp',
        port_range_min: 80,
        port_range_max: 80,
        remote_ip_prefix: '0.0.0.0/0',
      },
    },
  }),
  n({
    name: 'sgr-create-remote-group',
    method: 'POST',
    path: '/v2.0/security-group-rules',
    body: {
      security_group_rule: {
        security_group_id: '{sg_id}',
        direction: 'ingress',
        ethertype: 'IPv6',
        protocol: 'icmp',
        remote_group_id: '{sg2_id}',
      },
    },
    capture: { rule2_id: 'security_group_rule.id' },
  }),
  n({
    name: 'sgr-create-protocol-number',
    method: 'POST',
    path: '/v2.0/security-group-rules',
    body: {
      security_group_rule: {
        security_group_id: '{sg_id}',
        direction: 'egress',
        protocol: '132',
        remote_ip_prefix: '10.0.0.0/8',
      },
    },
  }),
  n({
    name: 'sgr-create-bad-protocol-400',
    method: 'POST',
    path: '/v2.0/security-group-rules',
    body: { security_group_rule: { security_group_id: '{sg_id}', direction: 'ingress', protocol: 'bogus' } },
  }),
  n({
    name: 'sgr-create-bad-port-range-400',
    method: 'POST',
    path: '/v2.0/security-group-rules',
    body: {
      security_group_rule: {
        security_group_id: '{sg_id}',
        direction: 'ingress',
        protocol: 'tcp',
        port_range_min: 90,
        port_range_max: 80,
      },
    },
  }),
  n({
    name: 'sgr-create-port-too-big-400',
    method: 'POST',
    path: '/v2.0/security-group-rules',
    body: {
      security_group_rule: {
        security_group_id: '{sg_id}',
        direction: 'ingress',
        protocol: 'udp',
        port_range_min: 70000,
        port_range_max: 70000,
      },
    },
  }),
  n({
    name: 'sgr-create-ports-no-protocol-400',
    method: 'POST',
    path: '/v2.0/security-group-rules',
    body: {
      security_group_rule: {
        security_group_id: '{sg_id}',
        direction: 'ingress',
        port_range_min: 80,
        port_range_max: 80,
      },
    },
  }),
  n({
    name: 'sgr-create-bad-direction-400',
    method: 'POST',
    path: '/v2.0/security-group-rules',
    body: { security_group_rule: { security_group_id: '{sg_id}', direction: 'sideways' } },
  }),
  n({
    name: 'sgr-create-remote-both-400',
    method: 'POST',
    path: '/v2.0/security-group-rules',
    body: {
      security_group_rule: {
        security_group_id: '{sg_id}',
        direction: 'ingress',
        remote_ip_prefix: '10.0.0.0/8',
        remote_group_id: '{sg2_id}',
      },
    },
  }),
  n({
    name: 'sgr-create-ethertype-mismatch-400',
    method: 'POST',
    path: '/v2.0/security-group-rules',
    body: {
      security_group_rule: {
        security_group_id: '{sg_id}',
        direction: 'ingress',
        ethertype: 'IPv6',
        remote_ip_prefix: '10.0.0.0/8',
      },
    },
  }),
  n({
    name: 'sgr-create-missing-group-404',
    method: 'POST',
    path: '/v2.0/security-group-rules',
    body: { security_group_rule: { security_group_id: MISSING, direction: 'ingress' } },
  }),
  n({ name: 'sgr-show', method: 'GET', path: '/v2.0/security-group-rules/{rule_id}' }),
  n({ name: 'sgr-show-404', method: 'GET', path: `/v2.0/security-group-rules/${MISSING}` }),
  n({
    name: 'sgr-list-ingress',
    method: 'GET',
    path: '/v2.0/security-group-rules?security_group_id={sg_id}&direction=ingress&sort_key=protocol&sort_dir=asc',
  }),
  n({
    name: 'sgr-update-not-supported',
    method: 'PUT',
    path: '/v2.0/security-group-rules/{rule_id}',
    body: { security_group_rule: { description: 'x' } },
  }),
  n({ name: 'sgr-delete', method: 'DELETE', path: '/v2.0/security-group-rules/{rule2_id}' }),
  n({ name: 'sgr-delete-again-404', method: 'DELETE', path: '/v2.0/security-group-rules/{rule2_id}' }),
  n({
    name: 'port-update-security-groups',
    method: 'PUT',
    path: '/v2.0/ports/{port2_id}',
    body: { port: { security_groups: ['{sg_id}'] } },
  }),
  n({
    name: 'port-update-missing-security-group-404',
    method: 'PUT',
    path: '/v2.0/ports/{port2_id}',
    body: { port: { security_groups: [MISSING] } },
  }),
  n({ name: 'sg-delete-in-use-409', method: 'DELETE', path: '/v2.0/security-groups/{sg_id}' }),
  n({ name: 'sg-delete-default-409', method: 'DELETE', path: '/v2.0/security-groups/{default_sg_id}' }),
  n({ name: 'sg-delete', method: 'DELETE', path: '/v2.0/security-groups/{sg2_id}' }),
  n({ name: 'sg-delete-again-404', method: 'DELETE', path: '/v2.0/security-groups/{sg2_id}' }),
];

const routers: ParityCase[] = [
  n({
    name: 'router-create',
    method: 'POST',
    path: '/v2.0/routers',
    body: { router: { name: 'parity-router', description: 'for parity' } },
    capture: { router_id: 'router.id' },
  }),
  n({
    name: 'router-create-with-gateway',
    method: 'POST',
    path: '/v2.0/routers',
    body: { router: { name: 'parity-router-gw', external_gateway_info: { network_id: '{public_network_id}' } } },
    capture: { router2_id: 'router.id' },
  }),
  n({
    name: 'router-create-snat-member-403',
    method: 'POST',
    path: '/v2.0/routers',
    body: {
      router: { name: 'x', external_gateway_info: { network_id: '{public_network_id}', enable_snat: false } },
    },
  }),
  n({
    name: 'router-create-unknown-attr-400',
    method: 'POST',
    path: '/v2.0/routers',
    body: { router: { name: 'x', bogus: 1 } },
  }),
  n({ name: 'router-show', method: 'GET', path: '/v2.0/routers/{router_id}' }),
  n({ name: 'router-show-404', method: 'GET', path: `/v2.0/routers/${MISSING}` }),
  n({ name: 'router-show-other-project-404', method: 'GET', path: '/v2.0/routers/{router_id}', auth: 'alt' }),
  n({
    name: 'router-update-gateway-not-external-400',
    method: 'PUT',
    path: '/v2.0/routers/{router_id}',
    body: { router: { external_gateway_info: { network_id: '{net2_id}' } } },
  }),
  n({
    name: 'router-update-gateway-missing-404',
    method: 'PUT',
    path: '/v2.0/routers/{router_id}',
    body: { router: { external_gateway_info: { network_id: MISSING } } },
  }),
  n({
    name: 'router-update-gateway',
    method: 'PUT',
    path: '/v2.0/routers/{router_id}',
    body: { router: { name: 'parity-router-2', external_gateway_info: { network_id: '{public_network_id}' } } },
  }),
  n({
    name: 'router-update-routes-bad-nexthop-400',
    method: 'PUT',
    path: '/v2.0/routers/{router_id}',
    body: { router: { routes: [{ destination: '10.50.0.0/24', nexthop: '10.20.0.77' }] } },
  }),
  n({
    name: 'router-add-interface-subnet',
    method: 'PUT',
    path: '/v2.0/routers/{router_id}/add_router_interface',
    body: { subnet_id: '{subnet_id}' },
  }),
  n({
    name: 'router-add-interface-again-400',
    method: 'PUT',
    path: '/v2.0/routers/{router_id}/add_router_interface',
    body: { subnet_id: '{subnet_id}' },
  }),
  n({
    name: 'router-add-interface-empty-400',
    method: 'PUT',
    path: '/v2.0/routers/{router_id}/add_router_interface',
    body: {},
  }),
  n({
    name: 'router-add-interface-both-400',
    method: 'PUT',
    path: '/v2.0/routers/{router_id}/add_router_interface',
    body: { subnet_id: '{subnet2_id}', port_id: '{port2_id}' },
  }),
  n({
    name: 'router-add-interface-missing-subnet-404',
    method: 'PUT',
    path: '/v2.0/routers/{router_id}/add_router_interface',
    body: { subnet_id: MISSING },
  }),
  n({
    name: 'router-add-interface-gateway-ip-taken-409',
    method: 'PUT',
    path: '/v2.0/routers/{router2_id}/add_router_interface',
    body: { subnet_id: '{subnet_id}' },
  }),
  n({
    name: 'router-interface-port-create',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: '{net2_id}', name: 'parity-router-port' } },
    capture: { rport_id: 'port.id' },
  }),
  n({
    name: 'router-add-interface-port',
    method: 'PUT',
    path: '/v2.0/routers/{router2_id}/add_router_interface',
    body: { port_id: '{rport_id}' },
  }),
  n({
    name: 'router-add-interface-port-in-use-409',
    method: 'PUT',
    path: '/v2.0/routers/{router_id}/add_router_interface',
    body: { port_id: '{rport_id}' },
  }),
  n({ name: 'router-interface-port-show', method: 'GET', path: '/v2.0/ports/{rport_id}' }),
  n({ name: 'router-interface-port-delete-409', method: 'DELETE', path: '/v2.0/ports/{rport_id}' }),
  n({
    name: 'router-update-routes',
    method: 'PUT',
    path: '/v2.0/routers/{router_id}',
    body: { router: { routes: [{ destination: '10.50.0.0/24', nexthop: '10.20.0.77' }] } },
  }),
  n({
    name: 'routers-list-sorted',
    method: 'GET',
    path: '/v2.0/routers?sort_key=name&sort_dir=asc&fields=name&fields=status',
  }),
  n({ name: 'routers-list-by-name', method: 'GET', path: '/v2.0/routers?name=parity-router-2' }),
  n({ name: 'router-delete-in-use-409', method: 'DELETE', path: '/v2.0/routers/{router_id}' }),
  n({ name: 'subnet-delete-router-in-use-409', method: 'DELETE', path: '/v2.0/subnets/{subnet_id}' }),
];

const floatingIps: ParityCase[] = [
  n({
    name: 'fip-create',
    method: 'POST',
    path: '/v2.0/floatingips',
    body: { floatingip: { floating_network_id: '{public_network_id}', description: 'for parity' } },
    capture: { fip_id: 'floatingip.id' },
  }),
  n({
    name: 'fip-create-missing-network-404',
    method: 'POST',
    path: '/v2.0/floatingips',
    body: { floatingip: { floating_network_id: MISSING } },
  }),
  n({
    name: 'fip-create-not-external-400',
    method: 'POST',
    path: '/v2.0/floatingips',
    body: { floatingip: { floating_network_id: '{net2_id}' } },
  }),
  n({ name: 'fip-create-no-network-400', method: 'POST', path: '/v2.0/floatingips', body: { floatingip: {} } }),
  n({
    name: 'fip-create-address-member-403',
    method: 'POST',
    path: '/v2.0/floatingips',
    body: { floatingip: { floating_network_id: '{public_network_id}', floating_ip_address: '10.99.0.1' } },
  }),
  n({ name: 'fip-show', method: 'GET', path: '/v2.0/floatingips/{fip_id}' }),
  n({ name: 'fip-show-404', method: 'GET', path: `/v2.0/floatingips/${MISSING}` }),
  n({ name: 'fip-show-other-project-404', method: 'GET', path: '/v2.0/floatingips/{fip_id}', auth: 'alt' }),
  n({
    name: 'fip-associate-unreachable-404',
    method: 'PUT',
    path: '/v2.0/floatingips/{fip_id}',
    body: { floatingip: { port_id: '{unrouted_port_id}' } },
  }),
  n({
    name: 'fip-associate-missing-port-404',
    method: 'PUT',
    path: '/v2.0/floatingips/{fip_id}',
    body: { floatingip: { port_id: MISSING } },
  }),
  n({
    name: 'fip-associate-bad-fixed-ip-400',
    method: 'PUT',
    path: '/v2.0/floatingips/{fip_id}',
    body: { floatingip: { port_id: '{port2_id}', fixed_ip_address: '10.20.0.99' } },
  }),
  n({
    name: 'fip-associate',
    method: 'PUT',
    path: '/v2.0/floatingips/{fip_id}',
    body: { floatingip: { port_id: '{port2_id}' } },
  }),
  n({
    name: 'fip-create-associated-conflict-409',
    method: 'POST',
    path: '/v2.0/floatingips',
    body: { floatingip: { floating_network_id: '{public_network_id}', port_id: '{port2_id}' } },
  }),
  n({ name: 'fips-list-by-port', method: 'GET', path: '/v2.0/floatingips?port_id={port2_id}' }),
  n({ name: 'fips-list-alt-empty', method: 'GET', path: '/v2.0/floatingips', auth: 'alt' }),
  n({
    name: 'router-remove-gateway-in-use-409',
    method: 'PUT',
    path: '/v2.0/routers/{router_id}',
    body: { router: { external_gateway_info: {} } },
  }),
  n({
    name: 'fip-disassociate',
    method: 'PUT',
    path: '/v2.0/floatingips/{fip_id}',
    body: { floatingip: { port_id: null } },
  }),
  n({ name: 'fip-delete', method: 'DELETE', path: '/v2.0/floatingips/{fip_id}' }),
  n({ name: 'fip-delete-again-404', method: 'DELETE', path: '/v2.0/floatingips/{fip_id}' }),
];

const cleanup: ParityCase[] = [
  n({
    name: 'router-clear-routes',
    method: 'PUT',
    path: '/v2.0/routers/{router_id}',
    body: { router: { routes: [] } },
  }),
  n({
    name: 'router-remove-interface-subnet',
    method: 'PUT',
    path: '/v2.0/routers/{router_id}/remove_router_interface',
    body: { subnet_id: '{subnet_id}' },
  }),
  n({
    name: 'router-remove-interface-again-404',
    method: 'PUT',
    path: '/v2.0/routers/{router_id}/remove_router_interface',
    body: { subnet_id: '{subnet_id}' },
  }),
  n({
    name: 'router-remove-interface-port',
    method: 'PUT',
    path: '/v2.0/routers/{router2_id}/remove_router_interface',
    body: { port_id: '{rport_id}' },
  }),
  n({ name: 'router-interface-port-gone-404', method: 'GET', path: '/v2.0/ports/{rport_id}' }),
  n({
    name: 'router-clear-gateway',
    method: 'PUT',
    path: '/v2.0/routers/{router_id}',
    body: { router: { external_gateway_info: {} } },
  }),
  n({ name: 'router-delete', method: 'DELETE', path: '/v2.0/routers/{router_id}' }),
  n({ name: 'router-delete-again-404', method: 'DELETE', path: '/v2.0/routers/{router_id}' }),
  n({ name: 'port-delete-b', method: 'DELETE', path: '/v2.0/ports/{port2_id}' }),
  n({ name: 'port-delete-first', method: 'DELETE', path: '/v2.0/ports/{port_id}' }),
  n({ name: 'subnet-delete', method: 'DELETE', path: '/v2.0/subnets/{subnet_id}' }),
  n({ name: 'subnet-delete-again-404', method: 'DELETE', path: '/v2.0/subnets/{subnet_id}' }),
  n({ name: 'network-delete', method: 'DELETE', path: '/v2.0/networks/{net_id}' }),
  n({ name: 'network-delete-again-404', method: 'DELETE', path: '/v2.0/networks/{net_id}' }),
  n({ name: 'port-delete-unrouted', method: 'DELETE', path: '/v2.0/ports/{unrouted_port_id}' }),
  n({ name: 'network-delete-unrouted', method: 'DELETE', path: '/v2.0/networks/{net3_id}' }),
  n({ name: 'network-delete-other-project-404', method: 'DELETE', path: '/v2.0/networks/{net2_id}', auth: 'alt' }),
  n({ name: 'network-delete-shared-member-403', method: 'DELETE', path: '/v2.0/networks/{private_network_id}' }),
];

const quotas: ParityCase[] = [
  n({ name: 'quota-show-own', method: 'GET', path: '/v2.0/quotas/{project_id}' }),
  n({ name: 'quota-show-other-member-403', method: 'GET', path: '/v2.0/quotas/{alt_project_id}' }),
  n({ name: 'quota-defaults', method: 'GET', path: '/v2.0/quotas/{project_id}/default' }),
  n({ name: 'quota-details', method: 'GET', path: '/v2.0/quotas/{project_id}/details' }),
  n({ name: 'quota-tenant', method: 'GET', path: '/v2.0/quotas/tenant' }),
  n({
    name: 'quota-update-member-403',
    method: 'PUT',
    path: '/v2.0/quotas/{project_id}',
    body: { quota: { network: 20 } },
  }),
  n({
    name: 'quota-update-admin',
    method: 'PUT',
    path: '/v2.0/quotas/{alt_project_id}',
    auth: 'admin',
    body: { quota: { network: 20, port: -1 } },
  }),
  n({
    name: 'quota-update-bad-value-400',
    method: 'PUT',
    path: '/v2.0/quotas/{alt_project_id}',
    auth: 'admin',
    body: { quota: { network: 'many' } },
  }),
  n({
    name: 'quota-update-unknown-resource-400',
    method: 'PUT',
    path: '/v2.0/quotas/{alt_project_id}',
    auth: 'admin',
    body: { quota: { bogus: 5 } },
  }),
  n({ name: 'quota-show-admin-other', method: 'GET', path: '/v2.0/quotas/{alt_project_id}', auth: 'admin' }),
  n({ name: 'quotas-list-admin', method: 'GET', path: '/v2.0/quotas', auth: 'admin' }),
  n({ name: 'quotas-list-member-403', method: 'GET', path: '/v2.0/quotas' }),
  n({ name: 'quota-delete-admin', method: 'DELETE', path: '/v2.0/quotas/{alt_project_id}', auth: 'admin' }),
  n({ name: 'quota-show-after-delete', method: 'GET', path: '/v2.0/quotas/{alt_project_id}', auth: 'admin' }),
];

/** bulk creation last: what it makes is deleted again and does not show in the lists above */
const bulk: ParityCase[] = [
  n({
    name: 'network-create-bulk',
    method: 'POST',
    path: '/v2.0/networks',
    body: { networks: [{ name: 'parity-bulk-a' }, { name: 'parity-bulk-b', port_security_enabled: false }] },
    capture: { bulk_a_id: 'networks.0.id', bulk_b_id: 'networks.1.id' },
  }),
  n({
    name: 'subnet-create-bulk',
    method: 'POST',
    path: '/v2.0/subnets',
    body: {
      subnets: [
        { network_id: '{bulk_a_id}', ip_version: 4, cidr: '10.60.0.0/24', name: 'parity-bulk-sub-a' },
        { network_id: '{bulk_b_id}', ip_version: 4, cidr: '10.61.0.0/24', name: 'parity-bulk-sub-b' },
      ],
    },
  }),
  n({
    name: 'port-create-bulk',
    method: 'POST',
    path: '/v2.0/ports',
    body: {
      ports: [
        { network_id: '{net2_id}', name: 'parity-bulk-port-a' },
        { network_id: '{net2_id}', name: 'parity-bulk-port-b' },
      ],
    },
    capture: { bulk_port_a_id: 'ports.0.id', bulk_port_b_id: 'ports.1.id' },
  }),
  n({ name: 'port-delete', method: 'DELETE', path: '/v2.0/ports/{bulk_port_a_id}' }),
  n({ name: 'port-delete-again-404', method: 'DELETE', path: '/v2.0/ports/{bulk_port_a_id}' }),
  n({ name: 'port-delete-bulk-b', method: 'DELETE', path: '/v2.0/ports/{bulk_port_b_id}' }),
  n({ name: 'network-delete-bulk-a', method: 'DELETE', path: '/v2.0/networks/{bulk_a_id}' }),
  n({ name: 'network-delete-bulk-b', method: 'DELETE', path: '/v2.0/networks/{bulk_b_id}' }),
];

export const NEUTRON_CASES: ParityCase[] = [
  ...basics,
  ...networks,
  ...subnets,
  ...ports,
  ...securityGroups,
  ...routers,
  ...floatingIps,
  ...cleanup,
  ...quotas,
  ...bulk,
];
