/**
 * Every difference between stackbox and the real Glance (Zed) that the parity check accepts, each
 * with its reason. Keep in step with docs/compatibility.md ("Parity with Keystone/Glance").
 * Entries whose reason starts with PENDING wait for a route another change is adding; BUG marks a
 * defect found by the check and not fixed yet.
 */
import type { KnownDifference } from './known-differences.js';

export const GLANCE_KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    case: 'image-versions-root',
    kind: 'header',
    path: 'x-openstack-request-id',
    reason:
      "stackbox stamps request ids on every response (docs/compatibility.md, Framework); Glance's version list is answered before its context middleware",
  },
  {
    case: 'image-no-token-401',
    path: /^(x-openstack-request-id|code|message|title|error)$/,
    reason:
      "deliberate (src/api/image/errors.ts): stackbox answers a missing token as keystonemiddleware without delay_auth_decision does, in Keystone's envelope; the shipped glance-api-paste.ini delays the decision, so Glance's context middleware answers webob's 401",
  },
  {
    case: /^image-create-bad-(disk-format|id|visibility)-400$/,
    kind: 'value',
    path: 'message',
    reason:
      "schema errors: stackbox sends the first line of python-jsonschema's error (the same text); Glance sends str(error), which goes on with the failing schema and instance",
  },
  {
    case: /^(image-create-reserved-403|image-update-remove-absent-409|image-update-json-415|image-upload-bad-type-415)$/,
    kind: 'value',
    path: 'message',
    reason:
      'webob\'s default explanation: Glance raises these with webob\'s own text first ("Access was denied to this resource.", "There was a conflict…", then the detail; "The request media type … is not supported by this server."); stackbox sends only Glance\'s detail (or its deserializer\'s text)',
  },
  {
    case: 'image-update-bad-min-ram-400',
    kind: 'value',
    path: 'message',
    reason:
      "Glance's domain model refuses a negative min_ram before the schema (\"Invalid value '-1' for parameter 'min_ram': Cannot be a negative value\"); stackbox reports the image schema's minimum",
  },
  {
    case: /./,
    path: /(^|\.|\[\])virtual_size$/,
    reason:
      'BUG: Glance (Zed) computes virtual_size when data is uploaded (the raw size for raw images, from the header for qcow2/vmdk/vhd…); stackbox leaves it null',
  },
  {
    case: 'images-bad-sort-key-400',
    kind: 'value',
    path: 'message',
    reason: 'the message lists the sort keys the server takes: stackbox sorts by more columns (the list is longer)',
  },
  {
    case: /^(image-delete-other-project-404|image-delete-again-404)$/,
    kind: 'value',
    path: 'message',
    reason:
      'BUG: delete\'s texts — Glance\'s authorization layer says "You do not own this image" and the controller "Failed to find image <id> to delete"; stackbox answers the policy\'s and show\'s texts (same statuses)',
  },
  {
    case: /^metadefs-(namespaces-empty|resource-types)$/,
    kind: 'type',
    path: /^(namespaces|resource_types)\[\]$/,
    reason:
      "seed data: stackbox loads three of Glance's etc/metadefs namespaces (and their resource types) at first start, as glance-manage db_load_metadefs would; the real-glance runner loads none",
  },
  {
    case: 'info-import',
    kind: 'value',
    path: 'import-methods.value',
    reason:
      'copy-image copies between stores: stackbox has one store, so it offers glance-direct and web-download only (image.importMethods); Zed lists copy-image even with one store',
  },
];
