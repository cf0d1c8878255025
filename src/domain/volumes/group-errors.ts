/**
 * Generic volume group errors (cinder/exception.py, group/api.py, api/v3/groups.py,
 * group_types.py, group_specs.py, group_snapshots.py), each in Cinder's wording. InvalidGroup,
 * InvalidGroupSnapshot, InvalidVolume and InvalidInput answer 400 from the controllers.
 */
import { DomainError, badRequest } from '../errors.js';
import { invalidInput, invalidVolume } from './errors.js';

/** a Python tuple of strings, as Cinder's messages print one */
const pyTuple = (xs: readonly string[]) => `(${xs.map((x) => `'${x}'`).join(', ')}${xs.length === 1 ? ',' : ''})`;

/** objects/fields.py GroupStatus.ALL */
export const GROUP_STATUSES = [
  'error',
  'available',
  'creating',
  'deleting',
  'deleted',
  'updating',
  'in-use',
  'error_deleting',
] as const;
/** objects/fields.py GroupSnapshotStatus.ALL (the group reset's validator checks against it too) */
export const GROUP_SNAPSHOT_STATUSES = [
  'error',
  'available',
  'creating',
  'deleting',
  'deleted',
  'updating',
  'error_deleting',
] as const;
/** group/api.py VALID_REMOVE_VOL_FROM_GROUP_STATUS and VALID_ADD_VOL_TO_GROUP_STATUS */
export const REMOVABLE_FROM_GROUP = ['available', 'in-use', 'error', 'error_deleting'] as const;
export const ADDABLE_TO_GROUP = ['available', 'in-use'] as const;

export const groupTypeNotFound = (id: string) =>
  new DomainError('NOT_FOUND', 404, `Group type ${id} could not be found.`);
export const groupTypeNotFoundByName = (name: string) =>
  new DomainError('NOT_FOUND', 404, `Group type with name ${name} could not be found.`);
export const groupTypeExists = (name: string) => new DomainError('CONFLICT', 409, `Group Type ${name} already exists.`);
export const groupTypeNameEmpty = () => badRequest('Group type name can not be empty.');
export const groupTypeNothingToUpdate = () =>
  badRequest('Specify group type name, description or a combination thereof.');
export const groupTypeInUse = () => badRequest('Target group type is still in use.');
export const defaultGroupTypeNotFound = () => new DomainError('NOT_FOUND', 404, 'Default group type can not be found.');
export const groupSpecNotFound = (typeId: string, key: string) =>
  new DomainError('NOT_FOUND', 404, `Group Type ${typeId} has no specs with key ${key}.`);
/** group_specs.py show: its own wording, not GroupTypeSpecsNotFound's */
export const groupSpecItemNotFound = (typeId: string, key: string) =>
  new DomainError('NOT_FOUND', 404, `Group Type ${typeId} has no extra spec with key ${key}.`);

export const groupNotFound = (id: string) => new DomainError('NOT_FOUND', 404, `Group ${id} could not be found.`);
export const groupSnapshotNotFound = (id: string) =>
  new DomainError('NOT_FOUND', 404, `GroupSnapshot ${id} could not be found.`);
/** exception.InvalidGroup */
export const invalidGroup = (reason: string) => badRequest(`Invalid Group: ${reason}`);
/** exception.InvalidGroupSnapshot */
export const invalidGroupSnapshot = (reason: string) => badRequest(`Invalid GroupSnapshot: ${reason}`);
/** exception.GroupLimitExceeded (a QuotaError: 413) */
export const groupLimitExceeded = (allowed: number) =>
  new DomainError('QUOTA_EXCEEDED', 413, `Maximum number of groups allowed (${allowed}) exceeded`, { retryAfter: '0' });

/** volume/api.py create in a group */
export const groupVolumeTypeMissing = () =>
  invalidInput('volume_type must be provided when creating a volume in a group.');
export const groupVolumeTypeUnsupported = (typeName: string) =>
  invalidInput(`Invalid volume_type provided: ${typeName} (requested type must be supported by this group).`);

export const groupVolumeTypeNotFound = (ref: string) =>
  new DomainError('NOT_FOUND', 404, `Volume type with name ${ref} could not be found.`);

export const groupDeleteStatusInvalid = (status: string) =>
  invalidGroup(`Group status must be available or error, but current status is: ${status}`);
export const groupHasSnapshots = () => invalidGroup('Group has existing snapshots.');
export const groupHasVolumes = (id: string) =>
  invalidGroup(`Group ${id} still contains volumes. The delete-volumes flag is required to delete it.`);
export const groupVolumeAttached = (id: string) =>
  invalidGroup(`Volume in group ${id} is attached. Need to detach first.`);
export const groupVolumeHasSnapshots = () => invalidGroup('Volume in group still has dependent snapshots.');
export const groupDeleteRaced = (id: string, deleteVolumes: boolean) =>
  invalidGroup(
    `Cannot delete group ${id}. ${
      deleteVolumes
        ? 'Group status must be available or error and must not have dependent group snapshots'
        : 'Group must not have attached volumes, volumes with snapshots, or dependent group snapshots'
    }, and it cannot be the source for an ongoing group or group snapshot creation.`,
  );

export const groupUpdateBothLists = (ids: string[]) =>
  invalidVolume(`UUIDs ${`[${ids.map((i) => `'${i}'`).join(', ')}]`} are in both add and remove volume list.`);
export const groupNothingToUpdate = (id: string) =>
  invalidGroup(
    `Cannot update group ${id} because no valid name, description, add_volumes, or remove_volumes were provided.`,
  );
export const groupNotAvailable = () => invalidGroup('Group status must be available.');
export const removeVolumeInvalidState = (volumeId: string, groupId: string, status: string) =>
  invalidVolume(
    `Cannot remove volume ${volumeId} from group ${groupId} because volume is in an invalid state: ${status}. Valid states are: ${pyTuple(REMOVABLE_FROM_GROUP)}.`,
  );
export const removeVolumeNotInGroup = (volumeId: string, groupId: string) =>
  invalidVolume(`Cannot remove volume ${volumeId} from group ${groupId} because it is not in the group.`);
export const addVolumeNotFound = (volumeId: string, groupId: string) =>
  invalidVolume(`Cannot add volume ${volumeId} to group ${groupId} because volume cannot be found.`);
export const addVolumeInOtherGroup = (volumeId: string, groupId: string, other: string) =>
  invalidVolume(`Cannot add volume ${volumeId} to group ${groupId} because it is already in group ${other}.`);
export const addVolumeOtherProject = (volumeId: string, groupId: string) =>
  invalidVolume(`Cannot add volume ${volumeId} to group ${groupId} as they belong to different projects.`);
export const addVolumeTypeUnsupported = (volumeId: string, groupId: string, typeId: string) =>
  invalidVolume(
    `Cannot add volume ${volumeId} to group ${groupId} because volume type ${typeId} is not supported by the group.`,
  );
export const addVolumeInvalidState = (volumeId: string, groupId: string, status: string) =>
  invalidVolume(
    `Cannot add volume ${volumeId} to group ${groupId} because volume is in an invalid state: ${status}. Valid states are: ${pyTuple(ADDABLE_TO_GROUP)}.`,
  );

export const groupSnapshotDeleteInvalid = () =>
  invalidGroupSnapshot(
    'GroupSnapshot status must be available or error, and no Group can be currently using it as source for its creation.',
  );
/** group/api.py _create_group_from_*: an empty source */
export const groupSnapshotEmpty = () => invalidGroup('Group snapshot is empty. No group will be created.');
export const sourceGroupEmpty = () => invalidGroup('Source Group is empty. No group will be created.');
export const sourceNotAvailable = (what: 'group' | 'group snapshot', status: string) =>
  invalidGroup(`The source ${what} must be available, but its status is ${status}.`);
/** group/api.py _check_type: replication on a group whose type does not enable it */
export const groupNotReplicated = (id: string) =>
  badRequest(`Invalid group type: Group ${id} is not a replication group type.`);

/** validators.py group_status / group_snapshot_status (checked in the handler, Cinder's wording) */
export const groupStatusInvalid = (status: string) =>
  badRequest(`Invalid Group Status: Group status: ${status} is invalid, valid status are: ${pyTuple(GROUP_STATUSES)}.`);
export const groupSnapshotStatusInvalid = (status: string) =>
  badRequest(
    `Invalid GroupSnapshot Status: Group snapshot status: ${status} is invalid, valid statuses are: ${pyTuple(GROUP_SNAPSHOT_STATUSES)}.`,
  );
export const statusEmpty = (what: 'Group' | 'GroupSnapshot') =>
  badRequest(`Invalid ${what} Status: The 'status' can not be empty.`);
