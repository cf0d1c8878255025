/**
 * The block storage (Cinder) error catalogue: one factory per error, each with Cinder's wording
 * (cinder/exception.py and the v3 controllers). The dialect renders them in Cinder's fault
 * envelope, {"badRequest": {"code": 400, "message": …}}, like Nova's.
 */
import { DomainError, badRequest } from '../errors.js';

/** exception.InvalidInput */
export const invalidInput = (reason: string) => badRequest(`Invalid input received: ${reason}`);
/** exception.InvalidVolume */
export const invalidVolume = (reason: string) => badRequest(`Invalid volume: ${reason}`);

export const volumeNotFound = (id: string) => new DomainError('NOT_FOUND', 404, `Volume ${id} could not be found.`);
export const volumeTypeNotFound = (id: string) =>
  new DomainError('NOT_FOUND', 404, `Volume type ${id} could not be found.`);
export const volumeTypeNotFoundByName = (name: string) =>
  new DomainError('NOT_FOUND', 404, `Volume type with name ${name} could not be found.`);
export const volumeTypeExists = (name: string) =>
  new DomainError('CONFLICT', 409, `Volume Type ${name} already exists.`);
/** types_manage.py _update: a name of only blanks */
export const volumeTypeNameEmpty = () => badRequest('Volume type name can not be empty.');
/** types_manage.py _update: none of name, description, is_public given */
export const volumeTypeNothingToUpdate = () =>
  badRequest('Specify volume type name, description, is_public or a combination thereof.');
/** types_manage.py: VolumeTypeInUse as the delete answers it */
export const volumeTypeInUse = () => badRequest('Target volume type is still in use.');
/** exception.VolumeTypeDefaultDeletionError */
export const defaultTypeNotDeletable = (id: string) =>
  badRequest(`The volume type ${id} is a default volume type and cannot be deleted.`);
/** a create that names no size and no source: webob's plain HTTPBadRequest */
export const sizeMissing = () =>
  badRequest('The server could not comply with the request since it is either malformed or otherwise incorrect.');
/** the create flow's size check (ExtractVolumeRequestTask) */
export const invalidSize = (size: number | string | null | undefined) =>
  invalidInput(
    `Volume size '${size === null || size === undefined ? 'None' : String(size)}' must be an integer and greater than 0`,
  );
/** the image to copy is not usable (volume/api.py _check_image / glance lookup) */
export const invalidImageRef = () => badRequest('Invalid image identifier or unable to access requested image.');
export const imageNotActive = (id: string) => invalidInput(`Image ${id} is not active.`);
export const imageLargerThanVolume = (imageGb: number, size: number) =>
  invalidInput(`Size of specified image ${imageGb}GB is larger than volume size ${size}GB.`);
/** volume_utils.check_image_metadata: a volume smaller than the image's min_disk */
export const volumeSmallerThanMinDisk = (size: number, minDisk: number) =>
  invalidInput(`Volume size ${size}GB cannot be smaller than the image minDisk size ${minDisk}GB.`);
export const sourceVolumeNotAvailable = () => invalidVolume('source volume status must be available or in-use.');
export const sizeSmallerThanSource = (size: number, sourceSize: number) =>
  invalidInput(
    `Volume size ${size}GB cannot be smaller than original volume size ${sourceSize}GB. They must be >= original volume size.`,
  );
export const availabilityZoneInvalid = (az: string) => badRequest(`Availability zone '${az}' is invalid.`);

/** volume/api.py delete */
export const deleteStatusInvalid = () =>
  invalidVolume(
    'Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.',
  );
/** volume/api.py _extend */
/** volume/api.py _extend: the expected-state dict printed as Python does */
/** the expected status prints as Python's str() of {'status': …} */
export const extendStatusInvalid = (id: string, status: string, expected: 'available' | 'in-use' = 'available') =>
  invalidVolume(`Volume ${id} status must be '{'status': '${expected}'}' to extend, currently ${status}.`);
export const extendSizeNotGreater = (current: number, requested: number) =>
  invalidInput(`New size for extend must be greater than current size. (current: ${current}, extended: ${requested}).`);

/** exception.VolumeLimitExceeded (413) */
export const volumeLimitExceeded = (allowed: number) =>
  new DomainError(
    'QUOTA_EXCEEDED',
    413,
    `VolumeLimitExceeded: Maximum number of volumes allowed (${allowed}) exceeded for quota 'volumes'.`,
    { retryAfter: '0' },
  );
/** exception.VolumeSizeExceedsAvailableQuota (413) */
export const gigabytesQuotaExceeded = (requested: number, quota: number, consumed: number) =>
  new DomainError(
    'QUOTA_EXCEEDED',
    413,
    `VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${requested}G, quota is ${quota}G and ${consumed}G has been consumed.`,
    { retryAfter: '0' },
  );

/** the URL's project is not the token's (cinder/api/openstack/wsgi.py) */
export const malformedRequestUrl = () => badRequest('Malformed request url');
/** api_version_request.py InvalidAPIVersionString */
export const volumeVersionInvalid = (raw: string) =>
  new DomainError(
    'VERSION_INVALID',
    400,
    `API Version String ${raw} is of invalid format. Must be of format MajorNum.MinorNum.`,
  );
/** InvalidGlobalAPIVersion: 406 in Cinder's computeFault envelope */
export const volumeVersionNotSupported = (v: string, min: string, max: string) =>
  new DomainError(
    'VERSION_NOT_SUPPORTED',
    406,
    `Version ${v} is not supported by the API. Minimum is ${min} and maximum is ${max}.`,
  );

// --- list parameters (cinder/api/common.py, db/sqlalchemy/api.py) ---

export const limitNotInteger = () => badRequest('limit param must be an integer');
export const limitNotPositive = () => badRequest('limit param must be positive');
/** exception.MarkerNotFound (a NotFound) */
export const invalidSortKey = () => invalidInput('Invalid sort key');
export const invalidSortDir = () => invalidInput("Unknown sort direction, must be 'desc' or 'asc'.");
export const invalidMetadataFilter = () => invalidInput('Invalid metadata filter');
/** an action body that names no known action (wsgi.py) */
export const noSuchAction = (name: string) =>
  badRequest(`There is no such action: ${name}. Verify the request body and Content-Type header and try again.`);

// --- volume type extra specs (types_extra_specs.py) ---

export const extraSpecNotFound = (typeId: string, key: string) =>
  new DomainError('NOT_FOUND', 404, `Volume Type ${typeId} has no extra specs with key ${key}.`);
export const bodyUriMismatch = () => badRequest('Request body and URI mismatch');

// --- snapshots (volume/api.py create_snapshot / delete_snapshot, the create flow) ---

export const snapshotNotFound = (id: string) => new DomainError('NOT_FOUND', 404, `Snapshot ${id} could not be found.`);
/** exception.InvalidSnapshot */
export const invalidSnapshot = (reason: string) => badRequest(`Invalid snapshot: ${reason}`);
export const snapshotOfVolumeInStatus = (status: string) =>
  invalidVolume(`The snapshot cannot be created when the volume is in ${status} status.`);
export const snapshotDeleteStatusInvalid = () =>
  invalidSnapshot('Snapshot status must be available or error and must not be part of a group.');
export const snapshotNotAvailableForVolume = () =>
  invalidSnapshot("Originating snapshot status must be one of 'available' values");
export const sizeSmallerThanSnapshot = (size: number, snapshotSize: number) =>
  invalidInput(
    `Volume size '${size}'GB cannot be smaller than the snapshot size ${snapshotSize}GB. They must be >= original snapshot size.`,
  );
/** exception.SnapshotLimitExceeded (413) */
export const snapshotLimitExceeded = (allowed: number) =>
  new DomainError(
    'QUOTA_EXCEEDED',
    413,
    `SnapshotLimitExceeded: Maximum number of snapshots allowed (${allowed}) exceeded`,
    { retryAfter: '0' },
  );

// --- volume metadata and admin actions ---

export const volumeMetadataNotFound = (id: string, key: string) =>
  new DomainError('NOT_FOUND', 404, `Volume ${id} has no metadata with key ${key}.`);
/** cinder/objects/fields.py VolumeStatus, in Cinder's order (os-reset_status's message lists them) */
export const RESETTABLE_STATUSES = [
  'creating',
  'available',
  'deleting',
  'error',
  'error_deleting',
  'error_managing',
  'managing',
  'attaching',
  'in-use',
  'detaching',
  'maintenance',
  'restoring-backup',
  'error_restoring',
  'reserved',
  'awaiting-transfer',
  'backing-up',
  'error_backing-up',
  'error_extending',
  'downloading',
  'uploading',
  'retyping',
  'extending',
] as const;
export const resetStatusInvalid = (status: string) =>
  badRequest(
    `Volume status: ${status} is invalid, valid statuses are: (${RESETTABLE_STATUSES.map((s) => `'${s}'`).join(', ')}).`,
  );
export const resetStatusEmpty = () =>
  badRequest("Must specify 'status', 'attach_status' or 'migration_status' for update.");
/** utils.get_bool_param: a strict boolean query parameter (cascade, usage) */
export const notABoolean = (name: string, value: string) =>
  badRequest(`Value '${value}' for '${name}' is not a boolean.`);

// --- volume transfers (cinder/transfer/api.py, db transfer_create / transfer_accept) ---

export const transferNotFound = (id: string) => new DomainError('NOT_FOUND', 404, `Transfer ${id} could not be found.`);
/** transfer/api.py create: the volume must be available */
export const transferVolumeNotAvailable = () => invalidVolume('status must be available');
/** db transfer_create: the volume moved away from available meanwhile */
export const transferVolumeRaced = (transferId: string, volumeId: string) =>
  invalidVolume(`Transfer ${transferId}: Volume id ${volumeId} expected in available state.`);
/** transfer/api.py create: every snapshot that goes along must be available */
export const transferSnapshotNotAvailable = (snapshotId: string) =>
  invalidSnapshot(`snapshot: ${snapshotId} status must be available`);
/** exception.InvalidAuthKey */
export const invalidAuthKey = (transferId: string) =>
  badRequest(`Invalid auth key: Attempt to transfer ${transferId} with invalid auth key.`);
/** db transfer_accept: the volume is no longer awaiting this transfer */
export const transferVolumeNotAwaiting = (transferId: string, volumeId: string) =>
  invalidVolume(`Transfer ${transferId}: Volume id ${volumeId} expected in awaiting-transfer state.`);
/** db transfer_accept: a snapshot that should go along is not available */
export const transferSnapshotRaced = (transferId: string, snapshotId: string) =>
  invalidSnapshot(`Transfer ${transferId}: Snapshot ${snapshotId} is not in the expected available state.`);
/**
 * the accept's VolumeSizeExceedsAvailableQuota: the controller re-raises it as a plain
 * HTTPRequestEntityTooLarge with the exception's text, so no class name prefix
 */
export const transferGigabytesQuotaExceeded = (requested: number, quota: number, consumed: number) =>
  new DomainError(
    'QUOTA_EXCEEDED',
    413,
    `Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${requested}G, quota is ${quota}G and ${consumed}G has been consumed.`,
    { retryAfter: '0' },
  );

// --- snapshot metadata and actions (v3/snapshot_metadata.py, snapshot_actions.py, admin_actions.py) ---

export const snapshotMetadataNotFound = (id: string, key: string) =>
  new DomainError('NOT_FOUND', 404, `Snapshot ${id} has no metadata with key ${key}.`);
/** wsgi.Controller.assert_valid_body */
export const missingBodyElement = (name: string) => badRequest(`Missing required element '${name}' in request body.`);
export const tooManyBodyItems = () => badRequest('Request body contains too many items');
/** exception.InvalidVolumeMetadata wrapping check_string_length's InvalidInput */
export const invalidMetadata = (reason: string) => badRequest(`Invalid metadata: Invalid input received: ${reason}`);
/** exception.InvalidVolumeMetadataSize, re-raised as a plain 413 */
export const invalidMetadataSize = (reason: string) =>
  new DomainError('BODY_TOO_LARGE', 413, `Invalid metadata size: ${reason}`);
/** cinder/objects/fields.py SnapshotStatus.ALL, in Cinder's order (the reset's message lists them) */
export const SNAPSHOT_STATUSES = [
  'error',
  'available',
  'creating',
  'deleting',
  'deleted',
  'updating',
  'error_deleting',
  'unmanaging',
  'backing-up',
  'restoring',
] as const;
export const snapshotResetStatusInvalid = (status: string) =>
  badRequest(
    `Snapshot status: ${status} is invalid, valid statuses are: (${SNAPSHOT_STATUSES.map((s) => `'${s}'`).join(', ')}).`,
  );
export const snapshotUpdateStatusFrom = (current: string) =>
  badRequest(`Snapshot status ${current} not allowed for update_snapshot_status`);
export const snapshotUpdateStatusTo = (provided: string, current: string) =>
  badRequest(`Provided snapshot status ${provided} not allowed for snapshot with status ${current}.`);
/** validators.py 'progress' */
export const progressNotInteger = () => invalidInput('progress must be an integer percentage');
export const progressOutOfRange = () => invalidInput('progress must be an integer percentage between 0 and 100');
// --- volume flags and image metadata (volume/api.py update, update_readonly_flag, *_volume_metadata) ---

export const updateDuringMaintenance = () => invalidVolume('The volume cannot be updated during maintenance.');
export const readonlyStatusInvalid = (id: string, status: string) =>
  invalidVolume(`Volume ${id} status must be available to update readonly flag, but current status is: ${status}.`);
export const metadataUpdateStatusInvalid = (status: string) =>
  invalidVolume(`Updating volume metadata is not allowed for volumes in ${status} status.`);
export const metadataDeleteStatusInvalid = (status: string) =>
  invalidVolume(`Deleting volume metadata is not allowed for volumes in ${status} status.`);
/** exception.GlanceMetadataNotFound */
export const glanceMetadataNotFound = (id: string) =>
  new DomainError('NOT_FOUND', 404, `Glance metadata for volume/snapshot ${id} cannot be found.`);

// --- retype (volume/api.py retype) ---

export const retypeMultiattachNotAvailable = (status: string) =>
  invalidInput(
    `Invalid volume_type passed, retypes affecting multiattach are only allowed on available volumes, the specified volume however currently has a status of: ${status}.`,
  );
export const retypeStateInvalid = () =>
  invalidVolume(
    'Retype needs volume to be in available or in-use state, not be part of an active migration or a consistency group, requested type has to be different that the one from the volume, and for in-use volumes front-end qos specs cannot change.',
  );

/** volume/api.py copy_volume_to_image: the conditional update found another status */
export const uploadStatusInvalid = (id: string) => invalidVolume(`Volume ${id} status must be available`);
// --- volume type access (contrib/volume_type_access.py, volume/volume_types.py) ---

/** exception.InvalidVolumeType */
export const invalidVolumeType = (reason: string) => badRequest(`Invalid volume type: ${reason}`);
export const typeAccessOnPublicType = () =>
  invalidVolumeType('Type access modification is not applicable to public volume type.');
/** exception.VolumeTypeAccessNotFound with the index's own message */
export const accessListOfPublicType = () =>
  new DomainError('NOT_FOUND', 404, 'Access list not available for public volume types.');
export const volumeTypeAccessNotFound = (typeId: string, projectId: string) =>
  new DomainError('NOT_FOUND', 404, `Volume type access not found for ${typeId} / ${projectId} combination.`);
/** exception.VolumeTypeAccessExists, answered as HTTPConflict */
export const volumeTypeAccessExists = (typeId: string, projectId: string) =>
  new DomainError('CONFLICT', 409, `Volume type access for ${typeId} / ${projectId} combination already exists.`);
/** api_utils._parse_is_public */
export const invalidIsPublicFilter = (value: string) => badRequest(`Invalid is_public filter [${value}]`);

// --- services, pools and capabilities (v3/services.py, contrib/capabilities.py) ---

/** exception.ServiceNotFound with a host */
export const serviceNotFound = (binary: string, host: string) =>
  new DomainError('NOT_FOUND', 404, `Service ${binary} could not be found on host ${host}.`);
/** volume/api.py _get_cluster_and_services_for_replication, which freeze/thaw answer as InvalidInput with the bare message */
export const hostServiceNotFound = (host: string) => badRequest(`No service found with host=${host}`);
export const cannotFindService = (host: string) => new DomainError('NOT_FOUND', 404, `Can't find service: ${host}`);
export const hostFieldMissing = () => invalidInput('Host field is missing.');

// --- QoS specs (contrib/qos_specs_manage.py, volume/qos_specs.py) ---

export const qosSpecsNotFound = (id: string) => new DomainError('NOT_FOUND', 404, `No such QoS spec ${id}.`);
export const qosSpecsKeyNotFound = (id: string, key: string) =>
  new DomainError('NOT_FOUND', 404, `QoS spec ${id} has no spec with key ${key}.`);
/** exception.QoSSpecsExists, printed with the name */
export const qosSpecsExists = (name: string) => new DomainError('CONFLICT', 409, `QoS Specs ${name} already exists.`);
/** exception.InvalidQoSSpecs */
export const invalidQosSpecs = (reason: string) => badRequest(`Invalid qos specs: ${reason}`);
export const qosSpecsInUse = () => badRequest('Qos specs still in use.');
export const volumeTypeIdMissing = () => badRequest('Volume Type id must not be None.');
export const typeHasOtherQosSpecs = (typeId: string, specsId: string) =>
  invalidVolumeType(`Type ${typeId} is already associated with another qos specs: ${specsId}`);

/** exception.MessageNotFound */
export const messageNotFound = (id: string) => new DomainError('NOT_FOUND', 404, `Message ${id} could not be found.`);
/** exception.ServiceNotFound of Service.get_by_host_and_topic (contrib/hosts.py show) */
export const volumeServiceNotFoundOnHost = (topic: string, host: string) =>
  new DomainError('NOT_FOUND', 404, `Service ${topic} could not be found on host ${host}.`);
/** exception.HostNotFound (the other os-hosts calls) */
export const volumeHostNotFound = (host: string) =>
  new DomainError('NOT_FOUND', 404, `Host ${host} could not be found.`);
/** volume_type_encryption.py: encryption specs of a type some volume uses cannot change */
export const encryptedTypeInUse = (action: 'create' | 'update' | 'delete') =>
  badRequest(`Cannot ${action} encryption specs. Volume type in use.`);
/** exception.VolumeTypeEncryptionExists (an Invalid: 400) */
export const volumeTypeEncryptionExists = (typeId: string) =>
  badRequest(`Volume type encryption for type ${typeId} already exists.`);
/** exception.VolumeTypeEncryptionNotFound */
export const volumeTypeEncryptionNotFound = (typeId: string) =>
  new DomainError('NOT_FOUND', 404, `Volume type encryption for type ${typeId} does not exist.`);
