/**
 * Block device mappings of a server create (nova/block_device.py BlockDeviceDict.from_api and
 * nova/compute/api.py _validate_bdm's checks that need no other service), with Nova's texts.
 */
import { badRequest, type DomainError } from '../errors.js';
import { isTrueString } from '../../lib/bool-from-string.js';

/** one block_device_mapping_v2 item as the schema let it through */
export interface BdmApiItem {
  source_type?: string;
  destination_type?: string;
  uuid?: string;
  boot_index?: number | string | null;
  volume_size?: number | string;
  delete_on_termination?: boolean | string;
  device_name?: string;
  disk_bus?: string;
  device_type?: string;
  guest_format?: string;
  tag?: string;
  volume_type?: string | null;
}

export interface BlockDeviceRequest {
  sourceType: 'volume' | 'image' | 'snapshot' | 'blank';
  destinationType: 'volume' | 'local';
  /** the volume, image or snapshot id (null for blank) */
  uuid: string | null;
  /** null: not bootable (Nova's None, and any negative index) */
  bootIndex: number | null;
  volumeSize: number | null;
  deleteOnTermination: boolean;
  deviceName: string | null;
  diskBus: string | null;
  deviceType: string | null;
  tag: string | null;
  volumeType: string | null;
}

/** exception.InvalidBDMFormat */
export const invalidBdmFormat = (details: string): DomainError =>
  badRequest(`Block Device Mapping is Invalid: ${details}`);
/** exception.InvalidBDM with its message (or its default text) */
export const invalidBdm = (message = 'Block Device Mapping is Invalid.'): DomainError => badRequest(message);
export const invalidBdmBootSequence = (): DomainError =>
  invalidBdmFormat('Boot sequence for the instance and image/block device mapping combination is not valid.');
export const invalidBdmImage = (id: string): DomainError => invalidBdmFormat(`failed to get image ${id}.`);
export const invalidBdmVolume = (id: string): DomainError => invalidBdmFormat(`failed to get volume ${id}.`);
export const invalidBdmSnapshot = (id: string): DomainError => invalidBdmFormat(`failed to get snapshot ${id}.`);
export const invalidBdmLocalsLimit = (): DomainError =>
  invalidBdmFormat('You specified more local devices than the limit allows');
export const bdmVolumeNotBootable = (id: string): DomainError => badRequest(`Block Device ${id} is not bootable.`);
/** servers.py create: both syntaxes in one request */
export const mixedBdmSyntax = (): DomainError =>
  badRequest('Using different block_device_mapping syntaxes is not allowed in the same request.');

/** nova/objects/fields.py DiskBus.ALL */
const DISK_BUSES = ['fdc', 'ide', 'sata', 'scsi', 'usb', 'virtio', 'xen', 'lxc', 'uml'];
/** CONF.max_local_block_devices */
export const MAX_LOCAL_BLOCK_DEVICES = 3;

const boolOf = (v: boolean | string | undefined): boolean => isTrueString(v);

/** BlockDeviceDict.from_api, then the object's fields as Nova keeps them */
export function fromApi(item: BdmApiItem, imageUuidSpecified: boolean): BlockDeviceRequest {
  const source = item.source_type;
  if (source !== 'volume' && source !== 'image' && source !== 'snapshot' && source !== 'blank')
    throw invalidBdmFormat('Invalid source_type field.');
  const uuid = item.uuid ?? null;
  if (source === 'blank' && uuid !== null) throw invalidBdmFormat('Invalid device UUID.');
  if (source !== 'blank' && !uuid) throw invalidBdmFormat('Missing device UUID.');
  const dest = item.destination_type ?? (source === 'image' || source === 'blank' ? 'local' : 'volume');
  if (dest !== 'volume' && dest !== 'local') throw invalidBdmFormat('Invalid destination_type field.');
  const rawIndex = item.boot_index;
  const index = rawIndex === undefined || rawIndex === null ? null : Number(rawIndex);
  if (index !== null && !Number.isInteger(index)) throw invalidBdmFormat('Boot index is invalid.');
  // the image given as imageRef shows up as image → local at boot index 0; nothing else may
  if (source === 'image' && dest === 'local' && !(imageUuidSpecified && index === 0))
    throw invalidBdmFormat('Mapping image to local is not supported.');
  const volumeType = item.volume_type ?? null;
  if (dest === 'local' && volumeType !== null)
    throw invalidBdmFormat('Specifying a volume_type with destination_type=local is not supported.');
  if (source === 'volume' && volumeType !== null)
    throw invalidBdmFormat('Specifying volume type to existing volume is not supported.');
  const size = item.volume_size === undefined ? null : Number(item.volume_size);
  return {
    sourceType: source,
    destinationType: dest,
    uuid,
    bootIndex: index !== null && index >= 0 ? index : null,
    volumeSize: size,
    deleteOnTermination: boolOf(item.delete_on_termination),
    deviceName: item.device_name ?? null,
    diskBus: item.disk_bus ?? null,
    deviceType: item.device_type ?? null,
    tag: item.tag ?? null,
    volumeType,
  };
}

/**
 * The checks of _validate_bdm that need no other service: one boot device at each index from 0
 * up with no gap, sizes for the volumes the build creates, a known disk bus, and at most
 * MAX_LOCAL_BLOCK_DEVICES local disks.
 */
export function checkBlockDevices(bdms: BlockDeviceRequest[]): void {
  const indexes = bdms
    .map((b) => b.bootIndex)
    .filter((i): i is number => i !== null)
    .sort((a, b) => a - b);
  if (indexes.length === 0 || indexes.some((v, i) => v !== i)) throw invalidBdmBootSequence();
  for (const b of bdms) {
    if (b.sourceType === 'image' && b.destinationType === 'volume' && !b.volumeSize)
      throw invalidBdm("Images with destination_type 'volume' need to have a non-zero size specified");
    if (b.sourceType === 'blank' && b.destinationType === 'volume' && !b.volumeSize)
      throw invalidBdm("Blank volumes (source: 'blank', dest: 'volume') need to have non-zero size");
    // exception.InvalidBDMDiskBus sets msg_fmr, not msg_fmt: Nova prints InvalidBDM's own text
    if (b.diskBus !== null && !DISK_BUSES.includes(b.diskBus)) throw invalidBdm();
  }
  if (bdms.filter((b) => b.destinationType === 'local').length > MAX_LOCAL_BLOCK_DEVICES) throw invalidBdmLocalsLimit();
}

/** the mapping the server boots from (get_root_bdm) */
export function rootOf(bdms: BlockDeviceRequest[]): BlockDeviceRequest | undefined {
  return bdms.find((b) => b.bootIndex === 0);
}

/** exception.VolumeTypeNotFound, a 400 at server create */
export const novaVolumeTypeNotFound = (idOrName: string): DomainError =>
  badRequest(`Volume type ${idOrName} could not be found.`);
