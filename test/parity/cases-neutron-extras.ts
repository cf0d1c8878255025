/**
 * The Neutron parity cases for the routes and attributes added after the first scenario: subnet
 * pools (with add_prefixes/remove_prefixes and a subnet allocated from a pool), address scopes,
 * RBAC policies, agents, availability zones, network IP availability, service providers, metering
 * labels and rules, provider networks, a port's extra_dhcp_opts, allowed_address_pairs and DNS
 * attributes, more bulk creates, the `.json` suffix and If-Match. Replayed after NEUTRON_CASES'
 * own, on resources made here (names start with `parity-x`), so lists are filtered by name.
 */
import type { ParityCase } from './case-types.js';

/** a syntactically valid uuid that names nothing on either side */
const MISSING = '9e6f1f9b-7c1e-4d84-a1a0-3a4c8f0d2b11';

const n = (c: Omit<ParityCase, 'service'>): ParityCase => ({ service: 'neutron', ...c });

const setup: ParityCase[] = [
  n({
    name: 'x-network-create',
    method: 'POST',
    path: '/v2.0/networks',
    body: { network: { name: 'parity-x-net' } },
    capture: { xnet_id: 'network.id' },
  }),
];

const subnetPools: ParityCase[] = [
  n({
    name: 'subnetpool-create',
    method: 'POST',
    path: '/v2.0/subnetpools',
    body: {
      subnetpool: {
        name: 'parity-x-pool',
        description: 'for parity',
        prefixes: ['10.100.0.0/16'],
        default_prefixlen: 24,
        min_prefixlen: 20,
        max_prefixlen: 28,
      },
    },
    capture: { pool_id: 'subnetpool.id' },
  }),
  n({
    name: 'subnetpool-create-second',
    method: 'POST',
    path: '/v2.0/subnetpools',
    body: { subnetpool: { name: 'parity-x-pool-b', prefixes: ['fd00:110::/48'], default_prefixlen: 64 } },
    capture: { pool2_id: 'subnetpool.id' },
  }),
  n({
    name: 'subnetpool-create-no-prefixes-400',
    method: 'POST',
    path: '/v2.0/subnetpools',
    body: { subnetpool: { name: 'x' } },
  }),
  n({
    name: 'subnetpool-create-bad-prefix-400',
    method: 'POST',
    path: '/v2.0/subnetpools',
    body: { subnetpool: { name: 'x', prefixes: ['bogus'] } },
  }),
  n({
    name: 'subnetpool-create-mixed-versions-400',
    method: 'POST',
    path: '/v2.0/subnetpools',
    body: { subnetpool: { name: 'x', prefixes: ['10.120.0.0/16', 'fd00:120::/48'] } },
  }),
  n({
    name: 'subnetpool-create-bad-prefixlen-400',
    method: 'POST',
    path: '/v2.0/subnetpools',
    body: { subnetpool: { name: 'x', prefixes: ['10.120.0.0/16'], min_prefixlen: 24, default_prefixlen: 20 } },
  }),
  n({
    name: 'subnetpool-create-unknown-attr-400',
    method: 'POST',
    path: '/v2.0/subnetpools',
    body: { subnetpool: { name: 'x', prefixes: ['10.120.0.0/16'], bogus: 1 } },
  }),
  n({
    name: 'subnetpool-create-shared-member-403',
    method: 'POST',
    path: '/v2.0/subnetpools',
    body: { subnetpool: { name: 'x', prefixes: ['10.120.0.0/16'], shared: true } },
  }),
  n({
    name: 'subnetpool-create-default-member-403',
    method: 'POST',
    path: '/v2.0/subnetpools',
    body: { subnetpool: { name: 'x', prefixes: ['10.120.0.0/16'], is_default: true } },
  }),
  n({ name: 'subnetpool-show', method: 'GET', path: '/v2.0/subnetpools/{pool_id}' }),
  n({ name: 'subnetpool-show-404', method: 'GET', path: `/v2.0/subnetpools/${MISSING}` }),
  n({ name: 'subnetpool-show-other-project-404', method: 'GET', path: '/v2.0/subnetpools/{pool_id}', auth: 'alt' }),
  n({ name: 'subnetpools-list-by-name', method: 'GET', path: '/v2.0/subnetpools?name=parity-x-pool' }),
  n({
    name: 'subnetpools-list-sorted',
    method: 'GET',
    path: '/v2.0/subnetpools?sort_key=name&sort_dir=asc&fields=name&fields=ip_version&fields=prefixes',
  }),
  n({
    name: 'subnetpool-update',
    method: 'PUT',
    path: '/v2.0/subnetpools/{pool_id}',
    body: { subnetpool: { name: 'parity-x-pool-2', description: 'renamed', default_prefixlen: 26 } },
  }),
  n({
    name: 'subnetpool-update-shrink-400',
    method: 'PUT',
    path: '/v2.0/subnetpools/{pool_id}',
    body: { subnetpool: { prefixes: ['10.100.0.0/17'] } },
  }),
  n({
    name: 'subnetpool-update-other-project-404',
    method: 'PUT',
    path: '/v2.0/subnetpools/{pool_id}',
    auth: 'alt',
    body: { subnetpool: { name: 'stolen' } },
  }),
  n({
    name: 'subnetpool-add-prefixes',
    method: 'PUT',
    path: '/v2.0/subnetpools/{pool_id}/add_prefixes',
    body: { prefixes: ['10.101.0.0/16', '10.102.0.0/16'] },
  }),
  n({
    name: 'subnetpool-add-prefixes-bad-400',
    method: 'PUT',
    path: '/v2.0/subnetpools/{pool_id}/add_prefixes',
    body: { prefixes: ['bogus'] },
  }),
  n({
    name: 'subnetpool-add-prefixes-other-version-400',
    method: 'PUT',
    path: '/v2.0/subnetpools/{pool_id}/add_prefixes',
    body: { prefixes: ['fd00:130::/48'] },
  }),
  n({
    name: 'subnetpool-add-prefixes-404',
    method: 'PUT',
    path: `/v2.0/subnetpools/${MISSING}/add_prefixes`,
    body: { prefixes: ['10.103.0.0/16'] },
  }),
  n({
    name: 'subnetpool-remove-prefixes',
    method: 'PUT',
    path: '/v2.0/subnetpools/{pool_id}/remove_prefixes',
    body: { prefixes: ['10.102.0.0/16'] },
  }),
  n({
    name: 'subnet-create-from-pool',
    method: 'POST',
    path: '/v2.0/subnets',
    body: {
      subnet: {
        network_id: '{xnet_id}',
        ip_version: 4,
        subnetpool_id: '{pool_id}',
        prefixlen: 27,
        name: 'parity-x-sub',
      },
    },
    capture: { xsub_id: 'subnet.id' },
  }),
  n({
    name: 'subnet-create-from-pool-default-prefixlen',
    method: 'POST',
    path: '/v2.0/subnets',
    body: { subnet: { network_id: '{xnet_id}', ip_version: 4, subnetpool_id: '{pool_id}', name: 'parity-x-sub-b' } },
    capture: { xsub2_id: 'subnet.id' },
  }),
  n({
    name: 'subnet-create-from-pool-too-big-400',
    method: 'POST',
    path: '/v2.0/subnets',
    body: { subnet: { network_id: '{xnet_id}', ip_version: 4, subnetpool_id: '{pool_id}', prefixlen: 16 } },
  }),
  n({
    name: 'subnet-create-from-pool-version-mismatch-400',
    method: 'POST',
    path: '/v2.0/subnets',
    body: { subnet: { network_id: '{xnet_id}', ip_version: 6, subnetpool_id: '{pool_id}' } },
  }),
  n({
    name: 'subnet-create-from-pool-missing-404',
    method: 'POST',
    path: '/v2.0/subnets',
    body: { subnet: { network_id: '{xnet_id}', ip_version: 4, subnetpool_id: MISSING } },
  }),
  n({ name: 'subnet-show-from-pool', method: 'GET', path: '/v2.0/subnets/{xsub_id}' }),
  n({
    name: 'subnetpool-remove-prefixes-in-use-400',
    method: 'PUT',
    path: '/v2.0/subnetpools/{pool_id}/remove_prefixes',
    body: { prefixes: ['10.100.0.0/16'] },
  }),
  n({ name: 'subnetpool-delete-in-use-400', method: 'DELETE', path: '/v2.0/subnetpools/{pool_id}' }),
  // one subnet left on the network: its IP availability would list two in the order of random ids
  n({ name: 'subnet-delete-from-pool-b', method: 'DELETE', path: '/v2.0/subnets/{xsub2_id}' }),
];

const addressScopes: ParityCase[] = [
  n({
    name: 'address-scope-create',
    method: 'POST',
    path: '/v2.0/address-scopes',
    body: { address_scope: { name: 'parity-x-scope', ip_version: 4 } },
    capture: { scope_id: 'address_scope.id' },
  }),
  n({
    name: 'address-scope-create-bad-version-400',
    method: 'POST',
    path: '/v2.0/address-scopes',
    body: { address_scope: { name: 'x', ip_version: 5 } },
  }),
  n({
    name: 'address-scope-create-no-version-400',
    method: 'POST',
    path: '/v2.0/address-scopes',
    body: { address_scope: { name: 'x' } },
  }),
  n({
    name: 'address-scope-create-shared-member-403',
    method: 'POST',
    path: '/v2.0/address-scopes',
    body: { address_scope: { name: 'x', ip_version: 4, shared: true } },
  }),
  n({ name: 'address-scope-show', method: 'GET', path: '/v2.0/address-scopes/{scope_id}' }),
  n({ name: 'address-scope-show-404', method: 'GET', path: `/v2.0/address-scopes/${MISSING}` }),
  n({
    name: 'address-scope-show-other-project-404',
    method: 'GET',
    path: '/v2.0/address-scopes/{scope_id}',
    auth: 'alt',
  }),
  n({ name: 'address-scopes-list-by-name', method: 'GET', path: '/v2.0/address-scopes?name=parity-x-scope' }),
  n({
    name: 'address-scope-update',
    method: 'PUT',
    path: '/v2.0/address-scopes/{scope_id}',
    body: { address_scope: { name: 'parity-x-scope-2' } },
  }),
  n({
    name: 'address-scope-update-version-400',
    method: 'PUT',
    path: '/v2.0/address-scopes/{scope_id}',
    body: { address_scope: { ip_version: 6 } },
  }),
  n({
    name: 'subnetpool-update-scope-version-mismatch-400',
    method: 'PUT',
    path: '/v2.0/subnetpools/{pool2_id}',
    body: { subnetpool: { address_scope_id: '{scope_id}' } },
  }),
  n({
    name: 'subnetpool-update-scope-missing-404',
    method: 'PUT',
    path: '/v2.0/subnetpools/{pool_id}',
    body: { subnetpool: { address_scope_id: MISSING } },
  }),
  n({
    name: 'subnetpool-update-scope',
    method: 'PUT',
    path: '/v2.0/subnetpools/{pool_id}',
    body: { subnetpool: { address_scope_id: '{scope_id}' } },
  }),
  n({ name: 'subnetpool-show-scoped', method: 'GET', path: '/v2.0/subnetpools/{pool_id}' }),
  n({ name: 'address-scope-delete-in-use-409', method: 'DELETE', path: '/v2.0/address-scopes/{scope_id}' }),
  n({
    name: 'subnetpool-update-unscope',
    method: 'PUT',
    path: '/v2.0/subnetpools/{pool_id}',
    body: { subnetpool: { address_scope_id: null } },
  }),
  n({ name: 'address-scope-delete', method: 'DELETE', path: '/v2.0/address-scopes/{scope_id}' }),
  n({ name: 'address-scope-delete-again-404', method: 'DELETE', path: '/v2.0/address-scopes/{scope_id}' }),
];

const rbac: ParityCase[] = [
  n({
    name: 'rbac-create',
    method: 'POST',
    path: '/v2.0/rbac-policies',
    body: {
      rbac_policy: {
        object_type: 'network',
        object_id: '{xnet_id}',
        action: 'access_as_shared',
        target_tenant: '{alt_project_id}',
      },
    },
    capture: { rbac_id: 'rbac_policy.id' },
  }),
  n({
    name: 'rbac-create-duplicate-409',
    method: 'POST',
    path: '/v2.0/rbac-policies',
    body: {
      rbac_policy: {
        object_type: 'network',
        object_id: '{xnet_id}',
        action: 'access_as_shared',
        target_tenant: '{alt_project_id}',
      },
    },
  }),
  n({
    name: 'rbac-create-wildcard-member-403',
    method: 'POST',
    path: '/v2.0/rbac-policies',
    body: {
      rbac_policy: { object_type: 'network', object_id: '{xnet_id}', action: 'access_as_shared', target_tenant: '*' },
    },
  }),
  n({
    name: 'rbac-create-bad-action-400',
    method: 'POST',
    path: '/v2.0/rbac-policies',
    body: {
      rbac_policy: {
        object_type: 'network',
        object_id: '{xnet_id}',
        action: 'bogus',
        target_tenant: '{alt_project_id}',
      },
    },
  }),
  n({
    name: 'rbac-create-bad-type-400',
    method: 'POST',
    path: '/v2.0/rbac-policies',
    body: {
      rbac_policy: {
        object_type: 'bogus',
        object_id: '{xnet_id}',
        action: 'access_as_shared',
        target_tenant: '{alt_project_id}',
      },
    },
  }),
  n({
    name: 'rbac-create-missing-object-400',
    method: 'POST',
    path: '/v2.0/rbac-policies',
    body: {
      rbac_policy: {
        object_type: 'network',
        object_id: MISSING,
        action: 'access_as_shared',
        target_tenant: '{alt_project_id}',
      },
    },
  }),
  n({
    name: 'rbac-create-other-project-object-400',
    method: 'POST',
    path: '/v2.0/rbac-policies',
    auth: 'alt',
    body: {
      rbac_policy: {
        object_type: 'network',
        object_id: '{xnet_id}',
        action: 'access_as_shared',
        target_tenant: '{alt_project_id}',
      },
    },
  }),
  n({
    name: 'rbac-create-subnetpool',
    method: 'POST',
    path: '/v2.0/rbac-policies',
    body: {
      rbac_policy: {
        object_type: 'subnetpool',
        object_id: '{pool2_id}',
        action: 'access_as_shared',
        target_tenant: '{alt_project_id}',
      },
    },
    capture: { rbac_pool_id: 'rbac_policy.id' },
  }),
  n({ name: 'rbac-show', method: 'GET', path: '/v2.0/rbac-policies/{rbac_id}' }),
  n({ name: 'rbac-show-404', method: 'GET', path: `/v2.0/rbac-policies/${MISSING}` }),
  n({ name: 'rbac-list-by-object', method: 'GET', path: '/v2.0/rbac-policies?object_id={xnet_id}' }),
  n({ name: 'rbac-network-show-alt', method: 'GET', path: '/v2.0/networks/{xnet_id}', auth: 'alt' }),
  n({ name: 'rbac-subnetpool-show-alt', method: 'GET', path: '/v2.0/subnetpools/{pool2_id}', auth: 'alt' }),
  n({
    name: 'rbac-update-object-type-400',
    method: 'PUT',
    path: '/v2.0/rbac-policies/{rbac_id}',
    body: { rbac_policy: { object_type: 'qos_policy' } },
  }),
  n({
    name: 'rbac-alt-port-create',
    method: 'POST',
    path: '/v2.0/ports',
    auth: 'alt',
    body: { port: { network_id: '{xnet_id}', name: 'parity-x-alt-port' } },
    capture: { alt_port_id: 'port.id' },
  }),
  n({ name: 'rbac-delete-in-use-409', method: 'DELETE', path: '/v2.0/rbac-policies/{rbac_id}' }),
  n({ name: 'rbac-alt-port-delete', method: 'DELETE', path: '/v2.0/ports/{alt_port_id}', auth: 'alt' }),
  n({ name: 'rbac-delete', method: 'DELETE', path: '/v2.0/rbac-policies/{rbac_id}' }),
  n({ name: 'rbac-delete-again-404', method: 'DELETE', path: '/v2.0/rbac-policies/{rbac_id}' }),
  n({ name: 'rbac-network-show-alt-gone-404', method: 'GET', path: '/v2.0/networks/{xnet_id}', auth: 'alt' }),
  n({ name: 'rbac-delete-subnetpool', method: 'DELETE', path: '/v2.0/rbac-policies/{rbac_pool_id}' }),
];

const agentsAndZones: ParityCase[] = [
  n({ name: 'agents-list-admin', method: 'GET', path: '/v2.0/agents?agent_type=DHCP+agent', auth: 'admin' }),
  n({ name: 'agents-list-member', method: 'GET', path: '/v2.0/agents' }),
  n({ name: 'agent-show-404', method: 'GET', path: `/v2.0/agents/${MISSING}`, auth: 'admin' }),
  n({
    name: 'agent-update-404',
    method: 'PUT',
    path: `/v2.0/agents/${MISSING}`,
    auth: 'admin',
    body: { agent: { admin_state_up: false } },
  }),
  n({ name: 'agent-delete-404', method: 'DELETE', path: `/v2.0/agents/${MISSING}`, auth: 'admin' }),
  n({ name: 'agent-delete-member-404', method: 'DELETE', path: `/v2.0/agents/${MISSING}` }),
  n({ name: 'availability-zones-list', method: 'GET', path: '/v2.0/availability_zones?resource=network' }),
  n({ name: 'availability-zones-list-bogus-empty', method: 'GET', path: '/v2.0/availability_zones?resource=bogus' }),
  n({
    name: 'network-create-unknown-az-404',
    method: 'POST',
    path: '/v2.0/networks',
    body: { network: { name: 'x', availability_zone_hints: ['bogus-az'] } },
  }),
];

const ipAvailability: ParityCase[] = [
  n({ name: 'ip-availability-show', method: 'GET', path: '/v2.0/network-ip-availabilities/{xnet_id}', auth: 'admin' }),
  n({ name: 'ip-availability-show-member-404', method: 'GET', path: '/v2.0/network-ip-availabilities/{xnet_id}' }),
  n({
    name: 'ip-availability-show-404',
    method: 'GET',
    path: `/v2.0/network-ip-availabilities/${MISSING}`,
    auth: 'admin',
  }),
  n({
    name: 'ip-availabilities-list-by-name',
    method: 'GET',
    path: '/v2.0/network-ip-availabilities?network_name=parity-x-net',
    auth: 'admin',
  }),
  n({ name: 'ip-availabilities-list-member', method: 'GET', path: '/v2.0/network-ip-availabilities' }),
];

const serviceProviders: ParityCase[] = [
  n({ name: 'service-providers-list', method: 'GET', path: '/v2.0/service-providers?service_type=L3_ROUTER_NAT' }),
  n({ name: 'service-providers-list-by-name', method: 'GET', path: '/v2.0/service-providers?name=single_node' }),
];

const metering: ParityCase[] = [
  n({
    name: 'metering-label-create',
    method: 'POST',
    path: '/v2.0/metering/metering-labels',
    auth: 'admin',
    body: { metering_label: { name: 'parity-x-label', description: 'for parity' } },
    capture: { label_id: 'metering_label.id' },
  }),
  n({
    name: 'metering-label-create-shared',
    method: 'POST',
    path: '/v2.0/metering/metering-labels',
    auth: 'admin',
    body: { metering_label: { name: 'parity-x-label-b', shared: true } },
    capture: { label2_id: 'metering_label.id' },
  }),
  n({
    name: 'metering-label-create-member-403',
    method: 'POST',
    path: '/v2.0/metering/metering-labels',
    body: { metering_label: { name: 'x' } },
  }),
  n({
    name: 'metering-label-create-unknown-attr-400',
    method: 'POST',
    path: '/v2.0/metering/metering-labels',
    auth: 'admin',
    body: { metering_label: { name: 'x', bogus: 1 } },
  }),
  n({ name: 'metering-label-show', method: 'GET', path: '/v2.0/metering/metering-labels/{label_id}', auth: 'admin' }),
  n({ name: 'metering-label-show-member-404', method: 'GET', path: '/v2.0/metering/metering-labels/{label_id}' }),
  n({
    name: 'metering-label-show-404',
    method: 'GET',
    path: `/v2.0/metering/metering-labels/${MISSING}`,
    auth: 'admin',
  }),
  n({
    name: 'metering-labels-list-by-name',
    method: 'GET',
    path: '/v2.0/metering/metering-labels?name=parity-x-label',
    auth: 'admin',
  }),
  n({
    name: 'metering-label-update-400',
    method: 'PUT',
    path: '/v2.0/metering/metering-labels/{label_id}',
    auth: 'admin',
    body: { metering_label: { name: 'renamed' } },
  }),
  n({
    name: 'metering-rule-create',
    method: 'POST',
    path: '/v2.0/metering/metering-label-rules',
    auth: 'admin',
    body: {
      metering_label_rule: { metering_label_id: '{label_id}', remote_ip_prefix: '10.0.0.0/24', direction: 'ingress' },
    },
    capture: { mrule_id: 'metering_label_rule.id' },
  }),
  n({
    name: 'metering-rule-create-source-dest',
    method: 'POST',
    path: '/v2.0/metering/metering-label-rules',
    auth: 'admin',
    body: {
      metering_label_rule: {
        metering_label_id: '{label_id}',
        source_ip_prefix: '10.1.0.0/24',
        destination_ip_prefix: '10.2.0.0/24',
        direction: 'egress',
        excluded: true,
      },
    },
    capture: { mrule2_id: 'metering_label_rule.id' },
  }),
  n({
    name: 'metering-rule-create-overlap-409',
    method: 'POST',
    path: '/v2.0/metering/metering-label-rules',
    auth: 'admin',
    body: {
      metering_label_rule: { metering_label_id: '{label_id}', remote_ip_prefix: '10.0.0.128/25', direction: 'ingress' },
    },
  }),
  n({
    name: 'metering-rule-create-bad-direction-400',
    method: 'POST',
    path: '/v2.0/metering/metering-label-rules',
    auth: 'admin',
    body: {
      metering_label_rule: { metering_label_id: '{label_id}', remote_ip_prefix: '10.3.0.0/24', direction: 'up' },
    },
  }),
  n({
    name: 'metering-rule-create-remote-and-source-500',
    method: 'POST',
    path: '/v2.0/metering/metering-label-rules',
    auth: 'admin',
    body: {
      metering_label_rule: {
        metering_label_id: '{label_id}',
        remote_ip_prefix: '10.4.0.0/24',
        source_ip_prefix: '10.5.0.0/24',
        direction: 'ingress',
      },
    },
  }),
  n({
    name: 'metering-rule-create-no-prefix-500',
    method: 'POST',
    path: '/v2.0/metering/metering-label-rules',
    auth: 'admin',
    body: { metering_label_rule: { metering_label_id: '{label_id}', direction: 'ingress' } },
  }),
  n({
    name: 'metering-rule-create-missing-label-404',
    method: 'POST',
    path: '/v2.0/metering/metering-label-rules',
    auth: 'admin',
    body: {
      metering_label_rule: { metering_label_id: MISSING, remote_ip_prefix: '10.6.0.0/24', direction: 'ingress' },
    },
  }),
  n({
    name: 'metering-rule-create-member-403',
    method: 'POST',
    path: '/v2.0/metering/metering-label-rules',
    body: {
      metering_label_rule: { metering_label_id: '{label_id}', remote_ip_prefix: '10.7.0.0/24', direction: 'ingress' },
    },
  }),
  n({
    name: 'metering-rule-show',
    method: 'GET',
    path: '/v2.0/metering/metering-label-rules/{mrule_id}',
    auth: 'admin',
  }),
  n({
    name: 'metering-rule-show-404',
    method: 'GET',
    path: `/v2.0/metering/metering-label-rules/${MISSING}`,
    auth: 'admin',
  }),
  n({
    name: 'metering-rules-list-by-label',
    method: 'GET',
    path: '/v2.0/metering/metering-label-rules?metering_label_id={label_id}&sort_key=direction&sort_dir=asc',
    auth: 'admin',
  }),
  n({
    name: 'metering-label-show-with-rules',
    method: 'GET',
    path: '/v2.0/metering/metering-labels/{label_id}',
    auth: 'admin',
  }),
  n({
    name: 'metering-rule-delete',
    method: 'DELETE',
    path: '/v2.0/metering/metering-label-rules/{mrule_id}',
    auth: 'admin',
  }),
  n({
    name: 'metering-rule-delete-again-404',
    method: 'DELETE',
    path: '/v2.0/metering/metering-label-rules/{mrule_id}',
    auth: 'admin',
  }),
  n({
    name: 'metering-label-delete',
    method: 'DELETE',
    path: '/v2.0/metering/metering-labels/{label_id}',
    auth: 'admin',
  }),
  n({
    name: 'metering-rule-gone-404',
    method: 'GET',
    path: '/v2.0/metering/metering-label-rules/{mrule2_id}',
    auth: 'admin',
  }),
  n({
    name: 'metering-label-delete-again-404',
    method: 'DELETE',
    path: '/v2.0/metering/metering-labels/{label_id}',
    auth: 'admin',
  }),
  n({
    name: 'metering-label-delete-shared',
    method: 'DELETE',
    path: '/v2.0/metering/metering-labels/{label2_id}',
    auth: 'admin',
  }),
];

const provider: ParityCase[] = [
  n({
    name: 'provider-network-create-vlan',
    method: 'POST',
    path: '/v2.0/networks',
    auth: 'admin',
    body: {
      network: {
        name: 'parity-x-vlan',
        'provider:network_type': 'vlan',
        'provider:physical_network': 'physnet1',
        'provider:segmentation_id': 3100,
      },
    },
    capture: { vlan_net_id: 'network.id' },
  }),
  n({
    name: 'provider-network-create-vlan-in-use-409',
    method: 'POST',
    path: '/v2.0/networks',
    auth: 'admin',
    body: {
      network: {
        name: 'x',
        'provider:network_type': 'vlan',
        'provider:physical_network': 'physnet1',
        'provider:segmentation_id': 3100,
      },
    },
  }),
  n({
    name: 'provider-network-create-vxlan',
    method: 'POST',
    path: '/v2.0/networks',
    auth: 'admin',
    body: { network: { name: 'parity-x-vxlan', 'provider:network_type': 'vxlan', 'provider:segmentation_id': 7000 } },
    capture: { vxlan_net_id: 'network.id' },
  }),
  n({
    name: 'provider-network-create-vxlan-in-use-409',
    method: 'POST',
    path: '/v2.0/networks',
    auth: 'admin',
    body: { network: { name: 'x', 'provider:network_type': 'vxlan', 'provider:segmentation_id': 7000 } },
  }),
  n({
    name: 'provider-network-create-flat-in-use-409',
    method: 'POST',
    path: '/v2.0/networks',
    auth: 'admin',
    body: { network: { name: 'x', 'provider:network_type': 'flat', 'provider:physical_network': 'public' } },
  }),
  n({
    name: 'provider-network-create-bad-type-400',
    method: 'POST',
    path: '/v2.0/networks',
    auth: 'admin',
    body: { network: { name: 'x', 'provider:network_type': 'bogus' } },
  }),
  n({
    name: 'provider-network-create-vlan-bad-id-400',
    method: 'POST',
    path: '/v2.0/networks',
    auth: 'admin',
    body: {
      network: {
        name: 'x',
        'provider:network_type': 'vlan',
        'provider:physical_network': 'physnet1',
        'provider:segmentation_id': 5000,
      },
    },
  }),
  n({
    name: 'provider-network-create-vlan-unknown-physnet-400',
    method: 'POST',
    path: '/v2.0/networks',
    auth: 'admin',
    body: { network: { name: 'x', 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet9' } },
  }),
  n({
    name: 'provider-network-create-flat-with-id-400',
    method: 'POST',
    path: '/v2.0/networks',
    auth: 'admin',
    body: {
      network: {
        name: 'x',
        'provider:network_type': 'flat',
        'provider:physical_network': 'physnet2',
        'provider:segmentation_id': 5,
      },
    },
  }),
  n({
    name: 'provider-network-create-vxlan-physnet-400',
    method: 'POST',
    path: '/v2.0/networks',
    auth: 'admin',
    body: { network: { name: 'x', 'provider:network_type': 'vxlan', 'provider:physical_network': 'physnet1' } },
  }),
  n({
    name: 'provider-network-create-member-403',
    method: 'POST',
    path: '/v2.0/networks',
    body: { network: { name: 'x', 'provider:network_type': 'vxlan' } },
  }),
  n({ name: 'provider-network-show', method: 'GET', path: '/v2.0/networks/{vlan_net_id}', auth: 'admin' }),
  n({ name: 'provider-network-show-vxlan', method: 'GET', path: '/v2.0/networks/{vxlan_net_id}', auth: 'admin' }),
  n({ name: 'provider-network-show-tenant-admin', method: 'GET', path: '/v2.0/networks/{xnet_id}', auth: 'admin' }),
  n({
    name: 'provider-networks-list-by-type',
    method: 'GET',
    path: '/v2.0/networks?provider:network_type=vlan&name=parity-x-vlan',
    auth: 'admin',
  }),
  n({
    name: 'provider-network-update-type-400',
    method: 'PUT',
    path: '/v2.0/networks/{vlan_net_id}',
    auth: 'admin',
    body: { network: { 'provider:network_type': 'flat' } },
  }),
  n({
    name: 'provider-network-update-member-403',
    method: 'PUT',
    path: '/v2.0/networks/{xnet_id}',
    body: { network: { 'provider:segmentation_id': 3200 } },
  }),
  n({ name: 'provider-network-delete', method: 'DELETE', path: '/v2.0/networks/{vlan_net_id}', auth: 'admin' }),
  n({ name: 'provider-network-delete-vxlan', method: 'DELETE', path: '/v2.0/networks/{vxlan_net_id}', auth: 'admin' }),
];

const portExtras: ParityCase[] = [
  n({
    name: 'port-create-extras',
    method: 'POST',
    path: '/v2.0/ports',
    body: {
      port: {
        network_id: '{xnet_id}',
        name: 'parity-x-port',
        dns_name: 'parity-host',
        extra_dhcp_opts: [
          { opt_name: 'bootfile-name', opt_value: 'pxelinux.0' },
          { opt_name: 'tftp-server', opt_value: '10.0.0.9' },
        ],
        allowed_address_pairs: [
          { ip_address: '10.200.0.5' },
          { ip_address: '10.201.0.0/24', mac_address: 'fa:16:3e:00:00:01' },
        ],
      },
    },
    capture: { xport_id: 'port.id' },
  }),
  n({
    name: 'port-create-dhcp-opt-no-name-400',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: '{xnet_id}', extra_dhcp_opts: [{ opt_value: 'x' }] } },
  }),
  n({
    name: 'port-create-dhcp-opt-bad-version-400',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: '{xnet_id}', extra_dhcp_opts: [{ opt_name: 'a', opt_value: 'b', ip_version: 5 }] } },
  }),
  n({
    name: 'port-create-bad-address-pair-400',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: '{xnet_id}', allowed_address_pairs: [{ ip_address: 'bogus' }] } },
  }),
  n({
    name: 'port-create-address-pair-no-ip-400',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: '{xnet_id}', allowed_address_pairs: [{ mac_address: 'fa:16:3e:00:00:02' }] } },
  }),
  n({
    name: 'port-create-address-pair-duplicate-400',
    method: 'POST',
    path: '/v2.0/ports',
    body: {
      port: {
        network_id: '{xnet_id}',
        allowed_address_pairs: [{ ip_address: '10.9.0.1' }, { ip_address: '10.9.0.1' }],
      },
    },
  }),
  n({
    name: 'port-create-bad-dns-name-400',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: '{xnet_id}', dns_name: '-bad_name' } },
  }),
  n({ name: 'port-show-extras', method: 'GET', path: '/v2.0/ports/{xport_id}' }),
  n({
    name: 'port-update-extras',
    method: 'PUT',
    path: '/v2.0/ports/{xport_id}',
    body: {
      port: {
        extra_dhcp_opts: [
          { opt_name: 'bootfile-name', opt_value: 'other.0' },
          { opt_name: 'tftp-server', opt_value: null },
        ],
        allowed_address_pairs: [],
        dns_name: 'other-host',
      },
    },
  }),
  n({
    name: 'port-update-port-security-with-pairs-409',
    method: 'PUT',
    path: '/v2.0/ports/{xport_id}',
    body: { port: { allowed_address_pairs: [{ ip_address: '10.202.0.1' }], port_security_enabled: false } },
  }),
  n({ name: 'ports-list-by-name-extras', method: 'GET', path: '/v2.0/ports?name=parity-x-port' }),
  n({
    name: 'network-create-dns-domain',
    method: 'POST',
    path: '/v2.0/networks',
    body: { network: { name: 'parity-x-dns', dns_domain: 'Example.ORG.' } },
    capture: { dnsnet_id: 'network.id' },
  }),
  n({
    name: 'network-create-bad-dns-domain-400',
    method: 'POST',
    path: '/v2.0/networks',
    body: { network: { name: 'x', dns_domain: 'x' } },
  }),
  n({
    name: 'network-update-dns-domain',
    method: 'PUT',
    path: '/v2.0/networks/{dnsnet_id}',
    body: { network: { dns_domain: 'other.example.' } },
  }),
  n({ name: 'network-delete-dns', method: 'DELETE', path: '/v2.0/networks/{dnsnet_id}' }),
];

const bulkMore: ParityCase[] = [
  n({
    name: 'sg-create-bulk',
    method: 'POST',
    path: '/v2.0/security-groups',
    body: { security_groups: [{ name: 'parity-x-sg-a' }, { name: 'parity-x-sg-b', description: 'b' }] },
    capture: { bulk_sg_a_id: 'security_groups.0.id', bulk_sg_b_id: 'security_groups.1.id' },
  }),
  n({
    name: 'network-create-bulk-one-bad-400',
    method: 'POST',
    path: '/v2.0/networks',
    body: { networks: [{ name: 'parity-x-bulk-ok' }, { name: 'parity-x-bulk-bad', admin_state_up: 'maybe' }] },
  }),
  n({ name: 'networks-list-after-bad-bulk', method: 'GET', path: '/v2.0/networks?name=parity-x-bulk-ok' }),
  n({
    name: 'port-create-bulk-missing-network-404',
    method: 'POST',
    path: '/v2.0/ports',
    body: {
      ports: [
        { network_id: '{xnet_id}', name: 'parity-x-bulk-port' },
        { network_id: MISSING, name: 'parity-x-bulk-port' },
      ],
    },
  }),
  n({ name: 'ports-list-after-bad-bulk', method: 'GET', path: '/v2.0/ports?name=parity-x-bulk-port' }),
  n({ name: 'network-create-bulk-empty-400', method: 'POST', path: '/v2.0/networks', body: { networks: [] } }),
  n({ name: 'sg-delete-bulk-a', method: 'DELETE', path: '/v2.0/security-groups/{bulk_sg_a_id}' }),
  n({ name: 'sg-delete-bulk-b', method: 'DELETE', path: '/v2.0/security-groups/{bulk_sg_b_id}' }),
];

const jsonSuffixAndIfMatch: ParityCase[] = [
  n({ name: 'networks-list-json', method: 'GET', path: '/v2.0/networks.json?name=parity-x-net' }),
  n({
    name: 'network-show-json',
    method: 'GET',
    path: '/v2.0/networks/{xnet_id}.json',
    capture: { xnet_rev: 'network.revision_number' },
  }),
  n({ name: 'quota-details-json', method: 'GET', path: '/v2.0/quotas/{project_id}/details.json' }),
  n({ name: 'extensions-show-json', method: 'GET', path: '/v2.0/extensions/subnet_allocation.json' }),
  n({
    name: 'network-update-json',
    method: 'PUT',
    path: '/v2.0/networks/{xnet_id}.json',
    headers: { 'If-Match': 'revision_number={xnet_rev}' },
    body: { network: { description: 'if-match' } },
  }),
  n({
    name: 'network-update-if-match-stale-412',
    method: 'PUT',
    path: '/v2.0/networks/{xnet_id}',
    headers: { 'If-Match': 'revision_number={xnet_rev}' },
    body: { network: { description: 'stale' } },
  }),
  n({
    name: 'network-update-if-match-other-etag',
    method: 'PUT',
    path: '/v2.0/networks/{xnet_id}',
    headers: { 'If-Match': 'revision=1' },
    body: { network: { description: 'bad' } },
  }),
  n({
    name: 'subnet-update-if-match-412',
    method: 'PUT',
    path: '/v2.0/subnets/{xsub_id}',
    headers: { 'If-Match': 'revision_number=999' },
    body: { subnet: { name: 'parity-x-sub-2' } },
  }),
  n({
    name: 'subnetpool-update-if-match-412',
    method: 'PUT',
    path: '/v2.0/subnetpools/{pool_id}',
    headers: { 'If-Match': 'revision_number=999' },
    body: { subnetpool: { name: 'parity-x-pool-3' } },
  }),
  n({
    name: 'x-port-update-if-match-412',
    method: 'PUT',
    path: '/v2.0/ports/{xport_id}',
    headers: { 'If-Match': 'revision_number=999' },
    body: { port: { name: 'parity-x-port-2' } },
  }),
];

const cleanup: ParityCase[] = [
  n({ name: 'x-port-delete', method: 'DELETE', path: '/v2.0/ports/{xport_id}' }),
  n({ name: 'subnet-delete-from-pool', method: 'DELETE', path: '/v2.0/subnets/{xsub_id}' }),
  n({ name: 'subnetpool-delete', method: 'DELETE', path: '/v2.0/subnetpools/{pool_id}' }),
  n({ name: 'subnetpool-delete-again-404', method: 'DELETE', path: '/v2.0/subnetpools/{pool_id}' }),
  n({ name: 'subnetpool-delete-second', method: 'DELETE', path: '/v2.0/subnetpools/{pool2_id}' }),
  n({ name: 'x-network-delete', method: 'DELETE', path: '/v2.0/networks/{xnet_id}' }),
];

export const NEUTRON_EXTRA_CASES: ParityCase[] = [
  ...setup,
  ...subnetPools,
  ...addressScopes,
  ...rbac,
  ...agentsAndZones,
  ...ipAvailability,
  ...serviceProviders,
  ...metering,
  ...provider,
  ...portExtras,
  ...bulkMore,
  ...jsonSuffixAndIfMatch,
  ...cleanup,
];
