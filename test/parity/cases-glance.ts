/**
 * The Glance parity scenario, replayed in this order against the real Glance (scripts/real-glance)
 * and against stackbox's /image. Tokens: `member` and `admin` belong to one project
 * ({project_id}), `alt` is a member of another ({alt_project_id}); see targets.ts. stackbox seeds
 * two public images the real Glance does not have, so lists are filtered to the images made here.
 * Cases of routes other changes are adding (metadefs, import, stores, tasks) are pendingRoute and
 * come last.
 */
import type { ParityCase } from './case-types.js';

/** a syntactically valid uuid that names nothing on either side */
const MISSING = '9e6f1f9b-7c1e-4d84-a1a0-3a4c8f0d2b11';

const PATCH_TYPE = 'application/openstack-images-v2.1-json-patch';
const DATA = 'parity image data';

const versions: ParityCase[] = [
  { name: 'image-versions-root', method: 'GET', path: '/', auth: 'none', values: false },
  { name: 'image-no-token-401', method: 'GET', path: '/v2/images', auth: 'none' },
];

const schemas: ParityCase[] = [
  { name: 'schema-image', method: 'GET', path: '/v2/schemas/image' },
  { name: 'schema-images', method: 'GET', path: '/v2/schemas/images' },
  { name: 'schema-member', method: 'GET', path: '/v2/schemas/member' },
  { name: 'schema-members', method: 'GET', path: '/v2/schemas/members' },
  { name: 'schema-unknown-404', method: 'GET', path: '/v2/schemas/bogus' },
];

const images: ParityCase[] = [
  {
    name: 'image-create',
    method: 'POST',
    path: '/v2/images',
    body: { name: 'parity-image', disk_format: 'raw', container_format: 'bare', visibility: 'shared', tags: ['one'] },
    capture: { image_id: 'id' },
  },
  {
    name: 'image-create-private',
    method: 'POST',
    path: '/v2/images',
    body: { name: 'parity-private', disk_format: 'qcow2', container_format: 'bare', min_disk: 1, min_ram: 64 },
    capture: { private_id: 'id' },
  },
  {
    name: 'image-create-protected',
    method: 'POST',
    path: '/v2/images',
    body: { name: 'parity-protected', protected: true, os_distro: 'cirros' },
    capture: { protected_id: 'id' },
  },
  {
    name: 'image-create-bad-disk-format-400',
    method: 'POST',
    path: '/v2/images',
    body: { name: 'x', disk_format: 'bogus' },
  },
  { name: 'image-create-bad-id-400', method: 'POST', path: '/v2/images', body: { id: 'not-a-uuid' } },
  { name: 'image-create-readonly-403', method: 'POST', path: '/v2/images', body: { name: 'x', status: 'active' } },
  { name: 'image-create-reserved-403', method: 'POST', path: '/v2/images', body: { name: 'x', os_glance_foo: 'bar' } },
  { name: 'image-create-bad-visibility-400', method: 'POST', path: '/v2/images', body: { visibility: 'everyone' } },
  {
    name: 'image-create-public-member-403',
    method: 'POST',
    path: '/v2/images',
    body: { name: 'x', visibility: 'public' },
  },
  { name: 'image-create-malformed-400', method: 'POST', path: '/v2/images', raw: '{"name":' },
  { name: 'image-create-duplicate-id-409', method: 'POST', path: '/v2/images', body: { id: '{image_id}' } },
  { name: 'image-show', method: 'GET', path: '/v2/images/{image_id}' },
  { name: 'image-show-404', method: 'GET', path: `/v2/images/${MISSING}` },
  { name: 'image-show-bad-id-404', method: 'GET', path: '/v2/images/not-a-uuid' },
  { name: 'image-show-private-other-404', method: 'GET', path: '/v2/images/{private_id}', auth: 'alt' },
  {
    name: 'image-update',
    method: 'PATCH',
    path: '/v2/images/{image_id}',
    contentType: PATCH_TYPE,
    body: [
      { op: 'replace', path: '/name', value: 'parity-image-2' },
      { op: 'add', path: '/os_distro', value: 'cirros' },
    ],
  },
  {
    name: 'image-update-remove-property',
    method: 'PATCH',
    path: '/v2/images/{image_id}',
    contentType: PATCH_TYPE,
    body: [{ op: 'remove', path: '/os_distro' }],
  },
  {
    name: 'image-update-remove-absent-409',
    method: 'PATCH',
    path: '/v2/images/{image_id}',
    contentType: PATCH_TYPE,
    body: [{ op: 'remove', path: '/os_distro' }],
  },
  {
    name: 'image-update-readonly-403',
    method: 'PATCH',
    path: '/v2/images/{image_id}',
    contentType: PATCH_TYPE,
    body: [{ op: 'replace', path: '/status', value: 'active' }],
  },
  {
    name: 'image-update-json-415',
    method: 'PATCH',
    path: '/v2/images/{image_id}',
    body: [{ op: 'replace', path: '/name', value: 'x' }],
  },
  {
    name: 'image-update-bad-op-400',
    method: 'PATCH',
    path: '/v2/images/{image_id}',
    contentType: PATCH_TYPE,
    body: [{ op: 'move', path: '/name', value: 'x' }],
  },
  {
    name: 'image-update-other-project-404',
    method: 'PATCH',
    path: '/v2/images/{private_id}',
    auth: 'alt',
    contentType: PATCH_TYPE,
    body: [{ op: 'replace', path: '/name', value: 'x' }],
  },
  {
    name: 'image-update-bad-min-ram-400',
    method: 'PATCH',
    path: '/v2/images/{image_id}',
    contentType: PATCH_TYPE,
    body: [{ op: 'replace', path: '/min_ram', value: -1 }],
  },
];

const data: ParityCase[] = [
  { name: 'image-download-queued', method: 'GET', path: '/v2/images/{image_id}/file' },
  {
    name: 'image-upload',
    method: 'PUT',
    path: '/v2/images/{image_id}/file',
    raw: DATA,
    contentType: 'application/octet-stream',
  },
  {
    name: 'image-upload-again-409',
    method: 'PUT',
    path: '/v2/images/{image_id}/file',
    raw: DATA,
    contentType: 'application/octet-stream',
  },
  {
    name: 'image-upload-bad-type-415',
    method: 'PUT',
    path: '/v2/images/{private_id}/file',
    raw: DATA,
    contentType: 'text/plain',
  },
  {
    name: 'image-upload-unknown-404',
    method: 'PUT',
    path: `/v2/images/${MISSING}/file`,
    raw: DATA,
    contentType: 'application/octet-stream',
  },
  { name: 'image-show-active', method: 'GET', path: '/v2/images/{image_id}' },
  { name: 'image-download', method: 'GET', path: '/v2/images/{image_id}/file' },
  { name: 'image-download-unknown-404', method: 'GET', path: `/v2/images/${MISSING}/file` },
];

const lists: ParityCase[] = [
  { name: 'images-by-size', method: 'GET', path: `/v2/images?size=${DATA.length}` },
  { name: 'images-by-size-none', method: 'GET', path: '/v2/images?size=999' },
  { name: 'images-size-range', method: 'GET', path: `/v2/images?size_min=${DATA.length}&size_max=${DATA.length}` },
  { name: 'images-size-range-bad-400', method: 'GET', path: '/v2/images?size_min=abc' },
  { name: 'images-by-name', method: 'GET', path: '/v2/images?name=parity-image-2' },
  { name: 'images-by-owner', method: 'GET', path: '/v2/images?owner={project_id}&sort_key=name&sort_dir=asc' },
  { name: 'images-by-owner-paged', method: 'GET', path: '/v2/images?owner={project_id}&sort_key=name&limit=1' },
  { name: 'images-by-status-queued', method: 'GET', path: '/v2/images?owner={project_id}&status=queued&sort_key=name' },
  { name: 'images-by-visibility-private', method: 'GET', path: '/v2/images?visibility=private&owner={project_id}' },
  { name: 'images-by-tag', method: 'GET', path: '/v2/images?tag=one' },
  { name: 'images-by-protected', method: 'GET', path: '/v2/images?protected=true&owner={project_id}' },
  { name: 'images-bad-protected-400', method: 'GET', path: '/v2/images?protected=maybe' },
  { name: 'images-bad-visibility-400', method: 'GET', path: '/v2/images?visibility=everyone' },
  { name: 'images-bad-member-status-400', method: 'GET', path: '/v2/images?member_status=bogus' },
  { name: 'images-bad-sort-key-400', method: 'GET', path: '/v2/images?sort_key=bogus' },
  { name: 'images-bad-sort-dir-400', method: 'GET', path: '/v2/images?sort_dir=up' },
  { name: 'images-bad-limit-400', method: 'GET', path: '/v2/images?limit=-1' },
  { name: 'images-bad-marker-400', method: 'GET', path: `/v2/images?marker=${MISSING}` },
];

const tags: ParityCase[] = [
  { name: 'tag-add', method: 'PUT', path: '/v2/images/{image_id}/tags/blue' },
  { name: 'tag-add-again', method: 'PUT', path: '/v2/images/{image_id}/tags/blue' },
  { name: 'image-show-tagged', method: 'GET', path: '/v2/images/{image_id}' },
  { name: 'tag-delete', method: 'DELETE', path: '/v2/images/{image_id}/tags/blue' },
  { name: 'tag-delete-absent-404', method: 'DELETE', path: '/v2/images/{image_id}/tags/blue' },
  { name: 'tag-add-unknown-image-404', method: 'PUT', path: `/v2/images/${MISSING}/tags/blue` },
  { name: 'tag-add-other-project-404', method: 'PUT', path: '/v2/images/{private_id}/tags/blue', auth: 'alt' },
  { name: 'tag-add-too-long-400', method: 'PUT', path: `/v2/images/{image_id}/tags/${'t'.repeat(256)}` },
];

const members: ParityCase[] = [
  { name: 'members-list-empty', method: 'GET', path: '/v2/images/{image_id}/members' },
  { name: 'member-add', method: 'POST', path: '/v2/images/{image_id}/members', body: { member: '{alt_project_id}' } },
  {
    name: 'member-add-duplicate-409',
    method: 'POST',
    path: '/v2/images/{image_id}/members',
    body: { member: '{alt_project_id}' },
  },
  { name: 'member-add-no-member-400', method: 'POST', path: '/v2/images/{image_id}/members', body: {} },
  {
    name: 'member-add-private-403',
    method: 'POST',
    path: '/v2/images/{private_id}/members',
    body: { member: '{alt_project_id}' },
  },
  {
    name: 'member-add-by-member-403',
    method: 'POST',
    path: '/v2/images/{image_id}/members',
    auth: 'alt',
    body: { member: '{alt_project_id}' },
  },
  { name: 'members-list', method: 'GET', path: '/v2/images/{image_id}/members' },
  { name: 'members-list-by-member', method: 'GET', path: '/v2/images/{image_id}/members', auth: 'alt' },
  { name: 'member-show', method: 'GET', path: '/v2/images/{image_id}/members/{alt_project_id}' },
  { name: 'member-show-by-member', method: 'GET', path: '/v2/images/{image_id}/members/{alt_project_id}', auth: 'alt' },
  { name: 'member-show-404', method: 'GET', path: '/v2/images/{image_id}/members/0123456789abcdef0123456789abcdef' },
  { name: 'member-show-private-404', method: 'GET', path: '/v2/images/{private_id}/members/{alt_project_id}' },
  { name: 'image-show-by-pending-member', method: 'GET', path: '/v2/images/{image_id}', auth: 'alt' },
  { name: 'images-shared-pending', method: 'GET', path: '/v2/images?visibility=shared', auth: 'alt' },
  {
    name: 'member-update-by-owner-403',
    method: 'PUT',
    path: '/v2/images/{image_id}/members/{alt_project_id}',
    body: { status: 'accepted' },
  },
  {
    name: 'member-update-bad-status-400',
    method: 'PUT',
    path: '/v2/images/{image_id}/members/{alt_project_id}',
    auth: 'alt',
    body: { status: 'bogus' },
  },
  {
    name: 'member-update-accept',
    method: 'PUT',
    path: '/v2/images/{image_id}/members/{alt_project_id}',
    auth: 'alt',
    body: { status: 'accepted' },
  },
  { name: 'images-shared-accepted', method: 'GET', path: '/v2/images?visibility=shared', auth: 'alt' },
  {
    name: 'images-member-status-accepted',
    method: 'GET',
    path: '/v2/images?member_status=accepted&visibility=shared',
    auth: 'alt',
  },
  {
    name: 'member-delete-by-member-403',
    method: 'DELETE',
    path: '/v2/images/{image_id}/members/{alt_project_id}',
    auth: 'alt',
  },
  { name: 'member-delete', method: 'DELETE', path: '/v2/images/{image_id}/members/{alt_project_id}' },
  { name: 'member-delete-again-404', method: 'DELETE', path: '/v2/images/{image_id}/members/{alt_project_id}' },
  { name: 'image-show-by-ex-member-404', method: 'GET', path: '/v2/images/{image_id}', auth: 'alt' },
];

const actions: ParityCase[] = [
  { name: 'image-deactivate-member', method: 'POST', path: '/v2/images/{image_id}/actions/deactivate' },
  { name: 'image-show-deactivated', method: 'GET', path: '/v2/images/{image_id}' },
  { name: 'image-download-deactivated-403', method: 'GET', path: '/v2/images/{image_id}/file' },
  { name: 'image-deactivate-again', method: 'POST', path: '/v2/images/{image_id}/actions/deactivate', auth: 'admin' },
  { name: 'image-reactivate', method: 'POST', path: '/v2/images/{image_id}/actions/reactivate', auth: 'admin' },
  { name: 'image-download-reactivated', method: 'GET', path: '/v2/images/{image_id}/file' },
  { name: 'image-deactivate-queued-403', method: 'POST', path: '/v2/images/{private_id}/actions/deactivate' },
  { name: 'image-reactivate-queued-403', method: 'POST', path: '/v2/images/{private_id}/actions/reactivate' },
  { name: 'image-deactivate-unknown-404', method: 'POST', path: `/v2/images/${MISSING}/actions/deactivate` },
  { name: 'image-action-unknown-404', method: 'POST', path: '/v2/images/{image_id}/actions/bogus' },
];

const deletes: ParityCase[] = [
  { name: 'image-delete-protected-403', method: 'DELETE', path: '/v2/images/{protected_id}' },
  {
    name: 'image-unprotect',
    method: 'PATCH',
    path: '/v2/images/{protected_id}',
    contentType: PATCH_TYPE,
    body: [{ op: 'replace', path: '/protected', value: false }],
  },
  { name: 'image-delete-protected', method: 'DELETE', path: '/v2/images/{protected_id}' },
  { name: 'image-delete-other-project-404', method: 'DELETE', path: '/v2/images/{private_id}', auth: 'alt' },
  { name: 'image-delete', method: 'DELETE', path: '/v2/images/{image_id}' },
  { name: 'image-show-deleted-404', method: 'GET', path: '/v2/images/{image_id}' },
  { name: 'image-delete-again-404', method: 'DELETE', path: '/v2/images/{image_id}' },
  { name: 'image-delete-private', method: 'DELETE', path: '/v2/images/{private_id}', auth: 'admin' },
];

/** routes other changes are adding: metadefs, interoperable import, stores, tasks */
const pending: ParityCase[] = [
  { name: 'schema-metadefs-namespace', method: 'GET', path: '/v2/schemas/metadefs/namespace', pendingRoute: true },
  { name: 'schema-metadefs-namespaces', method: 'GET', path: '/v2/schemas/metadefs/namespaces', pendingRoute: true },
  {
    name: 'metadefs-namespaces-empty',
    method: 'GET',
    path: '/v2/metadefs/namespaces',
    pendingRoute: true,
    values: false,
  },
  {
    name: 'metadefs-namespace-create-member-403',
    method: 'POST',
    path: '/v2/metadefs/namespaces',
    body: { namespace: 'OS::Parity', display_name: 'Parity', visibility: 'public' },
    pendingRoute: true,
  },
  {
    name: 'metadefs-namespace-create',
    method: 'POST',
    path: '/v2/metadefs/namespaces',
    auth: 'admin',
    body: { namespace: 'OS::Parity', display_name: 'Parity', visibility: 'public', description: 'parity' },
    pendingRoute: true,
  },
  {
    name: 'metadefs-namespace-create-duplicate-409',
    method: 'POST',
    path: '/v2/metadefs/namespaces',
    auth: 'admin',
    body: { namespace: 'OS::Parity' },
    pendingRoute: true,
  },
  { name: 'metadefs-namespace-show', method: 'GET', path: '/v2/metadefs/namespaces/OS::Parity', pendingRoute: true },
  {
    name: 'metadefs-namespace-show-404',
    method: 'GET',
    path: '/v2/metadefs/namespaces/OS::Nothing',
    pendingRoute: true,
  },
  {
    name: 'metadefs-object-create',
    method: 'POST',
    path: '/v2/metadefs/namespaces/OS::Parity/objects',
    auth: 'admin',
    body: { name: 'parity-object', properties: { speed: { type: 'integer', title: 'Speed' } } },
    pendingRoute: true,
  },
  {
    name: 'metadefs-objects-list',
    method: 'GET',
    path: '/v2/metadefs/namespaces/OS::Parity/objects',
    pendingRoute: true,
  },
  {
    name: 'metadefs-property-create',
    method: 'POST',
    path: '/v2/metadefs/namespaces/OS::Parity/properties',
    auth: 'admin',
    body: { name: 'parity_prop', title: 'Parity', type: 'string' },
    pendingRoute: true,
  },
  {
    name: 'metadefs-properties-list',
    method: 'GET',
    path: '/v2/metadefs/namespaces/OS::Parity/properties',
    pendingRoute: true,
  },
  {
    name: 'metadefs-tag-create',
    method: 'POST',
    path: '/v2/metadefs/namespaces/OS::Parity/tags/parity-tag',
    auth: 'admin',
    pendingRoute: true,
  },
  { name: 'metadefs-tags-list', method: 'GET', path: '/v2/metadefs/namespaces/OS::Parity/tags', pendingRoute: true },
  {
    name: 'metadefs-resource-types',
    method: 'GET',
    path: '/v2/metadefs/resource_types',
    pendingRoute: true,
    values: false,
  },
  {
    name: 'metadefs-namespace-delete',
    method: 'DELETE',
    path: '/v2/metadefs/namespaces/OS::Parity',
    auth: 'admin',
    pendingRoute: true,
  },
  { name: 'info-import', method: 'GET', path: '/v2/info/import', pendingRoute: true },
  { name: 'info-stores-404', method: 'GET', path: '/v2/info/stores', pendingRoute: true },
  { name: 'info-usage', method: 'GET', path: '/v2/info/usage', pendingRoute: true },
  { name: 'tasks-list-member-403', method: 'GET', path: '/v2/tasks', pendingRoute: true },
  { name: 'tasks-list-admin', method: 'GET', path: '/v2/tasks', auth: 'admin', pendingRoute: true },
  {
    name: 'image-create-for-import',
    method: 'POST',
    path: '/v2/images',
    body: { name: 'parity-staged', disk_format: 'raw', container_format: 'bare' },
    capture: { staged_id: 'id' },
  },
  {
    name: 'image-stage',
    method: 'PUT',
    path: '/v2/images/{staged_id}/stage',
    raw: DATA,
    contentType: 'application/octet-stream',
    pendingRoute: true,
  },
  {
    name: 'image-import-bad-method-400',
    method: 'POST',
    path: '/v2/images/{staged_id}/import',
    body: { method: { name: 'bogus' } },
    pendingRoute: true,
  },
  {
    name: 'image-import',
    method: 'POST',
    path: '/v2/images/{staged_id}/import',
    body: { method: { name: 'glance-direct' } },
    wait: { path: '/v2/images/{staged_id}', field: 'status', equals: 'active' },
    pendingRoute: true,
  },
  {
    name: 'image-import-unknown-404',
    method: 'POST',
    path: `/v2/images/${MISSING}/import`,
    body: { method: { name: 'glance-direct' } },
    pendingRoute: true,
  },
  { name: 'image-delete-staged', method: 'DELETE', path: '/v2/images/{staged_id}' },
];

export const GLANCE_CASES: ParityCase[] = [
  ...versions,
  ...schemas,
  ...images,
  ...data,
  ...lists,
  ...tags,
  ...members,
  ...actions,
  ...deletes,
  ...pending,
].map((c) => ({ service: 'glance', ...c }));
