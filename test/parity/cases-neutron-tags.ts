/**
 * Neutron's tags (standard-attr-tag), replayed after the other Neutron cases: the six routes on a
 * network with their codes and bodies, validation, who may tag what, tags in the views of every
 * tagged resource, the list filters, and the tags going with their resource. Everything made here
 * is deleted again at the end.
 */
import type { ParityCase } from './case-types.js';

const MISSING = '9e6f1f9b-7c1e-4d84-a1a0-3a4c8f0d2b11';
const n = (c: Omit<ParityCase, 'service'>): ParityCase => ({ service: 'neutron', ...c });
const T = '/v2.0/networks/{tag_net_id}/tags';

const routes: ParityCase[] = [
  n({
    name: 'net-tag-network-create',
    method: 'POST',
    path: '/v2.0/networks',
    body: { network: { name: 'parity-tag-net' } },
    capture: { tag_net_id: 'network.id' },
  }),
  n({ name: 'net-tag-list-empty', method: 'GET', path: T }),
  n({ name: 'net-tag-replace', method: 'PUT', path: T, body: { tags: ['zeta', 'alpha', 'Mid'] } }),
  n({ name: 'net-tag-list-sorted', method: 'GET', path: T }),
  n({ name: 'net-tag-network-show', method: 'GET', path: '/v2.0/networks/{tag_net_id}' }),
  n({ name: 'net-tag-replace-same', method: 'PUT', path: T, body: { tags: ['Mid', 'zeta', 'alpha'] } }),
  n({ name: 'net-tag-network-show-unchanged', method: 'GET', path: '/v2.0/networks/{tag_net_id}' }),
  n({ name: 'net-tag-add', method: 'PUT', path: `${T}/beta` }),
  n({ name: 'net-tag-add-again', method: 'PUT', path: `${T}/beta` }),
  n({ name: 'net-tag-check', method: 'GET', path: `${T}/beta` }),
  n({ name: 'net-tag-check-404', method: 'GET', path: `${T}/nope` }),
  n({ name: 'net-tag-remove', method: 'DELETE', path: `${T}/beta` }),
  n({ name: 'net-tag-remove-404', method: 'DELETE', path: `${T}/beta` }),
  n({
    name: 'net-tag-network-show-after',
    method: 'GET',
    path: '/v2.0/networks/{tag_net_id}?fields=tags&fields=revision_number',
  }),
  n({ name: 'net-tag-post-404', method: 'POST', path: T, body: { tags: ['x'] } }),
  n({ name: 'net-tag-add-too-long-400', method: 'PUT', path: `${T}/${'x'.repeat(256)}` }),
  n({ name: 'net-tag-add-longest', method: 'PUT', path: `${T}/${'x'.repeat(255)}` }),
  n({ name: 'net-tag-replace-too-long-400', method: 'PUT', path: T, body: { tags: ['y'.repeat(256)] } }),
  n({ name: 'net-tag-replace-duplicates-400', method: 'PUT', path: T, body: { tags: ['a', 'b', 'a'] } }),
  n({ name: 'net-tag-replace-not-list-400', method: 'PUT', path: T, body: { tags: 'a' } }),
  n({ name: 'net-tag-replace-null-400', method: 'PUT', path: T, body: { tags: null } }),
  n({ name: 'net-tag-replace-not-string-400', method: 'PUT', path: T, body: { tags: [1] } }),
  n({ name: 'net-tag-replace-no-tags-400', method: 'PUT', path: T, body: { tag: ['a'] } }),
  n({ name: 'net-tag-replace-list-body-400', method: 'PUT', path: T, body: ['a'] }),
  n({ name: 'net-tag-replace-malformed-400', method: 'PUT', path: T, raw: '{"tags":' }),
  n({ name: 'net-tag-replace-empty-tag', method: 'PUT', path: T, body: { tags: [''] } }),
  n({ name: 'net-tag-list-empty-tag', method: 'GET', path: T }),
  n({ name: 'net-tag-other-project-404', method: 'GET', path: T, auth: 'alt' }),
  n({ name: 'net-tag-other-project-add-404', method: 'PUT', path: `${T}/x`, auth: 'alt' }),
  n({ name: 'net-tag-missing-network-404', method: 'PUT', path: `/v2.0/networks/${MISSING}/tags/x` }),
  n({ name: 'net-tag-bad-id-404', method: 'GET', path: '/v2.0/networks/not-a-uuid/tags' }),
  n({ name: 'net-tag-public-subnet-404', method: 'GET', path: '/v2.0/subnets/{public_subnet_id}/tags' }),
  // Zed has no tag policy: a member may tag the shared network it can see
  n({
    name: 'net-tag-shared-network-add',
    method: 'PUT',
    path: '/v2.0/networks/{private_network_id}/tags/parity-shared',
  }),
  n({
    name: 'net-tag-shared-network-list',
    method: 'GET',
    path: '/v2.0/networks/{private_network_id}/tags',
    auth: 'admin',
  }),
  n({ name: 'net-tag-shared-network-clear', method: 'DELETE', path: '/v2.0/networks/{private_network_id}/tags' }),
  n({ name: 'net-tag-remove-all', method: 'DELETE', path: T }),
  n({ name: 'net-tag-list-after-remove-all', method: 'GET', path: T }),
];

const resources: ParityCase[] = [
  n({
    name: 'net-tag-subnet-create',
    method: 'POST',
    path: '/v2.0/subnets',
    body: { subnet: { network_id: '{tag_net_id}', cidr: '10.160.0.0/24', ip_version: 4, name: 'parity-tag-subnet' } },
    capture: { tag_subnet_id: 'subnet.id' },
  }),
  n({ name: 'net-tag-subnet-add', method: 'PUT', path: '/v2.0/subnets/{tag_subnet_id}/tags/s1' }),
  n({ name: 'net-tag-subnet-show', method: 'GET', path: '/v2.0/subnets/{tag_subnet_id}' }),
  n({
    name: 'net-tag-port-create-with-tags',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: '{tag_net_id}', name: 'parity-tag-port', tags: ['ignored'] } },
    capture: { tag_port_id: 'port.id' },
  }),
  n({
    name: 'net-tag-port-create-bad-tags-400',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: '{tag_net_id}', tags: 'x' } },
  }),
  n({
    name: 'net-tag-port-replace',
    method: 'PUT',
    path: '/v2.0/ports/{tag_port_id}/tags',
    body: { tags: ['p2', 'p1'] },
  }),
  n({ name: 'net-tag-port-show', method: 'GET', path: '/v2.0/ports/{tag_port_id}' }),
  n({
    name: 'net-tag-router-create',
    method: 'POST',
    path: '/v2.0/routers',
    body: { router: { name: 'parity-tag-router' } },
    capture: { tag_router_id: 'router.id' },
  }),
  n({ name: 'net-tag-router-add', method: 'PUT', path: '/v2.0/routers/{tag_router_id}/tags/r1' }),
  n({ name: 'net-tag-router-show', method: 'GET', path: '/v2.0/routers/{tag_router_id}' }),
  n({
    name: 'net-tag-fip-create',
    method: 'POST',
    path: '/v2.0/floatingips',
    body: { floatingip: { floating_network_id: '{public_network_id}', description: 'parity tags' } },
    capture: { tag_fip_id: 'floatingip.id' },
  }),
  n({ name: 'net-tag-fip-add', method: 'PUT', path: '/v2.0/floatingips/{tag_fip_id}/tags/f1' }),
  n({ name: 'net-tag-fip-list-tags', method: 'GET', path: '/v2.0/floatingips/{tag_fip_id}/tags' }),
  n({
    name: 'net-tag-sg-create',
    method: 'POST',
    path: '/v2.0/security-groups',
    body: { security_group: { name: 'parity-tag-sg' } },
    capture: { tag_sg_id: 'security_group.id' },
    // the default egress rules come in the order of their random ids
    values: false,
  }),
  n({ name: 'net-tag-sg-add', method: 'PUT', path: '/v2.0/security-groups/{tag_sg_id}/tags/g1' }),
  n({
    name: 'net-tag-sg-show',
    method: 'GET',
    path: '/v2.0/security-groups/{tag_sg_id}?fields=tags&fields=revision_number',
  }),
  n({
    name: 'net-tag-sg-other-project-404',
    method: 'GET',
    path: '/v2.0/security-groups/{tag_sg_id}/tags',
    auth: 'alt',
  }),
  n({
    name: 'net-tag-subnetpool-create',
    method: 'POST',
    path: '/v2.0/subnetpools',
    body: { subnetpool: { name: 'parity-tag-pool', prefixes: ['10.161.0.0/16'] } },
    capture: { tag_pool_id: 'subnetpool.id' },
  }),
  n({ name: 'net-tag-subnetpool-add', method: 'PUT', path: '/v2.0/subnetpools/{tag_pool_id}/tags/sp1' }),
  n({ name: 'net-tag-subnetpool-show', method: 'GET', path: '/v2.0/subnetpools/{tag_pool_id}' }),
  n({ name: 'net-tag-address-scope-404', method: 'GET', path: `/v2.0/address-scopes/${MISSING}/tags` }),
];

const filters: ParityCase[] = [
  n({
    name: 'net-tag-filter-net-a',
    method: 'POST',
    path: '/v2.0/networks',
    body: { network: { name: 'parity-tag-a' } },
    capture: { tag_a_id: 'network.id' },
  }),
  n({
    name: 'net-tag-filter-net-b',
    method: 'POST',
    path: '/v2.0/networks',
    body: { network: { name: 'parity-tag-b' } },
    capture: { tag_b_id: 'network.id' },
  }),
  n({ name: 'net-tag-filter-tag-a', method: 'PUT', path: '/v2.0/networks/{tag_a_id}/tags', body: { tags: ['red'] } }),
  n({
    name: 'net-tag-filter-tag-b',
    method: 'PUT',
    path: '/v2.0/networks/{tag_b_id}/tags',
    body: { tags: ['red', 'blue'] },
  }),
  n({ name: 'net-tag-filter-tag-net', method: 'PUT', path: T, body: { tags: ['blue', 'green'] } }),
  ...(
    [
      ['tags', 'tags=red'],
      ['tags-comma', 'tags=red,blue'],
      ['tags-repeated', 'tags=red&tags=blue'],
      ['tags-any', 'tags-any=red,green'],
      ['not-tags', 'tags-any=red,blue,green&not-tags=red,blue'],
      ['not-tags-any', 'tags-any=red,blue,green&not-tags-any=green'],
      ['tags-and-not-tags-any', 'tags=blue&not-tags-any=red'],
      ['case', 'tags=RED'],
      ['empty', 'tags='],
      ['paged', 'tags-any=red,blue&limit=1'],
    ] as const
  ).map(([name, q]) =>
    n({
      name: `net-tag-filter-${name}`,
      method: 'GET',
      path: `/v2.0/networks?${q}&sort_key=name&sort_dir=asc&fields=name&fields=tags`,
    }),
  ),
  n({ name: 'net-tag-filter-subnets', method: 'GET', path: '/v2.0/subnets?tags=s1&fields=name&fields=tags' }),
  n({ name: 'net-tag-filter-ports', method: 'GET', path: '/v2.0/ports?tags-any=p1,zz&fields=name&fields=tags' }),
  n({ name: 'net-tag-filter-routers', method: 'GET', path: '/v2.0/routers?tags=r1&fields=name&fields=tags' }),
  n({ name: 'net-tag-filter-fips', method: 'GET', path: '/v2.0/floatingips?tags=f1&fields=description&fields=tags' }),
  n({ name: 'net-tag-filter-sgs', method: 'GET', path: '/v2.0/security-groups?tags=g1&fields=name&fields=tags' }),
  n({ name: 'net-tag-filter-subnetpools', method: 'GET', path: '/v2.0/subnetpools?tags=sp1&fields=name&fields=tags' }),
];

/** the tags go with their resources */
const cleanup: ParityCase[] = [
  n({ name: 'net-tag-cleanup-fip', method: 'DELETE', path: '/v2.0/floatingips/{tag_fip_id}' }),
  n({ name: 'net-tag-cleanup-router', method: 'DELETE', path: '/v2.0/routers/{tag_router_id}' }),
  n({ name: 'net-tag-cleanup-port', method: 'DELETE', path: '/v2.0/ports/{tag_port_id}' }),
  n({ name: 'net-tag-cleanup-subnet', method: 'DELETE', path: '/v2.0/subnets/{tag_subnet_id}' }),
  n({ name: 'net-tag-cleanup-subnet-tags-404', method: 'GET', path: '/v2.0/subnets/{tag_subnet_id}/tags' }),
  n({ name: 'net-tag-cleanup-net', method: 'DELETE', path: '/v2.0/networks/{tag_net_id}' }),
  n({ name: 'net-tag-cleanup-net-tags-404', method: 'GET', path: T }),
  n({ name: 'net-tag-cleanup-net-a', method: 'DELETE', path: '/v2.0/networks/{tag_a_id}' }),
  n({ name: 'net-tag-cleanup-net-b', method: 'DELETE', path: '/v2.0/networks/{tag_b_id}' }),
  n({ name: 'net-tag-cleanup-sg', method: 'DELETE', path: '/v2.0/security-groups/{tag_sg_id}' }),
  n({ name: 'net-tag-cleanup-subnetpool', method: 'DELETE', path: '/v2.0/subnetpools/{tag_pool_id}' }),
  n({ name: 'net-tag-cleanup-filter-gone', method: 'GET', path: '/v2.0/networks?tags-any=red,blue,green&fields=name' }),
];

export const NEUTRON_TAG_CASES: ParityCase[] = [...routes, ...resources, ...filters, ...cleanup];
