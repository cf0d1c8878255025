/**
 * Nova's server actions and admin resources beyond the seed surface (issue 15): successes and
 * errors (409 wrong state, 400 bad body, 404, microversion gates), replayed after the seed cases
 * (cases.ts) against their own server, parity-x, which the last case deletes. The real side runs
 * one compute host (stackbox four), so cases that would need the scheduler to find another host
 * only check the errors both sides give.
 * (A backup's rotation stays above the number of images: the real side's Glance stand-in ignores
 * the backup filters, so a rotation would delete its seeded images.)
 */
import type { ParityCase, WaitSpec } from './case-types.js';
import { PUBLIC_KEY } from './cases.js';

/** a syntactically valid uuid that names nothing on either side */
const MISSING = '9e6f1f9b-7c1e-4d84-a1a0-3a4c8f0d2b11';

/** a self-signed certificate for the x509 keypair cases (no private key is needed) */
const X509_CERT = [
  '-----BEGIN CERTIFICATE-----',
  'MIICADCCAWmgAwIBAgIUGPiig6bs+W4Z38IFmQQaKEc8l5kwDQYJKoZIhvcNAQEL',
  'BQAwETEPMA0GA1UEAwwGcGFyaXR5MCAXDTI2MTIwODAwMzgxNVoYDzIxMjYxMTE0',
  'MDAzODE1WjARMQ8wDQYDVQQDDAZwYXJpdHkwgZ8wDQYJKoZIhvcNAQEBBQADgY0A',
  'MIGJAoGBAK0uDAIZQwDQt+BgCihs2n44UQbnm7RMHfRHbIeyttNIWQKCrYfjIAy8',
  'y9GoMQpzPV/NntM4eAeQFxHk5cPiv4bKohzK5DH5fFGtQ6JgpyOTqL5UvNHoxVDw',
  'ep3kSlA4m3pjUEPcUJLeyJAVu2F50h1+QPt4SCiZLCR7MbsHtgmLAgMBAAGjUzBR',
  'MB0GA1UdDgQWBBT6Mf9/R4jtcSgv/f0qH09LRPafLDAfBgNVHSMEGDAWgBT6Mf9/',
  'R4jtcSgv/f0qH09LRPafLDAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUA',
  'A4GBAGZmDb+TFWA1sZTB29WhvEWsfuMQ376Aq7X3Ql1Yvoamz8Uvbr1CuAPDxMSs',
  'GSN+SzWX4AgFZ4bMBV5sn8itc8ZvJ0bhILwMfKzOA5cS3+UJcyn7/ujlrE+KnGcO',
  'zihO/78xH9MQoCj2Kcx5WCD1VMwe3xWPalMcva1qYNLK3eIU',
  '-----END CERTIFICATE-----',
].join('\n');

const X = '/v2.1/servers/{server_x}';
const XA = `${X}/action`;
const waitX = (status: string): WaitSpec => ({ path: X, field: 'server.status', equals: status });
/** the action is over (the task state is cleared), whatever the outcome */
const settledX: WaitSpec = { path: X, field: 'server.OS-EXT-STS:task_state', equals: null };

type Extra = Omit<Partial<ParityCase>, 'name' | 'method' | 'path' | 'body'>;
const act = (name: string, body: unknown, extra: Extra = {}): ParityCase => ({
  name,
  method: 'POST',
  path: XA,
  body,
  ...extra,
});
const admin = (name: string, method: ParityCase['method'], path: string, extra: Extra & { body?: unknown } = {}) => ({
  name,
  method,
  path,
  auth: 'admin' as const,
  ...extra,
});

const setup: ParityCase[] = [
  {
    name: 'na-server-create',
    method: 'POST',
    path: '/v2.1/servers',
    mv: '2.37',
    body: { server: { name: 'parity-x', imageRef: '{image_id}', flavorRef: '1', networks: 'none' } },
    capture: { server_x: 'server.id' },
    wait: waitX('ACTIVE'),
  },
];

const pauseSuspend: ParityCase[] = [
  act('na-unpause-active-409', { unpause: null }),
  { name: 'na-pause-404', method: 'POST', path: `/v2.1/servers/${MISSING}/action`, body: { pause: null } },
  act('na-pause', { pause: null }, { wait: waitX('PAUSED') }),
  act('na-pause-paused-409', { pause: null }),
  act('na-suspend-paused-409', { suspend: null }),
  act('na-unpause', { unpause: null }, { wait: waitX('ACTIVE') }),
  act('na-resume-active-409', { resume: null }),
  act('na-suspend', { suspend: null }, { wait: waitX('SUSPENDED') }),
  { name: 'na-server-show-suspended', method: 'GET', path: X, mv: '2.73' },
  act('na-suspend-suspended-409', { suspend: null }),
  act('na-resume', { resume: null }, { wait: waitX('ACTIVE') }),
];

const locks: ParityCase[] = [
  act('na-lock-admin', { lock: null }, { auth: 'admin' }),
  act('na-pause-locked-409', { pause: null }),
  // the admin is in the server's project, so Nova records the lock as the owner's
  act('na-unlock-admin-lock-same-project', { unlock: null }),
  act('na-unlock-admin', { unlock: null }, { auth: 'admin' }),
  act('na-lock-member', { lock: null }),
  act('na-unlock-member', { unlock: null }),
];

const misc: ParityCase[] = [
  act('na-crash-dump-2.16-404', { trigger_crash_dump: null }, { mv: '2.16' }),
  act('na-crash-dump-bad-body-2.17-400', { trigger_crash_dump: {} }, { mv: '2.17' }),
  act('na-crash-dump-2.17', { trigger_crash_dump: null }, { mv: '2.17' }),
  act('na-change-password', { changePassword: { adminPass: 'parity-pass' } }),
  act('na-change-password-bad-body-400', { changePassword: {} }),
  { name: 'na-server-password', method: 'GET', path: `${X}/os-server-password` },
  { name: 'na-server-password-clear', method: 'DELETE', path: `${X}/os-server-password` },
  { name: 'na-server-password-404', method: 'GET', path: `/v2.1/servers/${MISSING}/os-server-password` },
  admin('na-diagnostics', 'GET', `${X}/diagnostics`, { values: false }),
  admin('na-diagnostics-2.48', 'GET', `${X}/diagnostics`, { mv: '2.48', values: false }),
  { name: 'na-diagnostics-member-403', method: 'GET', path: `${X}/diagnostics` },
  admin('na-diagnostics-404', 'GET', `/v2.1/servers/${MISSING}/diagnostics`),
];

const consoles: ParityCase[] = [
  act('na-vnc-console', { 'os-getVNCConsole': { type: 'novnc' } }, { values: false }),
  act('na-vnc-console-bad-type-400', { 'os-getVNCConsole': { type: 'bogus' } }),
  act('na-spice-console-disabled-400', { 'os-getSPICEConsole': { type: 'spice-html5' } }),
  {
    name: 'na-remote-console-2.6',
    method: 'POST',
    path: `${X}/remote-consoles`,
    mv: '2.6',
    body: { remote_console: { protocol: 'vnc', type: 'novnc' } },
    values: false,
  },
  {
    name: 'na-remote-console-bad-protocol-2.6-400',
    method: 'POST',
    path: `${X}/remote-consoles`,
    mv: '2.6',
    body: { remote_console: { protocol: 'bogus', type: 'novnc' } },
  },
  {
    name: 'na-remote-console-mks-2.6-400',
    method: 'POST',
    path: `${X}/remote-consoles`,
    mv: '2.6',
    body: { remote_console: { protocol: 'mks', type: 'webmks' } },
  },
  {
    name: 'na-remote-console-2.5-404',
    method: 'POST',
    path: `${X}/remote-consoles`,
    mv: '2.5',
    body: { remote_console: { protocol: 'vnc', type: 'novnc' } },
  },
  {
    name: 'na-remote-console-404',
    method: 'POST',
    path: `/v2.1/servers/${MISSING}/remote-consoles`,
    mv: '2.6',
    body: { remote_console: { protocol: 'vnc', type: 'novnc' } },
  },
];

const snapshots: ParityCase[] = [
  act('na-create-image-bad-body-400', { createImage: {} }),
  act('na-create-image', { createImage: { name: 'parity-snap', metadata: { k: 'v' } } }, { wait: settledX }),
  act('na-create-image-2.45', { createImage: { name: 'parity-snap2' } }, { mv: '2.45', wait: settledX }),
  act(
    'na-create-backup-bad-rotation-400',
    { createBackup: { name: 'parity-bak', backup_type: 'daily', rotation: -1 } },
    { auth: 'admin' },
  ),
  act('na-create-backup-no-type-400', { createBackup: { name: 'parity-bak', rotation: 1 } }, { auth: 'admin' }),
  act(
    'na-create-backup',
    { createBackup: { name: 'parity-bak', backup_type: 'daily', rotation: 99 } },
    { auth: 'admin', wait: settledX },
  ),
  act(
    'na-create-backup-2.45',
    { createBackup: { name: 'parity-bak2', backup_type: 'weekly', rotation: 99 } },
    { auth: 'admin', mv: '2.45', wait: settledX },
  ),
];

const resize: ParityCase[] = [
  act('na-confirm-resize-not-resized-409', { confirmResize: null }),
  act('na-revert-resize-not-resized-409', { revertResize: null }),
  act('na-resize-unknown-flavor-400', { resize: { flavorRef: '999999' } }),
  act('na-resize-same-flavor-400', { resize: { flavorRef: '1' } }),
  act('na-resize-bad-body-400', { resize: { flavorRef: '2', bogus: 1 } }),
  act('na-resize', { resize: { flavorRef: '2' } }, { wait: waitX('VERIFY_RESIZE') }),
  { name: 'na-server-show-verify-resize', method: 'GET', path: X, mv: '2.47' },
  act('na-resize-verify-409', { resize: { flavorRef: '3' } }),
  act('na-pause-verify-resize-409', { pause: null }),
  admin('na-server-migrations-2.23', 'GET', `${X}/migrations`, { mv: '2.23' }),
  admin('na-server-migrations-2.22-404', 'GET', `${X}/migrations`, { mv: '2.22' }),
  admin('na-server-migration-show-404-2.23', 'GET', `${X}/migrations/999999`, { mv: '2.23' }),
  act('na-revert-resize', { revertResize: null }, { wait: waitX('ACTIVE') }),
  { name: 'na-server-show-reverted', method: 'GET', path: X, mv: '2.47' },
  act('na-resize-again', { resize: { flavorRef: '2' } }, { wait: waitX('VERIFY_RESIZE') }),
  {
    name: 'na-confirm-resize',
    method: 'POST',
    path: XA,
    body: { confirmResize: null },
    wait: waitX('ACTIVE'),
  },
  { name: 'na-server-show-resized', method: 'GET', path: X, mv: '2.47' },
  admin('na-migrations-list', 'GET', '/v2.1/os-migrations', { values: false }),
  admin('na-migrations-list-2.59', 'GET', '/v2.1/os-migrations?instance_uuid={server_x}', { mv: '2.59' }),
  admin('na-migrations-list-bad-marker-2.59-400', 'GET', `/v2.1/os-migrations?marker=${MISSING}`, { mv: '2.59' }),
  admin('na-migrations-list-bad-param-2.80-400', 'GET', '/v2.1/os-migrations?bogus=1', { mv: '2.80' }),
  { name: 'na-migrations-list-member-403', method: 'GET', path: '/v2.1/os-migrations' },
];

const migrate: ParityCase[] = [
  act('na-migrate-member-403', { migrate: null }),
  act('na-migrate-unknown-host-2.56-400', { migrate: { host: 'nohost' } }, { auth: 'admin', mv: '2.56' }),
  act('na-live-migrate-member-403', { 'os-migrateLive': { host: null, block_migration: 'auto' } }, { mv: '2.30' }),
  act('na-live-migrate-bad-body-2.30-400', { 'os-migrateLive': { host: null } }, { auth: 'admin', mv: '2.30' }),
  act(
    'na-live-migrate-auto-2.24-400',
    { 'os-migrateLive': { host: null, block_migration: 'auto' } },
    { auth: 'admin', mv: '2.24' },
  ),
  act(
    'na-live-migrate-unknown-host-2.30-400',
    { 'os-migrateLive': { host: 'nohost', block_migration: 'auto' } },
    { auth: 'admin', mv: '2.30' },
  ),
  act(
    'na-live-migrate-unknown-host-2.68-force-400',
    { 'os-migrateLive': { host: 'nohost', block_migration: 'auto', force: true } },
    { auth: 'admin', mv: '2.68' },
  ),
];

const rescue: ParityCase[] = [
  act('na-unrescue-active-409', { unrescue: null }),
  act('na-rescue-bad-body-400', { rescue: { bogus: 1 } }),
  act('na-rescue', { rescue: { adminPass: 'parity-rescue' } }, { wait: waitX('RESCUE') }),
  act('na-rescue-rescued-409', { rescue: null }),
  act('na-pause-rescued-409', { pause: null }),
  act('na-unrescue', { unrescue: null }, { wait: waitX('ACTIVE') }),
];

const shelve: ParityCase[] = [
  act('na-unshelve-active-409', { unshelve: null }),
  act('na-shelve-offload-active-409', { shelveOffload: null }, { auth: 'admin' }),
  // Nova saves the offloaded state before it clears the host and zone: wait for the second save
  act('na-shelve', { shelve: null }, { wait: { path: X, field: 'server.OS-EXT-AZ:availability_zone', equals: '' } }),
  { name: 'na-server-show-shelved-2.73', method: 'GET', path: X, mv: '2.73' },
  act('na-shelve-shelved-409', { shelve: null }),
  act('na-pause-shelved-409', { pause: null }),
  act('na-unshelve-bad-az-2.77-400', { unshelve: { availability_zone: 'bogus-az' } }, { mv: '2.77' }),
  act('na-unshelve', { unshelve: null }, { wait: waitX('ACTIVE') }),
];

const resetState: ParityCase[] = [
  act('na-reset-state-member-403', { 'os-resetState': { state: 'error' } }),
  act('na-reset-state-bad-400', { 'os-resetState': { state: 'bogus' } }, { auth: 'admin' }),
  act('na-reset-state-error', { 'os-resetState': { state: 'error' } }, { auth: 'admin' }),
  { name: 'na-server-show-reset-error', method: 'GET', path: X, mv: '2.73' },
  act('na-reset-state-active', { 'os-resetState': { state: 'active' } }, { auth: 'admin' }),
  { name: 'na-server-show-reset-active', method: 'GET', path: X, mv: '2.73' },
  {
    name: 'na-reset-state-404',
    method: 'POST',
    path: `/v2.1/servers/${MISSING}/action`,
    auth: 'admin',
    body: { 'os-resetState': { state: 'error' } },
  },
];

const services: ParityCase[] = [
  { name: 'na-services-member-403', method: 'GET', path: '/v2.1/os-services' },
  admin('na-services-list', 'GET', '/v2.1/os-services', { values: false }),
  admin('na-services-compute', 'GET', '/v2.1/os-services?binary=nova-compute', {
    values: false,
    capture: { compute_host: 'services.0.host' },
  }),
  admin('na-services-compute-2.53', 'GET', '/v2.1/os-services?binary=nova-compute&host={compute_host}', {
    mv: '2.53',
    capture: { compute_service_id: 'services.0.id' },
  }),
  admin('na-service-disable', 'PUT', '/v2.1/os-services/disable', {
    body: { host: '{compute_host}', binary: 'nova-compute' },
  }),
  admin('na-service-enable', 'PUT', '/v2.1/os-services/enable', {
    body: { host: '{compute_host}', binary: 'nova-compute' },
  }),
  admin('na-service-disable-unknown-host-404', 'PUT', '/v2.1/os-services/disable', {
    body: { host: 'nohost', binary: 'nova-compute' },
  }),
  admin('na-service-disable-bad-body-400', 'PUT', '/v2.1/os-services/disable', { body: { host: '{compute_host}' } }),
  admin('na-service-update-2.53', 'PUT', '/v2.1/os-services/{compute_service_id}', {
    mv: '2.53',
    body: { status: 'disabled', disabled_reason: 'parity' },
  }),
  admin('na-service-update-enable-2.53', 'PUT', '/v2.1/os-services/{compute_service_id}', {
    mv: '2.53',
    body: { status: 'enabled' },
  }),
  admin('na-service-update-bad-status-2.53-400', 'PUT', '/v2.1/os-services/{compute_service_id}', {
    mv: '2.53',
    body: { status: 'bogus' },
  }),
  admin('na-service-update-404-2.53', 'PUT', `/v2.1/os-services/${MISSING}`, {
    mv: '2.53',
    body: { status: 'enabled' },
  }),
  admin('na-service-delete-404-2.53', 'DELETE', `/v2.1/os-services/${MISSING}`, { mv: '2.53' }),
  admin('na-service-disable-2.53-400', 'PUT', '/v2.1/os-services/disable', {
    mv: '2.53',
    body: { host: '{compute_host}', binary: 'nova-compute' },
  }),
];

const hosts: ParityCase[] = [
  admin('na-hosts-list', 'GET', '/v2.1/os-hosts', { values: false }),
  admin('na-host-show', 'GET', '/v2.1/os-hosts/{compute_host}', { values: false }),
  admin('na-host-show-404', 'GET', '/v2.1/os-hosts/nohost'),
  admin('na-hosts-list-2.43-404', 'GET', '/v2.1/os-hosts', { mv: '2.43' }),
  { name: 'na-hosts-list-member-403', method: 'GET', path: '/v2.1/os-hosts' },
];

const aggregates: ParityCase[] = [
  { name: 'na-aggregates-member-403', method: 'GET', path: '/v2.1/os-aggregates' },
  admin('na-aggregate-create-bad-body-400', 'POST', '/v2.1/os-aggregates', { body: { aggregate: { bogus: 1 } } }),
  admin('na-aggregate-create', 'POST', '/v2.1/os-aggregates', {
    body: { aggregate: { name: 'parity-agg', availability_zone: null } },
    capture: { agg_id: 'aggregate.id' },
  }),
  admin('na-aggregate-create-duplicate-409', 'POST', '/v2.1/os-aggregates', {
    body: { aggregate: { name: 'parity-agg' } },
  }),
  admin('na-aggregates-list', 'GET', '/v2.1/os-aggregates'),
  admin('na-aggregates-list-2.41', 'GET', '/v2.1/os-aggregates', { mv: '2.41' }),
  admin('na-aggregate-show', 'GET', '/v2.1/os-aggregates/{agg_id}'),
  admin('na-aggregate-show-404', 'GET', '/v2.1/os-aggregates/999999'),
  admin('na-aggregate-update', 'PUT', '/v2.1/os-aggregates/{agg_id}', {
    body: { aggregate: { name: 'parity-agg2' } },
  }),
  admin('na-aggregate-update-empty-400', 'PUT', '/v2.1/os-aggregates/{agg_id}', { body: { aggregate: {} } }),
  admin('na-aggregate-set-metadata', 'POST', '/v2.1/os-aggregates/{agg_id}/action', {
    body: { set_metadata: { metadata: { color: 'blue', size: null } } },
  }),
  admin('na-aggregate-set-metadata-bad-400', 'POST', '/v2.1/os-aggregates/{agg_id}/action', {
    body: { set_metadata: { metadata: 'x' } },
  }),
  admin('na-aggregate-add-host', 'POST', '/v2.1/os-aggregates/{agg_id}/action', {
    body: { add_host: { host: '{compute_host}' } },
  }),
  admin('na-aggregate-add-host-again-409', 'POST', '/v2.1/os-aggregates/{agg_id}/action', {
    body: { add_host: { host: '{compute_host}' } },
  }),
  admin('na-aggregate-add-unknown-host-404', 'POST', '/v2.1/os-aggregates/{agg_id}/action', {
    body: { add_host: { host: 'nohost' } },
  }),
  admin('na-aggregate-delete-with-host-400', 'DELETE', '/v2.1/os-aggregates/{agg_id}'),
  admin('na-aggregate-remove-host', 'POST', '/v2.1/os-aggregates/{agg_id}/action', {
    body: { remove_host: { host: '{compute_host}' } },
  }),
  admin('na-aggregate-remove-host-again-404', 'POST', '/v2.1/os-aggregates/{agg_id}/action', {
    body: { remove_host: { host: '{compute_host}' } },
  }),
  admin('na-aggregate-unknown-action-400', 'POST', '/v2.1/os-aggregates/{agg_id}/action', {
    body: { bogus: {} },
  }),
  admin('na-aggregate-delete', 'DELETE', '/v2.1/os-aggregates/{agg_id}'),
  admin('na-aggregate-delete-404', 'DELETE', '/v2.1/os-aggregates/{agg_id}'),
];

const hypervisors: ParityCase[] = [
  admin('na-hypervisors-list-2.1', 'GET', '/v2.1/os-hypervisors', {
    values: false,
    capture: { hypervisor_int_id: 'hypervisors.0.id', hypervisor_hostname: 'hypervisors.0.hypervisor_hostname' },
  }),
  admin('na-hypervisor-statistics', 'GET', '/v2.1/os-hypervisors/statistics', { values: false }),
  admin('na-hypervisor-statistics-2.88-404', 'GET', '/v2.1/os-hypervisors/statistics', { mv: '2.88' }),
  { name: 'na-hypervisor-statistics-member-403', method: 'GET', path: '/v2.1/os-hypervisors/statistics' },
  admin('na-hypervisor-uptime', 'GET', '/v2.1/os-hypervisors/{hypervisor_int_id}/uptime', { values: false }),
  admin('na-hypervisor-uptime-2.53', 'GET', '/v2.1/os-hypervisors/{hypervisor_id}/uptime', {
    mv: '2.53',
    values: false,
  }),
  admin('na-hypervisor-uptime-2.88-404', 'GET', '/v2.1/os-hypervisors/{hypervisor_id}/uptime', { mv: '2.88' }),
  admin('na-hypervisor-uptime-404', 'GET', '/v2.1/os-hypervisors/999999/uptime'),
  admin('na-hypervisor-search', 'GET', '/v2.1/os-hypervisors/{hypervisor_hostname}/search', { values: false }),
  admin('na-hypervisor-search-none-404', 'GET', '/v2.1/os-hypervisors/nohypervisor/search'),
  admin('na-hypervisor-servers', 'GET', '/v2.1/os-hypervisors/{hypervisor_hostname}/servers', { values: false }),
  admin('na-hypervisor-servers-none-404', 'GET', '/v2.1/os-hypervisors/nohypervisor/servers'),
  admin('na-hypervisor-search-2.53-404', 'GET', '/v2.1/os-hypervisors/{hypervisor_hostname}/search', {
    mv: '2.53',
  }),
  admin('na-hypervisors-list-servers-2.53', 'GET', '/v2.1/os-hypervisors?with_servers=true', {
    mv: '2.53',
    values: false,
  }),
  admin('na-hypervisors-list-bad-with-servers-2.53-400', 'GET', '/v2.1/os-hypervisors?with_servers=maybe', {
    mv: '2.53',
  }),
];

const quotas: ParityCase[] = [
  { name: 'na-quotas-show', method: 'GET', path: '/v2.1/os-quota-sets/{project_id}', values: false },
  { name: 'na-quotas-show-2.36', method: 'GET', path: '/v2.1/os-quota-sets/{project_id}', mv: '2.36', values: false },
  { name: 'na-quotas-show-2.57', method: 'GET', path: '/v2.1/os-quota-sets/{project_id}', mv: '2.57', values: false },
  { name: 'na-quotas-defaults', method: 'GET', path: '/v2.1/os-quota-sets/{project_id}/defaults', values: false },
  { name: 'na-quotas-detail', method: 'GET', path: '/v2.1/os-quota-sets/{project_id}/detail', values: false },
  {
    name: 'na-quotas-update-member-403',
    method: 'PUT',
    path: '/v2.1/os-quota-sets/{project_id}',
    body: { quota_set: { key_pairs: 50 } },
  },
  admin('na-quotas-update', 'PUT', '/v2.1/os-quota-sets/{project_id}', {
    body: { quota_set: { key_pairs: 50, metadata_items: 64 } },
    values: false,
  }),
  admin('na-quotas-update-bad-key-400', 'PUT', '/v2.1/os-quota-sets/{project_id}', {
    body: { quota_set: { bogus: 1 } },
  }),
  admin('na-quotas-update-bad-value-400', 'PUT', '/v2.1/os-quota-sets/{project_id}', {
    body: { quota_set: { key_pairs: -2 } },
  }),
  admin('na-quotas-update-networks-2.36-400', 'PUT', '/v2.1/os-quota-sets/{project_id}', {
    mv: '2.36',
    body: { quota_set: { floating_ips: 5 } },
  }),
  admin('na-quotas-delete', 'DELETE', '/v2.1/os-quota-sets/{project_id}'),
  { name: 'na-quota-classes-member-403', method: 'GET', path: '/v2.1/os-quota-class-sets/default' },
  admin('na-quota-classes-show', 'GET', '/v2.1/os-quota-class-sets/default', { values: false }),
  admin('na-quota-classes-show-2.57', 'GET', '/v2.1/os-quota-class-sets/default', { mv: '2.57', values: false }),
  admin('na-quota-classes-update-bad-400', 'PUT', '/v2.1/os-quota-class-sets/default', {
    body: { quota_class_set: { bogus: 1 } },
  }),
];

const serverGroups: ParityCase[] = [
  {
    name: 'na-server-group-create',
    method: 'POST',
    path: '/v2.1/os-server-groups',
    body: { server_group: { name: 'parity-sg', policies: ['anti-affinity'] } },
    capture: { sg_id: 'server_group.id' },
  },
  {
    name: 'na-server-group-create-2.64',
    method: 'POST',
    path: '/v2.1/os-server-groups',
    mv: '2.64',
    body: { server_group: { name: 'parity-sg2', policy: 'anti-affinity', rules: { max_server_per_host: 2 } } },
    capture: { sg2_id: 'server_group.id' },
  },
  {
    name: 'na-server-group-create-bad-policy-400',
    method: 'POST',
    path: '/v2.1/os-server-groups',
    body: { server_group: { name: 'parity-bad', policies: ['bogus'] } },
  },
  {
    name: 'na-server-group-create-policies-2.64-400',
    method: 'POST',
    path: '/v2.1/os-server-groups',
    mv: '2.64',
    body: { server_group: { name: 'parity-bad', policies: ['affinity'] } },
  },
  {
    name: 'na-server-group-create-rules-affinity-2.64-400',
    method: 'POST',
    path: '/v2.1/os-server-groups',
    mv: '2.64',
    body: { server_group: { name: 'parity-bad', policy: 'affinity', rules: { max_server_per_host: 2 } } },
  },
  { name: 'na-server-groups-list', method: 'GET', path: '/v2.1/os-server-groups' },
  { name: 'na-server-groups-list-2.64', method: 'GET', path: '/v2.1/os-server-groups', mv: '2.64' },
  { name: 'na-server-group-show', method: 'GET', path: '/v2.1/os-server-groups/{sg_id}' },
  { name: 'na-server-group-show-2.64', method: 'GET', path: '/v2.1/os-server-groups/{sg2_id}', mv: '2.64' },
  { name: 'na-server-group-show-404', method: 'GET', path: `/v2.1/os-server-groups/${MISSING}` },
  { name: 'na-server-group-delete', method: 'DELETE', path: '/v2.1/os-server-groups/{sg_id}' },
  { name: 'na-server-group-delete-404', method: 'DELETE', path: '/v2.1/os-server-groups/{sg_id}' },
  { name: 'na-server-group-delete-2', method: 'DELETE', path: '/v2.1/os-server-groups/{sg2_id}' },
];

const usage: ParityCase[] = [
  admin('na-usage-list', 'GET', '/v2.1/os-simple-tenant-usage?start=2020-01-01T00:00:00&end=2020-01-02T00:00:00'),
  admin('na-usage-list-detailed', 'GET', '/v2.1/os-simple-tenant-usage?detailed=1', { values: false }),
  admin('na-usage-list-bad-date-400', 'GET', '/v2.1/os-simple-tenant-usage?start=yesterday'),
  admin('na-usage-list-end-before-start-400', 'GET', '/v2.1/os-simple-tenant-usage?start=2020-01-02&end=2020-01-01'),
  { name: 'na-usage-list-member-403', method: 'GET', path: '/v2.1/os-simple-tenant-usage' },
  { name: 'na-usage-show', method: 'GET', path: '/v2.1/os-simple-tenant-usage/{project_id}', values: false },
  admin('na-usage-list-2.40-limit', 'GET', '/v2.1/os-simple-tenant-usage?detailed=1&limit=1', {
    mv: '2.40',
    values: false,
  }),
  admin('na-usage-list-bad-marker-2.40-400', 'GET', `/v2.1/os-simple-tenant-usage?marker=${MISSING}`, {
    mv: '2.40',
  }),
  admin('na-audit-log', 'GET', '/v2.1/os-instance_usage_audit_log', { values: false }),
  admin('na-audit-log-before', 'GET', '/v2.1/os-instance_usage_audit_log/2020-01-01%2000:00:00', { values: false }),
  admin('na-audit-log-bad-time-400', 'GET', '/v2.1/os-instance_usage_audit_log/yesterday'),
  { name: 'na-audit-log-member-403', method: 'GET', path: '/v2.1/os-instance_usage_audit_log' },
];

const flavorAccess: ParityCase[] = [
  admin('na-flavor-create-private', 'POST', '/v2.1/flavors', {
    body: {
      flavor: {
        name: 'parity.private',
        ram: 256,
        vcpus: 1,
        disk: 1,
        id: 'parity-private',
        'os-flavor-access:is_public': false,
      },
    },
  }),
  admin('na-flavor-access-list-empty', 'GET', '/v2.1/flavors/parity-private/os-flavor-access'),
  admin('na-flavor-access-add', 'POST', '/v2.1/flavors/parity-private/action', {
    body: { addTenantAccess: { tenant: '{project_id}' } },
  }),
  admin('na-flavor-access-add-again-409', 'POST', '/v2.1/flavors/parity-private/action', {
    body: { addTenantAccess: { tenant: '{project_id}' } },
  }),
  admin('na-flavor-access-add-bad-body-400', 'POST', '/v2.1/flavors/parity-private/action', {
    body: { addTenantAccess: { project: '{project_id}' } },
  }),
  {
    name: 'na-flavor-access-add-member-403',
    method: 'POST',
    path: '/v2.1/flavors/parity-private/action',
    body: { addTenantAccess: { tenant: '{project_id}' } },
  },
  admin('na-flavor-access-list', 'GET', '/v2.1/flavors/parity-private/os-flavor-access'),
  { name: 'na-flavor-private-show-member', method: 'GET', path: '/v2.1/flavors/parity-private' },
  admin('na-flavor-access-remove', 'POST', '/v2.1/flavors/parity-private/action', {
    body: { removeTenantAccess: { tenant: '{project_id}' } },
  }),
  admin('na-flavor-access-remove-again-404', 'POST', '/v2.1/flavors/parity-private/action', {
    body: { removeTenantAccess: { tenant: '{project_id}' } },
  }),
  admin('na-flavor-access-missing-flavor-404', 'GET', '/v2.1/flavors/999999/os-flavor-access'),
  admin('na-flavor-private-delete', 'DELETE', '/v2.1/flavors/parity-private'),
];

const images: ParityCase[] = [
  { name: 'na-images-list', method: 'GET', path: '/v2.1/images', values: false },
  { name: 'na-images-detail', method: 'GET', path: '/v2.1/images/detail', values: false },
  { name: 'na-image-show', method: 'GET', path: '/v2.1/images/{image_id}', values: false },
  { name: 'na-image-metadata', method: 'GET', path: '/v2.1/images/{image_id}/metadata', values: false },
  { name: 'na-image-show-404', method: 'GET', path: `/v2.1/images/${MISSING}` },
  { name: 'na-images-list-2.36-404', method: 'GET', path: '/v2.1/images', mv: '2.36' },
  { name: 'na-images-list-bad-limit-400', method: 'GET', path: '/v2.1/images?limit=abc' },
  { name: 'na-image-metadata-404', method: 'GET', path: `/v2.1/images/${MISSING}/metadata` },
];

const keypairs: ParityCase[] = [
  {
    name: 'na-keypair-x509-2.2',
    method: 'POST',
    path: '/v2.1/os-keypairs',
    mv: '2.2',
    body: { keypair: { name: 'parity-x509', type: 'x509', public_key: X509_CERT } },
  },
  { name: 'na-keypair-x509-show-2.2', method: 'GET', path: '/v2.1/os-keypairs/parity-x509', mv: '2.2' },
  { name: 'na-keypair-x509-show-2.1', method: 'GET', path: '/v2.1/os-keypairs/parity-x509' },
  {
    name: 'na-keypair-x509-bad-cert-2.2-400',
    method: 'POST',
    path: '/v2.1/os-keypairs',
    mv: '2.2',
    body: { keypair: { name: 'parity-x509-bad', type: 'x509', public_key: 'not a certificate' } },
  },
  {
    name: 'na-keypair-x509-generate-2.92-400',
    method: 'POST',
    path: '/v2.1/os-keypairs',
    mv: '2.92',
    body: { keypair: { name: 'parity-x509-gen', type: 'x509' } },
  },
  {
    name: 'na-keypair-bad-type-2.2-400',
    method: 'POST',
    path: '/v2.1/os-keypairs',
    mv: '2.2',
    body: { keypair: { name: 'parity-bad-type', type: 'dsa', public_key: PUBLIC_KEY } },
  },
  {
    name: 'na-keypair-type-2.1-400',
    method: 'POST',
    path: '/v2.1/os-keypairs',
    body: { keypair: { name: 'parity-type21', type: 'ssh', public_key: PUBLIC_KEY } },
  },
  { name: 'na-keypairs-list-2.2', method: 'GET', path: '/v2.1/os-keypairs', mv: '2.2', values: false },
  { name: 'na-keypair-x509-delete', method: 'DELETE', path: '/v2.1/os-keypairs/parity-x509' },
];

const extensions: ParityCase[] = [
  { name: 'na-extension-show-aggregates', method: 'GET', path: '/v2.1/extensions/os-aggregates' },
  { name: 'na-extension-show-server-groups', method: 'GET', path: '/v2.1/extensions/os-server-groups' },
  { name: 'na-extension-show-shelve', method: 'GET', path: '/v2.1/extensions/os-shelve' },
  { name: 'na-extension-show-rescue', method: 'GET', path: '/v2.1/extensions/os-rescue' },
];

const teardown: ParityCase[] = [
  { name: 'na-server-delete', method: 'DELETE', path: X, wait: { path: X } },
  act('na-pause-deleted-404', { pause: null }),
];

export const NOVA_ACTION_CASES: ParityCase[] = [
  ...setup,
  ...pauseSuspend,
  ...locks,
  ...misc,
  ...consoles,
  ...snapshots,
  ...resize,
  ...migrate,
  ...rescue,
  ...shelve,
  ...resetState,
  ...services,
  ...hosts,
  ...aggregates,
  ...hypervisors,
  ...quotas,
  ...serverGroups,
  ...usage,
  ...flavorAccess,
  ...images,
  ...keypairs,
  ...extensions,
  ...teardown,
];
