/**
 * Attachment errors, Cinder's (cinder/exception.py, volume/api.py attachment_* and the old volume
 * actions) and Nova's (nova/exception.py, api/openstack/compute/volumes.py), each in its wording.
 */
import { DomainError, badRequest } from '../errors.js';
import { invalidVolume } from './errors.js';

// --- Cinder ---

/** exception.VolumeAttachmentNotFound */
export const attachmentNotFound = (id: string) =>
  new DomainError('NOT_FOUND', 404, `Volume attachment could not be found with filter: attachment_id = ${id}.`);
/** admin_actions.py _force_detach: the manager's VolumeAttachmentNotFound comes back wrapped, as 400 */
export const forceDetachAttachmentNotFound = (id: string) =>
  badRequest(
    `Error force detaching volume - VolumeAttachmentNotFound: Volume attachment could not be found with filter: attachment_id = ${id}.`,
  );
/** volume/api.py attachment_create / attachment_update on a volume in an error status */
export const attachmentOnErrorVolume = (verb: 'created' | 'updated', id: string, status: string) =>
  invalidVolume(
    `Volume attachments can not be ${verb} if the volume is in an error state. The Volume ${id} currently has a status of: ${status} `,
  );
/** volume/api.py _attachment_reserve (statuses joined as utils.build_or_str does) */
export const reserveStatusInvalid = (id: string, statuses: readonly string[], current: string) =>
  invalidVolume(
    `Volume ${id} status must be ${statuses.join(' or ')} to reserve, but the current status is ${current}.`,
  );
/** volume/api.py attachment_update: a second host connecting a volume that is not multiattach */
export const duplicateConnectors = (id: string) => invalidVolume(`duplicate connectors detected on volume ${id}`);
/** volume/api.py reserve_volume (os-reserve) */
export const oldReserveStatusInvalid = (statuses: readonly string[], current: string) =>
  invalidVolume(`Volume status must be ${statuses.join(' or ')} to reserve, but the status is ${current}.`);
/** volume/api.py begin_detaching */
export const beginDetachingInvalid = () =>
  invalidVolume(
    "Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.",
  );
/** exception.ConflictNovaUsingAttachment (409) */
export const novaUsesAttachment = (instanceId: string) =>
  new DomainError('CONFLICT', 409, `Detach volume from instance ${instanceId} using the Compute API`);
/** exception.InvalidInput from attachment_deletion_allowed */
export const mismatchedAttachment = () => badRequest('Invalid input received: Mismatched volume and attachment');
/** the os-attach schema: neither instance_uuid nor host_name */
export const attachTargetMissing = (value: string) =>
  badRequest(
    `Invalid input for field/attribute os-attach. Value: ${value}. ${value} is not valid under any of the given schemas`,
  );
/** exception.InvalidUUID */
export const invalidUuid = (uuid: string) => badRequest(`Expected a UUID but received ${uuid}.`);

// --- Nova ---

/** nova exception.VolumeNotFound (404) */
export const novaVolumeNotFound = (id: string) => new DomainError('NOT_FOUND', 404, `Volume ${id} could not be found.`);
/** nova exception.InvalidVolume */
export const novaInvalidVolume = (reason: string) => badRequest(`Invalid volume: ${reason}`);
/** nova exception.InvalidInput wrapping a Cinder 400 (nova/volume/cinder.py translate_volume_exception) */
export const novaInvalidInput = (reason: string) => badRequest(`Invalid input received: ${reason}`);
/** nova exception.InvalidDevicePath */
export const invalidDevicePath = (path: string) => badRequest(`The supplied device path (${path}) is invalid.`);
/** nova exception.MultiattachNotSupportedOldMicroversion */
export const multiattachOldMicroversion = () =>
  badRequest('Multiattach volumes are only supported starting with compute API version 2.60.');
/** api/openstack/compute/volumes.py show / delete */
export const volumeNotAttachedToInstance = (serverId: string, volumeId: string) =>
  new DomainError('NOT_FOUND', 404, `Instance ${serverId} is not attached to volume ${volumeId}`);
/** nova exception.TooManyDiskDevices (403) */
export const tooManyDiskDevices = (maximum: number) =>
  new DomainError(
    'FORBIDDEN',
    403,
    `The maximum allowed number of disk devices (${maximum}) to attach to a single instance has been exceeded.`,
  );
