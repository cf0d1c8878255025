/**
 * The parity scenario: every case runs in this order against the real Nova (test/parity/record.ts,
 * which writes the golden files) and against stackbox (test/parity/parity.test.ts, which compares).
 * Later cases rely on the state earlier ones left (servers created, stopped, locked...), so a
 * "setup step" is simply an earlier case. Microversions are ones both sides serve (Nova Zed stops
 * at 2.93, stackbox at 2.96).
 */
import type { ParityCase } from './case-types.js';

export const PUBLIC_KEY = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCaLXN7flFpuT4WwBolf2P6brDk9nxM4k23H6AjscxYA/bX40OC/6d4G1JjYUKln7CPpBSAZjbTCLEklCl1ZR1IA7PnZgWfKwJwTEY9+tbPPYliEmFwPFRDnlBSe2LMYBwlds0atngABXGa2C7GrP35C/yQeAeqWDTdrTLClJuO3b6jlxrL4KNnk5bd+FfflzSuQ++Y14AcPjp7bj+2gXtbUDgustqLaNkSctu8dhe/gPPEJswfV8/UB0iwIsUesWOt6f9eFhOI8rdHKAeZzGU4n7kBm7Po6WVRoTpE+6twVYJ7oNFJvdcvTX6lTFBNEcAtUQwdH543wuMpo+X6kIgj parity';

/** a syntactically valid uuid that names nothing on either side */
const MISSING = '9e6f1f9b-7c1e-4d84-a1a0-3a4c8f0d2b11';

const A = '/v2.1/servers/{server_a}';
const B = '/v2.1/servers/{server_b}';
const waitA = (status: string) => ({ path: A, field: 'server.status', equals: status });

const versions: ParityCase[] = [
  { name: 'versions-root', method: 'GET', path: '/', auth: 'none' },
  { name: 'versions-v21', method: 'GET', path: '/v2.1/', auth: 'member' },
  { name: 'versions-v21-mv-2.47', method: 'GET', path: '/v2.1/', auth: 'member', mv: '2.47' },
];

const microversionErrors: ParityCase[] = [
  { name: 'mv-below-min-406', method: 'GET', path: '/v2.1/flavors', mv: '2.0' },
  { name: 'mv-above-max-406', method: 'GET', path: '/v2.1/flavors', mv: '3.0' },
  { name: 'mv-malformed-400', method: 'GET', path: '/v2.1/flavors', mv: '2.a' },
  { name: 'mv-latest', method: 'GET', path: '/v2.1/flavors/1', mv: 'latest' },
  { name: 'project-prefix-flavors', method: 'GET', path: '/v2.1/{project_id}/flavors' },
  { name: 'project-prefix-mismatch-400', method: 'GET', path: '/v2.1/0123456789abcdef0123456789abcdef/flavors' },
  { name: 'mv-legacy-header-2.47', method: 'GET', path: '/v2.1/flavors/1', mv: '2.47', legacyHeader: true },
];

const flavors: ParityCase[] = [
  { name: 'flavors-list', method: 'GET', path: '/v2.1/flavors' },
  { name: 'flavors-detail', method: 'GET', path: '/v2.1/flavors/detail' },
  { name: 'flavors-detail-2.61', method: 'GET', path: '/v2.1/flavors/detail', mv: '2.61', values: false },
  { name: 'flavors-list-min-ram', method: 'GET', path: '/v2.1/flavors?minRam=4096' },
  { name: 'flavors-list-bad-min-ram-400', method: 'GET', path: '/v2.1/flavors?minRam=abc' },
  { name: 'flavors-list-limit-marker', method: 'GET', path: '/v2.1/flavors?limit=2&marker=2' },
  { name: 'flavors-list-bad-marker-400', method: 'GET', path: '/v2.1/flavors?marker=999999' },
  { name: 'flavors-list-sorted', method: 'GET', path: '/v2.1/flavors?sort_key=memory_mb&sort_dir=desc&limit=3', values: false },
  { name: 'flavors-list-bad-sort-key-400', method: 'GET', path: '/v2.1/flavors?sort_key=bogus' },
  { name: 'flavors-list-bad-sort-dir-400', method: 'GET', path: '/v2.1/flavors?sort_dir=up' },
  { name: 'flavors-list-sort-dir-upper', method: 'GET', path: '/v2.1/flavors?sort_dir=DESC&limit=2' },
  { name: 'flavors-detail-min-disk', method: 'GET', path: '/v2.1/flavors/detail?minDisk=40' },
  { name: 'flavors-list-is-public-none-admin', method: 'GET', path: '/v2.1/flavors?is_public=none', auth: 'admin', values: false },
  { name: 'flavors-list-bad-limit-400', method: 'GET', path: '/v2.1/flavors?limit=abc' },
  { name: 'flavor-show', method: 'GET', path: '/v2.1/flavors/{flavor_id}' },
  { name: 'flavor-show-2.75', method: 'GET', path: '/v2.1/flavors/{flavor_id}', mv: '2.75' },
  { name: 'flavor-show-404', method: 'GET', path: '/v2.1/flavors/999999' },
  { name: 'flavor-show-latest', method: 'GET', path: '/v2.1/flavors/{flavor_id}', mv: '2.93' },
];

const flavorManage: ParityCase[] = [
  { name: 'flavor-create-member-403', method: 'POST', path: '/v2.1/flavors', body: { flavor: { name: 'parity.flavor', ram: 256, vcpus: 1, disk: 1, id: 'parity-flavor' } } },
  { name: 'flavor-create-admin', method: 'POST', path: '/v2.1/flavors', auth: 'admin', body: { flavor: { name: 'parity.flavor', ram: 256, vcpus: 1, disk: 1, id: 'parity-flavor' } } },
  { name: 'flavor-create-duplicate-409', method: 'POST', path: '/v2.1/flavors', auth: 'admin', body: { flavor: { name: 'parity.flavor', ram: 256, vcpus: 1, disk: 1, id: 'parity-flavor2' } } },
  { name: 'flavor-create-bad-ram-400', method: 'POST', path: '/v2.1/flavors', auth: 'admin', body: { flavor: { name: 'parity.bad', ram: 0, vcpus: 1, disk: 1 } } },
  { name: 'flavor-update-description-2.55', method: 'PUT', path: '/v2.1/flavors/parity-flavor', auth: 'admin', mv: '2.55', body: { flavor: { description: 'parity' } } },
  { name: 'flavor-update-2.54-404', method: 'PUT', path: '/v2.1/flavors/parity-flavor', auth: 'admin', mv: '2.54', body: { flavor: { description: 'parity' } } },
  { name: 'flavor-extra-specs-set', method: 'POST', path: '/v2.1/flavors/parity-flavor/os-extra_specs', auth: 'admin', body: { extra_specs: { 'hw:cpu_policy': 'shared' } } },
  { name: 'flavor-extra-specs-list', method: 'GET', path: '/v2.1/flavors/parity-flavor/os-extra_specs' },
  { name: 'flavor-extra-spec-show', method: 'GET', path: '/v2.1/flavors/parity-flavor/os-extra_specs/hw:cpu_policy' },
  { name: 'flavor-extra-spec-show-404', method: 'GET', path: '/v2.1/flavors/parity-flavor/os-extra_specs/hw:nope' },
  { name: 'flavor-extra-spec-update-mismatch-400', method: 'PUT', path: '/v2.1/flavors/parity-flavor/os-extra_specs/hw:cpu_policy', auth: 'admin', body: { 'hw:other': 'x' } },
  { name: 'flavor-extra-spec-delete', method: 'DELETE', path: '/v2.1/flavors/parity-flavor/os-extra_specs/hw:cpu_policy', auth: 'admin' },
  { name: 'flavor-access-public-404', method: 'GET', path: '/v2.1/flavors/parity-flavor/os-flavor-access', auth: 'admin' },
  { name: 'flavor-show-created-2.61', method: 'GET', path: '/v2.1/flavors/parity-flavor', mv: '2.61' },
  { name: 'flavor-access-add-public-2.7-409', method: 'POST', path: '/v2.1/flavors/parity-flavor/action', auth: 'admin', mv: '2.7', body: { addTenantAccess: { tenant: '{project_id}' } } },
  { name: 'flavor-access-add-public-2.1', method: 'POST', path: '/v2.1/flavors/parity-flavor/action', auth: 'admin', body: { addTenantAccess: { tenant: '{project_id}' } } },
  { name: 'flavor-extra-specs-missing-flavor-404', method: 'GET', path: '/v2.1/flavors/999999/os-extra_specs' },
  { name: 'flavor-create-bad-id-400', method: 'POST', path: '/v2.1/flavors', auth: 'admin', body: { flavor: { name: 'parity.badid', ram: 256, vcpus: 1, disk: 1, id: 'bad id!' } } },
  { name: 'flavor-delete', method: 'DELETE', path: '/v2.1/flavors/parity-flavor', auth: 'admin' },
  { name: 'flavor-delete-404', method: 'DELETE', path: '/v2.1/flavors/parity-flavor', auth: 'admin' },
];

const misc: ParityCase[] = [
  { name: 'limits', method: 'GET', path: '/v2.1/limits' },
  { name: 'limits-2.36', method: 'GET', path: '/v2.1/limits', mv: '2.36' },
  { name: 'limits-2.39', method: 'GET', path: '/v2.1/limits', mv: '2.39' },
  { name: 'limits-2.57', method: 'GET', path: '/v2.1/limits', mv: '2.57' },
  { name: 'availability-zones', method: 'GET', path: '/v2.1/os-availability-zone' },
  { name: 'availability-zones-detail-member-403', method: 'GET', path: '/v2.1/os-availability-zone/detail' },
  { name: 'limits-admin-other-project', method: 'GET', path: '/v2.1/limits?tenant_id={project_id}', auth: 'admin' },
  { name: 'availability-zones-detail-admin', method: 'GET', path: '/v2.1/os-availability-zone/detail', auth: 'admin', values: false },
  { name: 'hypervisors-list-member-403', method: 'GET', path: '/v2.1/os-hypervisors' },
  { name: 'hypervisors-list-admin', method: 'GET', path: '/v2.1/os-hypervisors', auth: 'admin', values: false },
  {
    name: 'hypervisors-list-admin-2.53', method: 'GET', path: '/v2.1/os-hypervisors', auth: 'admin', mv: '2.53', values: false,
    capture: { hypervisor_id: 'hypervisors.0.id' },
  },
  { name: 'hypervisors-detail-admin', method: 'GET', path: '/v2.1/os-hypervisors/detail', auth: 'admin', values: false },
  { name: 'hypervisors-list-bad-marker-2.33-400', method: 'GET', path: '/v2.1/os-hypervisors?marker=99999', auth: 'admin', mv: '2.33' },
  { name: 'hypervisors-list-pattern-2.53', method: 'GET', path: '/v2.1/os-hypervisors?hypervisor_hostname_pattern=nomatch', auth: 'admin', mv: '2.53' },
  { name: 'hypervisor-show-bad-uuid-2.53-400', method: 'GET', path: '/v2.1/os-hypervisors/123', auth: 'admin', mv: '2.53' },
  { name: 'hypervisor-show-not-integer-2.1-404', method: 'GET', path: '/v2.1/os-hypervisors/abc', auth: 'admin' },
  { name: 'hypervisors-detail-admin-2.33', method: 'GET', path: '/v2.1/os-hypervisors/detail', auth: 'admin', mv: '2.33', values: false },
  { name: 'hypervisor-show-admin-2.53', method: 'GET', path: '/v2.1/os-hypervisors/{hypervisor_id}', auth: 'admin', mv: '2.53', values: false },
  { name: 'hypervisor-show-404-2.53', method: 'GET', path: `/v2.1/os-hypervisors/${MISSING}`, auth: 'admin', mv: '2.53' },
  { name: 'extensions', method: 'GET', path: '/v2.1/extensions', values: false },
  { name: 'extension-show', method: 'GET', path: '/v2.1/extensions/os-keypairs' },
  { name: 'extension-show-404', method: 'GET', path: '/v2.1/extensions/os-bogus' },
];

const keypairs: ParityCase[] = [
  { name: 'keypair-import', method: 'POST', path: '/v2.1/os-keypairs', body: { keypair: { name: 'parity-key', public_key: PUBLIC_KEY } } },
  { name: 'keypair-import-duplicate-409', method: 'POST', path: '/v2.1/os-keypairs', body: { keypair: { name: 'parity-key', public_key: PUBLIC_KEY } } },
  { name: 'keypair-create-bad-body-400', method: 'POST', path: '/v2.1/os-keypairs', body: { keypair: { name: 'x', bogus: 1 } } },
  { name: 'keypair-generate-2.2', method: 'POST', path: '/v2.1/os-keypairs', mv: '2.2', body: { keypair: { name: 'parity-gen', type: 'ssh' } } },
  { name: 'keypair-generate-2.92-400', method: 'POST', path: '/v2.1/os-keypairs', mv: '2.92', body: { keypair: { name: 'parity-gen2' } } },
  { name: 'keypair-import-for-user-2.10', method: 'POST', path: '/v2.1/os-keypairs', auth: 'admin', mv: '2.10', body: { keypair: { name: 'parity-for-demo', public_key: PUBLIC_KEY, user_id: '{user_id}' } } },
  { name: 'keypairs-list-of-user-2.10', method: 'GET', path: '/v2.1/os-keypairs?user_id={user_id}', auth: 'admin', mv: '2.10' },
  { name: 'keypairs-list-of-user-2.10-member-403', method: 'GET', path: '/v2.1/os-keypairs?user_id={admin_user_id}', mv: '2.10' },
  { name: 'keypairs-list', method: 'GET', path: '/v2.1/os-keypairs' },
  { name: 'keypairs-list-2.35', method: 'GET', path: '/v2.1/os-keypairs', mv: '2.35' },
  { name: 'keypairs-list-limit-2.35', method: 'GET', path: '/v2.1/os-keypairs?limit=1', mv: '2.35', values: false },
  { name: 'keypairs-list-bad-marker-2.35-400', method: 'GET', path: '/v2.1/os-keypairs?marker=nope', mv: '2.35' },
  { name: 'keypair-import-bad-key-400', method: 'POST', path: '/v2.1/os-keypairs', body: { keypair: { name: 'parity-bad', public_key: 'ssh-rsa garbage' } } },
  { name: 'keypair-import-bad-name-2.92-400', method: 'POST', path: '/v2.1/os-keypairs', mv: '2.92', body: { keypair: { name: 'bad/name', public_key: PUBLIC_KEY } } },
  { name: 'keypair-import-at-name-2.92', method: 'POST', path: '/v2.1/os-keypairs', mv: '2.92', body: { keypair: { name: 'me@parity.example', public_key: PUBLIC_KEY } } },
  { name: 'keypair-import-bad-name-400', method: 'POST', path: '/v2.1/os-keypairs', body: { keypair: { name: 'bad/name', public_key: PUBLIC_KEY } } },
  { name: 'keypair-show', method: 'GET', path: '/v2.1/os-keypairs/parity-key' },
  { name: 'keypair-show-404', method: 'GET', path: '/v2.1/os-keypairs/nope' },
  { name: 'keypair-delete-other-user-2.10', method: 'DELETE', path: '/v2.1/os-keypairs/parity-for-demo?user_id={user_id}', auth: 'admin', mv: '2.10' },
  { name: 'keypair-delete', method: 'DELETE', path: '/v2.1/os-keypairs/parity-gen' },
  { name: 'keypair-delete-404', method: 'DELETE', path: '/v2.1/os-keypairs/parity-gen' },
];

const createErrors: ParityCase[] = [
  { name: 'server-create-malformed-json-400', method: 'POST', path: '/v2.1/servers', raw: '{"server": {"name": "x",' },
  { name: 'server-create-missing-name-400', method: 'POST', path: '/v2.1/servers', body: { server: { imageRef: '{image_id}', flavorRef: '1' } } },
  {
    name: 'server-create-unknown-flavor-400', method: 'POST', path: '/v2.1/servers',
    body: { server: { name: 'bad', imageRef: '{image_id}', flavorRef: '999999', networks: [{ uuid: '{network_id}' }] } },
  },
  {
    name: 'server-create-unknown-image-400', method: 'POST', path: '/v2.1/servers',
    body: { server: { name: 'bad', imageRef: MISSING, flavorRef: '1', networks: [{ uuid: '{network_id}' }] } },
  },
  {
    name: 'server-create-2.37-no-networks-400', method: 'POST', path: '/v2.1/servers', mv: '2.37',
    body: { server: { name: 'bad', imageRef: '{image_id}', flavorRef: '1' } },
  },
  {
    name: 'server-create-unknown-keypair-400', method: 'POST', path: '/v2.1/servers', mv: '2.37',
    body: { server: { name: 'bad', imageRef: '{image_id}', flavorRef: '1', networks: 'none', key_name: 'parity-nokey' } },
  },
  {
    name: 'server-create-unknown-az-400', method: 'POST', path: '/v2.1/servers', mv: '2.37',
    body: { server: { name: 'bad', imageRef: '{image_id}', flavorRef: '1', networks: 'none', availability_zone: 'parity-noaz' } },
  },
  {
    name: 'server-create-unknown-network-400', method: 'POST', path: '/v2.1/servers', mv: '2.37',
    body: { server: { name: 'bad', imageRef: '{image_id}', flavorRef: '1', networks: [{ uuid: MISSING }] } },
  },
  {
    name: 'server-create-no-image-400', method: 'POST', path: '/v2.1/servers', mv: '2.37',
    body: { server: { name: 'bad', flavorRef: '1', networks: 'none' } },
  },
  {
    name: 'server-create-bad-access-ip-400', method: 'POST', path: '/v2.1/servers', mv: '2.37',
    body: { server: { name: 'bad', imageRef: '{image_id}', flavorRef: '1', networks: 'none', accessIPv4: 'not-an-ip' } },
  },
  {
    name: 'server-create-description-2.18-400', method: 'POST', path: '/v2.1/servers',
    body: { server: { name: 'bad', imageRef: '{image_id}', flavorRef: '1', description: 'x' } },
  },
  {
    name: 'server-create-tags-2.51-400', method: 'POST', path: '/v2.1/servers', mv: '2.51',
    body: { server: { name: 'bad', imageRef: '{image_id}', flavorRef: '1', networks: 'none', tags: ['a'] } },
  },
  {
    name: 'server-create-hostname-2.89-400', method: 'POST', path: '/v2.1/servers', mv: '2.89',
    body: { server: { name: 'bad', imageRef: '{image_id}', flavorRef: '1', networks: 'none', hostname: 'h1' } },
  },
  {
    name: 'server-create-bad-user-data-400', method: 'POST', path: '/v2.1/servers', mv: '2.37',
    body: { server: { name: 'bad', imageRef: '{image_id}', flavorRef: '1', networks: 'none', user_data: 'not base64!' } },
  },
  {
    name: 'server-create-bad-metadata-key-400', method: 'POST', path: '/v2.1/servers', mv: '2.37',
    body: { server: { name: 'bad', imageRef: '{image_id}', flavorRef: '1', networks: 'none', metadata: { 'bad/key': 'x' } } },
  },
  {
    name: 'server-create-bad-network-uuid-400', method: 'POST', path: '/v2.1/servers', mv: '2.37',
    body: { server: { name: 'bad', imageRef: '{image_id}', flavorRef: '1', networks: [{ uuid: 'not-a-uuid' }] } },
  },
  {
    name: 'server-create-bad-network-uuid-2.1-400', method: 'POST', path: '/v2.1/servers',
    body: { server: { name: 'bad', imageRef: '{image_id}', flavorRef: '1', networks: [{ uuid: 'not-a-uuid' }] } },
  },
  {
    name: 'server-create-auto-plus-net-400', method: 'POST', path: '/v2.1/servers', mv: '2.37',
    body: { server: { name: 'bad', imageRef: '{image_id}', flavorRef: '1', networks: ['auto'] } },
  },
  {
    name: 'server-create-min-count-zero-400', method: 'POST', path: '/v2.1/servers', mv: '2.37',
    body: { server: { name: 'bad', imageRef: '{image_id}', flavorRef: '1', networks: 'none', min_count: 0 } },
  },
  {
    name: 'server-create-name-too-long-400', method: 'POST', path: '/v2.1/servers', mv: '2.37',
    body: { server: { name: 'x'.repeat(256), imageRef: '{image_id}', flavorRef: '1', networks: 'none' } },
  },
  {
    name: 'server-create-name-whitespace-400', method: 'POST', path: '/v2.1/servers', mv: '2.37',
    body: { server: { name: ' padded ', imageRef: '{image_id}', flavorRef: '1', networks: 'none' } },
  },
  {
    name: 'server-create-2.1-networks-auto-400', method: 'POST', path: '/v2.1/servers',
    body: { server: { name: 'bad', imageRef: '{image_id}', flavorRef: '1', networks: 'auto' } },
  },
];

const servers: ParityCase[] = [
  {
    name: 'server-create-2.1', method: 'POST', path: '/v2.1/servers',
    body: { server: { name: 'parity-a', imageRef: '{image_id}', flavorRef: '{flavor_id}', networks: [{ uuid: '{network_id}' }], metadata: { role: 'a' } } },
    capture: { server_a: 'server.id' }, wait: waitA('ACTIVE'),
  },
  {
    name: 'server-create-2.93', method: 'POST', path: '/v2.1/servers', mv: '2.93',
    body: { server: { name: 'parity-b', imageRef: '{image_id}', flavorRef: '{flavor_id}', networks: 'none' } },
    capture: { server_b: 'server.id' }, wait: { path: B, field: 'server.status', equals: 'ACTIVE' },
  },
  {
    name: 'server-create-2.90-extras', method: 'POST', path: '/v2.1/servers', mv: '2.90',
    body: { server: {
      name: 'parity-c', imageRef: '{image_id}', flavorRef: '{flavor_id}', networks: 'none', key_name: 'parity-key',
      user_data: 'aGVsbG8=', description: 'parity c', tags: ['one', 'two'], hostname: 'parity-c-host', metadata: { a: 'b' },
    } },
    capture: { server_c: 'server.id' }, wait: { path: '/v2.1/servers/{server_c}', field: 'server.status', equals: 'ACTIVE' },
  },
  { name: 'server-c-show-2.90', method: 'GET', path: '/v2.1/servers/{server_c}', mv: '2.90' },
  { name: 'server-c-show-admin-2.3', method: 'GET', path: '/v2.1/servers/{server_c}', mv: '2.3', auth: 'admin' },
  { name: 'server-c-update-hostname-2.90', method: 'PUT', path: '/v2.1/servers/{server_c}', mv: '2.90', body: { server: { hostname: 'parity-c-new' } } },
  { name: 'server-c-update-bad-hostname-2.90-400', method: 'PUT', path: '/v2.1/servers/{server_c}', mv: '2.90', body: { server: { hostname: 'bad_host!' } } },
  { name: 'server-c-delete', method: 'DELETE', path: '/v2.1/servers/{server_c}', wait: { path: '/v2.1/servers/{server_c}' } },
  { name: 'server-show-2.1', method: 'GET', path: A },
  { name: 'server-show-2.47', method: 'GET', path: A, mv: '2.47' },
  { name: 'server-show-2.73', method: 'GET', path: A, mv: '2.73' },
  { name: 'server-show-2.93', method: 'GET', path: A, mv: '2.93' },
  { name: 'server-show-admin-2.1', method: 'GET', path: A, auth: 'admin' },
  { name: 'server-show-admin-2.3', method: 'GET', path: A, auth: 'admin', mv: '2.3' },
  { name: 'server-show-admin-2.16', method: 'GET', path: A, auth: 'admin', mv: '2.16' },
  { name: 'server-show-2.26', method: 'GET', path: A, mv: '2.26' },
  { name: 'server-show-2.63', method: 'GET', path: A, mv: '2.63' },
  { name: 'server-show-2.71', method: 'GET', path: A, mv: '2.71' },
  { name: 'server-show-2.90', method: 'GET', path: A, mv: '2.90' },
  { name: 'server-show-admin-2.93', method: 'GET', path: A, auth: 'admin', mv: '2.93' },
  { name: 'servers-detail-2.1', method: 'GET', path: '/v2.1/servers/detail?name=parity-a' },
  { name: 'servers-detail-2.47', method: 'GET', path: '/v2.1/servers/detail?name=parity-a', mv: '2.47' },
  { name: 'server-show-404', method: 'GET', path: `/v2.1/servers/${MISSING}` },
  { name: 'servers-list', method: 'GET', path: '/v2.1/servers?name=parity-a' },
  { name: 'servers-detail-2.73', method: 'GET', path: '/v2.1/servers/detail?name=parity-a', mv: '2.73' },
  { name: 'servers-list-name-regex', method: 'GET', path: '/v2.1/servers?name=^parity-b$' },
  { name: 'servers-list-status-active', method: 'GET', path: '/v2.1/servers?status=ACTIVE&name=parity', values: false },
  { name: 'servers-list-bad-status-2.1', method: 'GET', path: '/v2.1/servers?status=BOGUS' },
  { name: 'servers-list-bad-status-2.38-400', method: 'GET', path: '/v2.1/servers?status=BOGUS', mv: '2.38' },
  { name: 'servers-list-bad-limit-400', method: 'GET', path: '/v2.1/servers?limit=-1' },
  { name: 'servers-list-bad-marker-400', method: 'GET', path: `/v2.1/servers?marker=${MISSING}` },
  { name: 'servers-list-unknown-param-2.1', method: 'GET', path: '/v2.1/servers?name=parity-a&bogus=1' },
  { name: 'servers-list-underscore-param-2.75', method: 'GET', path: '/v2.1/servers?name=parity-a&_foo=1', mv: '2.75' },
  { name: 'servers-list-underscore-param-admin-400', method: 'GET', path: '/v2.1/servers?_foo=1', auth: 'admin' },
  { name: 'servers-list-unknown-param-2.75-400', method: 'GET', path: '/v2.1/servers?bogus=1', mv: '2.75' },
  { name: 'servers-detail-admin-all-tenants', method: 'GET', path: '/v2.1/servers/detail?all_tenants=1&name=parity-a', auth: 'admin' },
  { name: 'servers-list-bad-changes-since-400', method: 'GET', path: '/v2.1/servers?changes-since=yesterday' },
  { name: 'servers-list-bad-sort-key-400', method: 'GET', path: '/v2.1/servers?sort_key=bogus' },
  { name: 'servers-list-ignored-sort-key', method: 'GET', path: '/v2.1/servers?sort_key=vm_mode&name=parity-a' },
  { name: 'servers-list-bad-sort-dir-400', method: 'GET', path: '/v2.1/servers?sort_dir=up' },
  { name: 'servers-list-locked-filter-2.73', method: 'GET', path: '/v2.1/servers?locked=true', mv: '2.73' },
  { name: 'servers-list-changes-since', method: 'GET', path: '/v2.1/servers?changes-since=2000-01-01T00:00:00Z&name=parity-a' },
  { name: 'servers-list-changes-before-2.66', method: 'GET', path: '/v2.1/servers?changes-before=2000-01-01T00:00:00Z', mv: '2.66' },
  { name: 'servers-list-changes-before-2.65', method: 'GET', path: '/v2.1/servers?changes-before=2000-01-01T00:00:00Z&name=parity-a', mv: '2.65' },
  { name: 'servers-list-bad-changes-order-2.66-400', method: 'GET', path: '/v2.1/servers?changes-since=2030-01-01T00:00:00Z&changes-before=2000-01-01T00:00:00Z', mv: '2.66' },
  { name: 'servers-list-ip-filter', method: 'GET', path: '/v2.1/servers?ip={ip_prefix}&name=parity-a', values: false },
  { name: 'servers-list-deleted-member', method: 'GET', path: '/v2.1/servers?deleted=true&name=parity-a' },
  { name: 'servers-list-limit-1', method: 'GET', path: '/v2.1/servers?limit=1&name=parity', values: false },
  { name: 'server-update-2.1', method: 'PUT', path: A, body: { server: { name: 'parity-a' } } },
  { name: 'server-update-2.75', method: 'PUT', path: A, mv: '2.75', body: { server: { name: 'parity-a' } } },
  { name: 'server-update-bad-body-400', method: 'PUT', path: A, body: { server: { bogus: 1 } } },
  { name: 'server-update-description-2.1-400', method: 'PUT', path: A, body: { server: { description: 'x' } } },
  { name: 'server-update-description-2.19', method: 'PUT', path: A, mv: '2.19', body: { server: { description: 'parity description' } } },
  { name: 'server-update-empty-name-400', method: 'PUT', path: A, body: { server: { name: '' } } },
  { name: 'server-update-bad-ipv4-400', method: 'PUT', path: A, body: { server: { accessIPv4: 'not-an-ip' } } },
  { name: 'server-update-404', method: 'PUT', path: `/v2.1/servers/${MISSING}`, body: { server: { name: 'x' } } },
];

const subresources: ParityCase[] = [
  { name: 'server-ips', method: 'GET', path: `${A}/ips`, values: false },
  { name: 'server-ips-network', method: 'GET', path: `${A}/ips/private`, values: false },
  { name: 'server-virtual-interfaces-410', method: 'GET', path: `${A}/os-virtual-interfaces` },
  { name: 'server-ips-unknown-network-404', method: 'GET', path: `${A}/ips/nonet` },
  { name: 'server-metadata-list', method: 'GET', path: `${A}/metadata` },
  { name: 'server-metadata-set', method: 'POST', path: `${A}/metadata`, body: { metadata: { color: 'blue' } } },
  { name: 'server-metadata-bad-key-400', method: 'POST', path: `${A}/metadata`, body: { metadata: { 'bad/key': 'x' } } },
  { name: 'server-metadata-show', method: 'GET', path: `${A}/metadata/color` },
  { name: 'server-metadata-show-404', method: 'GET', path: `${A}/metadata/nokey` },
  { name: 'server-metadata-put-mismatch-400', method: 'PUT', path: `${A}/metadata/color`, body: { meta: { other: 'x' } } },
  { name: 'server-metadata-replace', method: 'PUT', path: `${A}/metadata`, body: { metadata: { role: 'a', color: 'blue' } } },
  { name: 'server-metadata-delete-404', method: 'DELETE', path: `${A}/metadata/nokey` },
  { name: 'server-metadata-put-item', method: 'PUT', path: `${A}/metadata/color`, body: { meta: { color: 'red' } } },
  { name: 'server-metadata-put-two-items-400', method: 'PUT', path: `${A}/metadata/color`, body: { meta: { color: 'red', size: 'L' } } },
  { name: 'server-metadata-delete', method: 'DELETE', path: `${A}/metadata/color` },
  { name: 'server-tags-2.1-404', method: 'GET', path: `${A}/tags` },
  { name: 'server-tag-add-2.26', method: 'PUT', path: `${A}/tags/red`, mv: '2.26' },
  { name: 'server-tags-list-2.26', method: 'GET', path: `${A}/tags`, mv: '2.26' },
  { name: 'server-tags-replace-2.26', method: 'PUT', path: `${A}/tags`, mv: '2.26', body: { tags: ['green', 'red'] } },
  { name: 'server-tag-show-404-2.26', method: 'GET', path: `${A}/tags/blue`, mv: '2.26' },
  { name: 'server-tag-delete-404-2.26', method: 'DELETE', path: `${A}/tags/blue`, mv: '2.26' },
  { name: 'server-tag-add-bad-chars-400', method: 'PUT', path: `${A}/tags/a,b`, mv: '2.26' },
  { name: 'server-tags-replace-bad-400', method: 'PUT', path: `${A}/tags`, mv: '2.26', body: { tags: ['ok', 'bad/tag'] } },
  { name: 'server-tags-delete-all-2.26', method: 'DELETE', path: `${A}/tags`, mv: '2.26' },
];

const actions: ParityCase[] = [
  { name: 'action-malformed-json-400', method: 'POST', path: `${A}/action`, raw: '{"os-stop": ' },
  { name: 'action-unknown-400', method: 'POST', path: `${A}/action`, body: { 'os-bogus': null } },
  { name: 'action-two-keys-400', method: 'POST', path: `${A}/action`, body: { 'os-stop': null, 'os-start': null } },
  { name: 'action-stop-404', method: 'POST', path: `/v2.1/servers/${MISSING}/action`, body: { 'os-stop': null } },
  { name: 'action-start-active-409', method: 'POST', path: `${A}/action`, body: { 'os-start': null } },
  { name: 'action-stop', method: 'POST', path: `${A}/action`, body: { 'os-stop': null }, wait: waitA('SHUTOFF') },
  { name: 'server-show-shutoff-2.1', method: 'GET', path: A },
  { name: 'action-stop-shutoff-409', method: 'POST', path: `${A}/action`, body: { 'os-stop': null } },
  { name: 'action-start', method: 'POST', path: `${A}/action`, body: { 'os-start': null }, wait: waitA('ACTIVE') },
  { name: 'action-reboot-bad-type-400', method: 'POST', path: `${A}/action`, body: { reboot: { type: 'GENTLE' } } },
  { name: 'action-reboot-no-type-400', method: 'POST', path: `${A}/action`, body: { reboot: {} } },
  { name: 'action-reboot-soft', method: 'POST', path: `${A}/action`, body: { reboot: { type: 'SOFT' } }, wait: waitA('ACTIVE') },
  { name: 'action-reboot-hard', method: 'POST', path: `${A}/action`, body: { reboot: { type: 'HARD' } }, wait: waitA('ACTIVE') },
  { name: 'action-lock', method: 'POST', path: `${A}/action`, body: { lock: null } },
  { name: 'server-show-locked-2.9', method: 'GET', path: A, mv: '2.9' },
  { name: 'action-stop-locked-409', method: 'POST', path: `${A}/action`, body: { 'os-stop': null } },
  { name: 'action-unlock', method: 'POST', path: `${A}/action`, body: { unlock: null } },
  { name: 'action-lock-reason-2.73', method: 'POST', path: `${A}/action`, mv: '2.73', body: { lock: { locked_reason: 'parity' } } },
  { name: 'action-lock-again-empty-reason-2.73-400', method: 'POST', path: `${A}/action`, mv: '2.73', body: { lock: { locked_reason: '' } } },
  { name: 'server-show-locked-2.73', method: 'GET', path: A, mv: '2.73' },
  // before 2.73 the lock body is not validated; locking a server its owner already locked is a no-op
  { name: 'action-lock-again-body-ignored-2.72', method: 'POST', path: `${A}/action`, mv: '2.72', body: { lock: { locked_reason: 'parity' } } },
  { name: 'action-unlock-2.73', method: 'POST', path: `${A}/action`, mv: '2.73', body: { unlock: null } },
  { name: 'action-console-output', method: 'POST', path: `${A}/action`, body: { 'os-getConsoleOutput': { length: 5 } }, values: false },
];

const instanceActions: ParityCase[] = [
  { name: 'instance-actions-list', method: 'GET', path: `${A}/os-instance-actions`, capture: { request_id: 'instanceActions.0.request_id' } },
  { name: 'instance-actions-list-2.58', method: 'GET', path: `${A}/os-instance-actions`, mv: '2.58' },
  { name: 'instance-action-show', method: 'GET', path: `${A}/os-instance-actions/{request_id}` },
  { name: 'instance-action-show-admin-2.51', method: 'GET', path: `${A}/os-instance-actions/{request_id}`, auth: 'admin', mv: '2.51' },
  { name: 'instance-action-show-2.84', method: 'GET', path: `${A}/os-instance-actions/{request_id}`, mv: '2.84' },
  { name: 'instance-actions-list-bad-marker-2.58-400', method: 'GET', path: `${A}/os-instance-actions?marker=req-${MISSING}`, mv: '2.58' },
  { name: 'instance-actions-list-limit-2.58', method: 'GET', path: `${A}/os-instance-actions?limit=1`, mv: '2.58', values: false },
  { name: 'instance-actions-list-bad-changes-since-2.58-400', method: 'GET', path: `${A}/os-instance-actions?changes-since=never`, mv: '2.58' },
  { name: 'instance-actions-list-changes-before-2.66', method: 'GET', path: `${A}/os-instance-actions?changes-before=2000-01-01T00:00:00Z`, mv: '2.66' },
  { name: 'action-console-output-bad-length-400', method: 'POST', path: `${A}/action`, body: { 'os-getConsoleOutput': { length: 'abc' } } },
  { name: 'instance-action-show-404', method: 'GET', path: `${A}/os-instance-actions/req-${MISSING}` },
  { name: 'instance-actions-list-404', method: 'GET', path: `/v2.1/servers/${MISSING}/os-instance-actions` },
];

// after the instance-action cases, which look at the newest action
const rebuild: ParityCase[] = [
  { name: 'action-restore-active-409', method: 'POST', pendingRoute: true, path: `${A}/action`, body: { restore: null } },
  { name: 'action-rebuild-unknown-image-400', method: 'POST', pendingRoute: true, path: `${A}/action`, body: { rebuild: { imageRef: MISSING } } },
  { name: 'action-rebuild-bad-body-400', method: 'POST', pendingRoute: true, path: `${A}/action`, body: { rebuild: { imageRef: '{image_id}', bogus: 1 } } },
  { name: 'action-rebuild', method: 'POST', pendingRoute: true, path: `${A}/action`, body: { rebuild: { imageRef: '{image_id}', name: 'parity-a' } }, wait: waitA('ACTIVE') },
  { name: 'action-rebuild-2.75', method: 'POST', pendingRoute: true, path: `${A}/action`, mv: '2.75', body: { rebuild: { imageRef: '{image_id}' } }, wait: waitA('ACTIVE') },
];

const interfaces: ParityCase[] = [
  { name: 'interfaces-list', method: 'GET', path: `${A}/os-interface`, pendingRoute: true, capture: { first_port: 'interfaceAttachments.0.port_id' } },
  { name: 'interface-show', method: 'GET', path: `${A}/os-interface/{first_port}`, pendingRoute: true },
  { name: 'interface-show-404', method: 'GET', path: `${A}/os-interface/${MISSING}`, pendingRoute: true },
  { name: 'interface-attach-port', method: 'POST', path: `${A}/os-interface`, pendingRoute: true, body: { interfaceAttachment: { port_id: '{port_id}' } } },
  { name: 'interface-attach-port-in-use-409', method: 'POST', path: `${B}/os-interface`, pendingRoute: true, body: { interfaceAttachment: { port_id: '{port_id}' } } },
  { name: 'interface-attach-unknown-port-404', method: 'POST', path: `${A}/os-interface`, pendingRoute: true, body: { interfaceAttachment: { port_id: MISSING } } },
  { name: 'interface-attach-bad-body-400', method: 'POST', path: `${A}/os-interface`, pendingRoute: true, body: { interfaceAttachment: { bogus: 1 } } },
  { name: 'interface-attach-both-400', method: 'POST', path: `${A}/os-interface`, pendingRoute: true, body: { interfaceAttachment: { port_id: '{port_id}', net_id: '{network_id}' } } },
  { name: 'interfaces-list-after-attach', method: 'GET', path: `${A}/os-interface`, pendingRoute: true, values: false },
  { name: 'interface-detach', method: 'DELETE', path: `${A}/os-interface/{port_id}`, pendingRoute: true },
  { name: 'interface-detach-not-attached', method: 'DELETE', path: `${A}/os-interface/{port_id}`, pendingRoute: true },
  {
    name: 'interface-attach-network', method: 'POST', path: `${A}/os-interface`, pendingRoute: true, body: { interfaceAttachment: { net_id: '{network_id}' } },
    capture: { new_port: 'interfaceAttachment.port_id' },
  },
  { name: 'interface-show-attached', method: 'GET', path: `${A}/os-interface/{new_port}`, pendingRoute: true },
  { name: 'interface-detach-network-port', method: 'DELETE', path: `${A}/os-interface/{new_port}`, pendingRoute: true },
  {
    name: 'interface-attach-tag-2.49', method: 'POST', path: `${A}/os-interface`, mv: '2.49', pendingRoute: true,
    body: { interfaceAttachment: { net_id: '{network_id}', tag: 'parity-tag' } }, capture: { tagged_port: 'interfaceAttachment.port_id' },
  },
  { name: 'interfaces-list-2.70', method: 'GET', path: `${A}/os-interface`, mv: '2.70', pendingRoute: true, values: false },
  { name: 'interface-show-tagged-2.70', method: 'GET', path: `${A}/os-interface/{tagged_port}`, mv: '2.70', pendingRoute: true },
  { name: 'interface-attach-tag-2.48-400', method: 'POST', path: `${A}/os-interface`, mv: '2.48', pendingRoute: true, body: { interfaceAttachment: { net_id: '{network_id}', tag: 'x' } } },
  { name: 'interface-detach-tagged', method: 'DELETE', path: `${A}/os-interface/{tagged_port}`, pendingRoute: true },
  { name: 'interfaces-list-404', method: 'GET', path: `/v2.1/servers/${MISSING}/os-interface`, pendingRoute: true },
];

const externalEvents: ParityCase[] = [
  {
    name: 'external-events-admin', method: 'POST', path: '/v2.1/os-server-external-events', auth: 'admin', pendingRoute: true,
    body: { events: [{ name: 'network-changed', server_uuid: '{server_a}' }] },
  },
  {
    name: 'external-events-unknown-server-207', method: 'POST', path: '/v2.1/os-server-external-events', auth: 'admin', pendingRoute: true,
    body: { events: [{ name: 'network-changed', server_uuid: MISSING }] },
  },
  {
    name: 'external-events-bad-name-400', method: 'POST', path: '/v2.1/os-server-external-events', auth: 'admin', pendingRoute: true,
    body: { events: [{ name: 'bogus-event', server_uuid: '{server_a}' }] },
  },
  {
    name: 'external-events-power-update-2.1-400', method: 'POST', path: '/v2.1/os-server-external-events', auth: 'admin', pendingRoute: true,
    body: { events: [{ name: 'power-update', server_uuid: '{server_a}', tag: 'POWER_ON' }] },
  },
  {
    name: 'external-events-power-update-2.76', method: 'POST', path: '/v2.1/os-server-external-events', auth: 'admin', mv: '2.76', pendingRoute: true,
    body: { events: [{ name: 'power-update', server_uuid: '{server_a}', tag: 'POWER_ON' }] },
  },
  {
    name: 'external-events-vif-plugged-no-tag', method: 'POST', path: '/v2.1/os-server-external-events', auth: 'admin', pendingRoute: true,
    body: { events: [{ name: 'network-vif-plugged', server_uuid: '{server_a}' }, { name: 'network-changed', server_uuid: '{server_a}', status: 'bogus' }] },
  },
  {
    name: 'external-events-empty-400', method: 'POST', path: '/v2.1/os-server-external-events', auth: 'admin', pendingRoute: true,
    body: { events: [] },
  },
  {
    name: 'external-events-member-403', method: 'POST', path: '/v2.1/os-server-external-events', pendingRoute: true,
    body: { events: [{ name: 'network-changed', server_uuid: '{server_a}' }] },
  },
];

const deletes: ParityCase[] = [
  { name: 'server-delete', method: 'DELETE', path: B, wait: { path: B } },
  { name: 'server-show-deleted-404', method: 'GET', path: B },
  { name: 'server-delete-again-404', method: 'DELETE', path: B },
  // forceDelete is allowed in any vm_state (compute/api.py force_delete), so it can delete
  { name: 'action-force-delete-deleted-404', method: 'POST', pendingRoute: true, path: `${B}/action`, body: { forceDelete: null } },
  { name: 'action-on-deleted-404', method: 'POST', path: `${B}/action`, body: { 'os-start': null } },
  { name: 'instance-actions-deleted-server-2.21', method: 'GET', path: `${B}/os-instance-actions`, mv: '2.21' },
  { name: 'instance-actions-deleted-server-2.1-404', method: 'GET', path: `${B}/os-instance-actions` },
  { name: 'server-delete-a', method: 'DELETE', path: A, wait: { path: A } },
  {
    name: 'server-create-multi-reservation-id', method: 'POST', path: '/v2.1/servers', mv: '2.37',
    body: { server: { name: 'parity-multi', imageRef: '{image_id}', flavorRef: '{flavor_id}', networks: 'none', min_count: 2, return_reservation_id: true } },
    capture: { reservation_id: 'reservation_id' },
  },
  { name: 'servers-list-by-reservation-id', method: 'GET', path: '/v2.1/servers?reservation_id={reservation_id}', values: false },
  {
    name: 'server-create-min-over-max-400', method: 'POST', path: '/v2.1/servers', mv: '2.37',
    body: { server: { name: 'parity-multi', imageRef: '{image_id}', flavorRef: '{flavor_id}', networks: 'none', min_count: 3, max_count: 2 } },
  },
  { name: 'unknown-route-404', method: 'GET', path: '/v2.1/os-bogus' },
  { name: 'method-not-allowed-405', method: 'PUT', path: '/v2.1/flavors', body: {} },
];

export const CASES: ParityCase[] = [
  ...versions, ...microversionErrors, ...flavors, ...flavorManage, ...misc, ...keypairs, ...createErrors, ...servers,
  ...subresources, ...actions, ...instanceActions, ...rebuild, ...interfaces, ...externalEvents, ...deletes,
];
