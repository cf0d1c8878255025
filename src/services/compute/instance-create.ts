/**
 * Server create: validation (flavor, image, key, AZ, quota) and the rows it writes, all in one
 * transaction with the 'create' action and one 'build' operation per instance
 * (nova/compute/api.py _create_instance / _provision_instances).
 */
import { randomBytes } from 'node:crypto';
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { badRequest, isDomainError } from '../../domain/errors.js';
import {
  bdmVolumeNotBootable,
  checkBlockDevices,
  fromApi,
  invalidBdmImage,
  invalidBdmSnapshot,
  invalidBdmVolume,
  novaVolumeTypeNotFound,
  rootOf,
  type BdmApiItem,
  type BlockDeviceRequest,
} from '../../domain/instances/block-devices.js';
import {
  multiattachOldMicroversion,
  novaInvalidInput,
  novaInvalidVolume,
} from '../../domain/volumes/attachment-errors.js';
import {
  findSnapshot,
  findVolume,
  findVolumeType,
  findVolumeTypeByName,
  type VolumeRow,
} from '../../store/repositories/volume-repository.js';
import { insertBdm } from '../../store/repositories/attachment-repository.js';
import { isMultiattach, reserveAttachment } from '../block-storage/attachment-service.js';
import { isUuidLike } from '../../lib/ids.js';
import { PowerState, TaskState, VmState } from '../../domain/instances/states.js';
import { newUuid } from '../../lib/ids.js';
import { findFlavorVisible } from '../../store/repositories/flavor-repository.js';
import { imageVisibleTo } from '../image/image-service.js';
import { findKeypair } from '../../store/repositories/keypair-queries.js';
import { insertInstance, projectUsage, setTags } from '../../store/repositories/instance-repository.js';
import { startAction } from '../../store/repositories/instance-action-repository.js';
import { enqueueOperation } from '../../operations/enqueue.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';
import type { Trx } from '../../store/database.js';
import { effectiveQuotas, userOverrides } from './quota-service.js';
import { userUsage } from '../../store/repositories/quota-repository.js';
import { findProjectSecurityGroup } from './server-security-groups.js';
import { validateRequestedNetworks, type RequestedNetworks } from './requested-networks.js';
import { checkImageFitsFlavor } from '../../domain/instances/flavor-image.js';
import { allowed } from '../../policy/check.js';
import { addGroupMembers, groupForHint } from './server-group-service.js';
import {
  flavorNotFoundForCreate,
  metadataLimitExceeded,
  imageNotFound,
  invalidKeyName,
  quotaExceeded,
  securityGroupNotFoundForCreate,
} from '../../domain/compute-errors.js';

export interface CreateServerRequest {
  name: string;
  /** '' when the server boots from a block device mapping */
  imageRef: string;
  /** block_device_mapping_v2 as the schema let it through */
  blockDevices?: BdmApiItem[];
  /** 2.60+: multiattach volumes may be mapped */
  supportsMultiattach?: boolean;
  flavorRef: string;
  minCount: number;
  maxCount: number;
  availabilityZone?: string;
  metadata: Record<string, string>;
  tags: string[];
  keyName?: string;
  userData?: string;
  description?: string | null;
  accessIPv4?: string;
  accessIPv6?: string;
  securityGroups: string[];
  networks: RequestedNetworks;
  adminPass?: string;
  hostname?: string;
  /** OS-DCF:diskConfig (stored as Nova's auto_disk_config; MANUAL when not asked) */
  diskConfig?: 'AUTO' | 'MANUAL';
  /** os:scheduler_hints group: the server group the new servers join */
  serverGroup?: string;
}

export interface CreateServerResult {
  instances: InstancesTable[];
  reservationId: string;
  adminPass: string;
}

/** nova/utils.py sanitize_hostname (pre-2.94 rules) */
export function sanitizeHostname(name: string, fallback: string): string {
  let h = name
    .toLowerCase()
    .replace(/[ _.]/g, '-')
    .replace(/[^\w.-]+/g, '')
    .slice(0, 63);
  h = h.replace(/^[.-]+|[.-]+$/g, '');
  return h || fallback;
}

const PASSWORD_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
export function generatePassword(len = 12): string {
  return [...randomBytes(len)].map((b) => PASSWORD_CHARS[b % PASSWORD_CHARS.length]).join('');
}

/**
 * How many instances fit the quota (nova/compute/utils.py check_num_instances_quota): the max
 * if it fits, fewer down to min_count, else 403 naming the first exceeded resource. The project's
 * limits are checked, and the user's where the user has limits of its own (check_deltas).
 */
async function allowedCount(
  trx: Trx,
  rt: Runtime,
  projectId: string,
  userId: string,
  vcpus: number,
  ram: number,
  min: number,
  max: number,
): Promise<number> {
  const per = { instances: 1, cores: vcpus, ram };
  const limits = await effectiveQuotas(rt, projectId, null, trx);
  const own = await userOverrides(rt, projectId, userId, trx);
  const scopes: Array<{ used: Record<keyof typeof per, number>; limit: (r: keyof typeof per) => number | undefined }> =
    [{ used: await projectUsage(trx, projectId), limit: (r) => limits[r] }];
  if (own.size) scopes.push({ used: await userUsage(trx, projectId, userId), limit: (r) => own.get(r) });
  let fit = max;
  const overs: Array<{ resource: keyof typeof per; limit: number; used: number }> = [];
  for (const { used, limit: limitOf } of scopes) {
    for (const resource of ['instances', 'cores', 'ram'] as const) {
      const limit = limitOf(resource);
      if (limit === undefined || limit < 0 || per[resource] === 0) continue;
      const n = Math.floor((limit - used[resource]) / per[resource]);
      if (n < max) overs.push({ resource, limit, used: used[resource] });
      fit = Math.min(fit, Math.max(n, 0));
    }
  }
  const over = overs[0];
  if (fit >= min || !over) return fit;
  throw quotaExceeded(over.resource, per[over.resource] * max, over.used, over.limit);
}

/**
 * nova/network/neutron.py _process_security_groups: every requested group (name or id) must be
 * one of the project's, else SecurityGroupNotFound, which the servers controller answers with 400.
 * Returns the groups' names: Nova's server view shows the names Neutron gives the ports' groups,
 * also when the request named a group by id (as the openstack CLI does).
 */
async function securityGroupNames(rt: Runtime, projectId: string, requested: string[]): Promise<string[]> {
  const names: string[] = [];
  for (const nameOrId of requested) {
    const group = await findProjectSecurityGroup(rt.store.db, projectId, nameOrId, rt.clock().toISOString());
    if (!group) throw securityGroupNotFoundForCreate(nameOrId);
    names.push(group.name);
  }
  return names;
}

/**
 * block_device_mapping_v2 → Nova's mappings (BlockDeviceDict.from_api, _check_and_transform_bdm)
 * and _validate_bdm's checks against Glance and Cinder. With an imageRef and no mapping at boot
 * index 0 the image is the root disk (image → local, as Nova prepends it).
 */
async function resolveBlockDevices(
  rt: Runtime,
  ctx: RequestContext,
  req: CreateServerRequest,
): Promise<ResolvedBlockDevice[]> {
  const items = req.blockDevices ?? [];
  if (items.length === 0) return [];
  const imageGiven = req.imageRef !== '';
  const bdms = items.map((i) => fromApi(i, imageGiven));
  const all = imageGiven && !rootOf(bdms) ? [imageRoot(req.imageRef), ...bdms] : bdms;
  checkBlockDevices(all);
  const db = rt.store.db;
  const out: ResolvedBlockDevice[] = [];
  for (const b of all) {
    const r: ResolvedBlockDevice = { ...b, volume: undefined };
    if (b.volumeType !== null) {
      const t =
        (isUuidLike(b.volumeType) ? await findVolumeType(db, b.volumeType) : undefined) ??
        (await findVolumeTypeByName(db, b.volumeType));
      if (!t) throw novaVolumeTypeNotFound(b.volumeType);
    }
    if (b.sourceType === 'image' && b.uuid !== null && b.uuid !== req.imageRef) {
      const image = await imageVisibleTo(rt, ctx, b.uuid);
      if (!image || image.status !== 'active') throw invalidBdmImage(b.uuid);
      // _check_requested_image: the root volume holds at least the image's min_disk
      if (b.bootIndex === 0 && b.volumeSize !== null && b.volumeSize < image.min_disk)
        throw badRequest(
          `Volume is smaller than the minimum size specified in image metadata. Volume size is ${b.volumeSize * GiB} bytes, minimum size is ${image.min_disk * GiB} bytes.`,
        );
    } else if (b.sourceType === 'volume' && b.uuid !== null) {
      const v = await findVolume(db, b.uuid);
      if (!v || !(ctx.isAdmin || v.project_id === ctx.projectId)) throw invalidBdmVolume(b.uuid);
      if ((await isMultiattach(db, v)) && !req.supportsMultiattach) throw multiattachOldMicroversion();
      // _get_bdm_image_metadata: the root volume must be bootable
      if (b.bootIndex === 0 && v.bootable !== 1) throw bdmVolumeNotBootable(v.id);
      r.volume = v;
    } else if (b.sourceType === 'snapshot' && b.uuid !== null) {
      const snap = await findSnapshot(db, b.uuid);
      if (!snap || !(ctx.isAdmin || snap.project_id === ctx.projectId)) throw invalidBdmSnapshot(b.uuid);
      r.volumeSize = b.volumeSize ?? snap.size;
    }
    out.push(r);
  }
  return out;
}

interface ResolvedBlockDevice extends BlockDeviceRequest {
  /** the existing volume of a source_type volume mapping */
  volume: VolumeRow | undefined;
}

const GiB = 1024 * 1024 * 1024;

function imageRoot(imageRef: string): BlockDeviceRequest {
  return {
    sourceType: 'image',
    destinationType: 'local',
    uuid: imageRef,
    bootIndex: 0,
    volumeSize: null,
    deleteOnTermination: true,
    deviceName: null,
    diskBus: null,
    deviceType: null,
    tag: null,
    volumeType: null,
  };
}

/**
 * The server's volume mappings, in its create transaction: an existing volume is reserved for it
 * now (Cinder's attachment_create; the volume's conditional UPDATE decides a race), a volume the
 * build makes gets its id now and no attachment. The root volume is /dev/vda, the others /dev/vdb
 * on in request order. Local disks (the image root) are the guest's own and are not recorded.
 */
async function writeBlockDevices(trx: Trx, uuid: string, bdms: ResolvedBlockDevice[], now: string): Promise<void> {
  let next = 1;
  for (const b of bdms) {
    if (b.destinationType !== 'volume') continue;
    const device = b.bootIndex === 0 ? '/dev/vda' : `/dev/vd${'abcdefghijklmnopqrstuvwxyz'[next++] ?? 'z'}`;
    let attachmentId: string | null = null;
    if (b.volume) {
      try {
        attachmentId = (await reserveAttachment(trx, b.volume, uuid, now)).id;
      } catch (e) {
        // _validate_bdm: Cinder's 400 comes back as InvalidInput, then InvalidVolume
        if (isDomainError(e) && e.status === 400) throw novaInvalidVolume(novaInvalidInput(e.message).message);
        throw e;
      }
    }
    await insertBdm(trx, {
      uuid: newUuid(),
      instance_uuid: uuid,
      volume_id: b.volume?.id ?? newUuid(),
      attachment_id: attachmentId,
      device_name: device,
      tag: b.tag,
      delete_on_termination: b.deleteOnTermination ? 1 : 0,
      boot_index: b.bootIndex,
      source_type: b.sourceType,
      volume_size: b.volumeSize,
      image_id: b.sourceType === 'image' ? b.uuid : null,
      snapshot_id: b.sourceType === 'snapshot' ? b.uuid : null,
      volume_type: b.volumeType,
      disk_bus: b.diskBus,
      device_type: b.deviceType,
      created_at: now,
      updated_at: null,
    });
  }
}

export async function createInstances(
  rt: Runtime,
  ctx: RequestContext,
  req: CreateServerRequest,
): Promise<CreateServerResult> {
  const projectId = ctx.projectId;
  if (!projectId) throw badRequest('A project-scoped token is required to create a server.');
  // compute/api.py create: one requested hostname cannot name several servers
  if (req.hostname && req.maxCount > 1) throw badRequest('Unable to allocate a single hostname to multiple instances');
  const db = rt.store.db;
  // Flavor.get_by_flavor_id reads through _flavor_get_query_from_db: a private flavor the caller's
  // project has no access to is not found (400 at create)
  const flavor = await findFlavorVisible(db, req.flavorRef, ctx.isAdmin ? null : projectId);
  if (!flavor || flavor.deleted) throw flavorNotFoundForCreate(req.flavorRef);
  const bdms = await resolveBlockDevices(rt, ctx, req);
  const root = rootOf(bdms);
  const volumeBacked = root?.destinationType === 'volume';
  let imageId = '';
  if (req.imageRef !== '') {
    const image = await imageVisibleTo(rt, ctx, req.imageRef);
    if (!image) throw imageNotFound(req.imageRef);
    if (image.status !== 'active') throw badRequest(`Image ${req.imageRef} is not active.`);
    // _validate_flavor_image_nostatus: a volume-backed server's root disk is not the flavor's
    if (!volumeBacked)
      checkImageFitsFlavor(flavor, image, allowed(ctx, 'os_compute_api:servers:create:zero_disk_flavor'));
    imageId = image.id;
  }
  // _validate_and_build_base_options → _check_metadata_properties_quota: the initial metadata counts
  // against metadata_items like any later update
  const maxMeta = (await effectiveQuotas(rt, projectId)).metadata_items;
  if (maxMeta >= 0 && Object.keys(req.metadata).length > maxMeta) throw metadataLimitExceeded(maxMeta);
  let keyData: string | null = null;
  if (req.keyName !== undefined) {
    const kp = await findKeypair(db, ctx.userId, req.keyName);
    if (!kp) throw invalidKeyName();
    keyData = kp.public_key;
  }
  const groupNames = await securityGroupNames(rt, projectId, req.securityGroups);
  await validateRequestedNetworks(db, ctx, req.networks, req.maxCount);
  const zones = new Set(
    (await db.selectFrom('compute_hosts').select('availability_zone').execute()).map((r) => r.availability_zone),
  );
  zones.add(rt.config.compute.availabilityZone);
  if (req.availabilityZone !== undefined && !zones.has(req.availabilityZone.split(':', 1)[0] ?? '')) {
    throw badRequest('The requested availability zone is not available');
  }
  const requestedAz = req.availabilityZone ? (req.availabilityZone.split(':', 1)[0] ?? null) : null;
  const group = req.serverGroup !== undefined ? await groupForHint(rt, ctx, req.serverGroup) : undefined;
  const adminPass = req.adminPass ?? generatePassword();
  const reservationId = `r-${randomBytes(4).toString('hex')}`;

  const instances = await rt.store.transaction(async (trx) => {
    // two creates of one project must not both pass the quota on the same usage
    await rt.store.adapter.lockForUpdateOf(trx, `quota:${projectId}`);
    const count = await allowedCount(
      trx,
      rt,
      projectId,
      ctx.userId,
      flavor.vcpus,
      flavor.ram,
      req.minCount,
      req.maxCount,
    );
    const rows: InstancesTable[] = [];
    const now = rt.clock().toISOString();
    for (let i = 0; i < count; i++) {
      const uuid = newUuid();
      // since Rocky, multi-create names instances "<name>-<n>" (multi_instance_display_name_template removed)
      const displayName = count > 1 ? `${req.name}-${i + 1}` : req.name;
      const fallback = `Server-${uuid}`;
      // _populate_instance_names: a requested hostname (2.90+, validated by the schema) is kept as
      // given, an FQDN from 2.94 included; only the one derived from the name is sanitised
      const hostname =
        req.hostname ??
        (count > 1 && sanitizeHostname(req.name, '') === '' ? fallback : sanitizeHostname(displayName, fallback));
      const row: InstancesTable = {
        uuid,
        display_name: displayName,
        display_description: req.description ?? null,
        hostname,
        project_id: projectId,
        user_id: ctx.userId,
        vm_state: VmState.BUILDING,
        task_state: TaskState.SCHEDULING,
        power_state: PowerState.NOSTATE,
        locked: 0,
        locked_by: null,
        locked_reason: null,
        host: null,
        node: null,
        availability_zone: requestedAz,
        requested_availability_zone: requestedAz,
        flavor_id: flavor.id,
        flavor: JSON.stringify(flavor),
        vcpus: flavor.vcpus,
        memory_mb: flavor.ram,
        root_gb: flavor.disk,
        image_ref: imageId,
        key_name: req.keyName ?? null,
        key_data: keyData,
        user_data: req.userData ?? null,
        metadata: JSON.stringify(req.metadata),
        system_metadata: '{}',
        security_groups: JSON.stringify(groupNames),
        reservation_id: reservationId,
        launch_index: i,
        access_ip_v4: req.accessIPv4 ?? null,
        access_ip_v6: req.accessIPv6 ?? null,
        config_drive: '',
        disk_config: req.diskConfig ?? 'MANUAL',
        progress: 0,
        fault: null,
        requested_networks: JSON.stringify(req.networks),
        created_at: now,
        updated_at: now,
        launched_at: null,
        terminated_at: null,
        deleted_at: null,
        deleted: 0,
      };
      await insertInstance(trx, row);
      await writeBlockDevices(trx, uuid, bdms, now);
      if (req.tags.length) await setTags(trx, uuid, req.tags);
      const action = await startAction(
        trx,
        { instanceUuid: uuid, requestId: ctx.requestId, action: 'create', projectId, userId: ctx.userId },
        now,
      );
      await enqueueOperation(
        trx,
        { kind: 'build', instanceUuid: uuid, host: null, requestId: ctx.requestId, payload: { actionId: action.id } },
        now,
      );
      rows.push(row);
    }
    if (group)
      await addGroupMembers(
        rt,
        trx,
        group,
        rows.map((r) => r.uuid),
        now,
      );
    return rows;
  });
  rt.bus.operationEnqueued(null);
  return { instances, reservationId, adminPass };
}
