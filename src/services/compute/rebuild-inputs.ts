/**
 * What a rebuild request names, resolved and checked as nova/compute/api.py rebuild does before
 * it changes anything: the new image (it must exist, be active and fit the server's flavor) and
 * the key pair (the caller's own).
 */
import type { Runtime } from '../../runtime.js';
import { badRequest } from '../../domain/errors.js';
import { checkImageFitsFlavor } from '../../domain/instances/flavor-image.js';
import type { RequestContext } from '../../domain/context.js';
import { imageVisibleTo } from '../image/image-service.js';
import { findKeypair } from '../../store/repositories/keypair-queries.js';
import { imageNotFoundForRebuild, invalidKeyName } from '../../domain/compute-errors.js';
import { bdmsOfInstance } from '../../store/repositories/attachment-repository.js';
import { findVolume } from '../../store/repositories/volume-repository.js';

/**
 * The image to rebuild with and what happens to a volume-backed server's root volume;
 * `zeroDiskAllowed` is the caller's zero_disk_flavor policy, `reimageBootVolume` 2.93's flag.
 */
export async function rebuildImage(
  rt: Runtime,
  ctx: RequestContext,
  server: { uuid: string; image_ref: string | null; memory_mb: number; root_gb: number },
  imageRef: string,
  zeroDiskAllowed: boolean,
  reimageBootVolume: boolean,
): Promise<{ imageId: string; root: RootVolumeRebuild }> {
  const image = await imageVisibleTo(rt, ctx, imageRef);
  // servers.py _action_rebuild: ImageNotFound → "Cannot find image for rebuild"
  if (!image) throw imageNotFoundForRebuild();
  if (image.status !== 'active') throw badRequest(`Image ${imageRef} is not active.`);
  const root = await rootVolumeRebuild(rt, server, image.id, reimageBootVolume);
  // the flavor the server was booted with, against the new image; a volume-backed server's root
  // disk is its volume, not the flavor's (_validate_flavor_image_nostatus with a root volume)
  if (root.volumeBacked) checkImageFitsFlavor({ ram: server.memory_mb, disk: 0 }, image, true);
  else checkImageFitsFlavor({ ram: server.memory_mb, disk: server.root_gb }, image, zeroDiskAllowed);
  return { imageId: image.id, root };
}

/** The caller's key pair for a rebuild (KeypairNotFound → 400 there). */
export async function rebuildKey(
  rt: Runtime,
  userId: string,
  keyName: string,
): Promise<{ key_name: string; key_data: string }> {
  const kp = await findKeypair(rt.store.db, userId, keyName);
  if (!kp) throw invalidKeyName();
  return { key_name: kp.name, key_data: kp.public_key };
}

/** What a rebuild does to a volume-backed server's root volume: nothing, or reimage it. */
export interface RootVolumeRebuild {
  volumeBacked: boolean;
  /** the root volume to reimage with the new image (2.93 reimage_boot_volume) */
  reimage: { volumeId: string; imageId: string } | null;
}

/**
 * compute/api.py rebuild for a volume-backed server: the image in its root volume (Cinder's
 * volume_image_metadata image_id) is the one it was built from. Another image needs
 * reimage_boot_volume (2.93), else ImageUnacceptable (400); with it, the volume is reimaged.
 */
export async function rootVolumeRebuild(
  rt: Runtime,
  inst: { uuid: string; image_ref: string | null },
  imageId: string,
  reimageBootVolume: boolean,
): Promise<RootVolumeRebuild> {
  if (inst.image_ref) return { volumeBacked: false, reimage: null };
  const root = (await bdmsOfInstance(rt.store.db, inst.uuid)).find((b) => b.boot_index === 0 && b.volume_id);
  if (!root?.volume_id) throw badRequest('Unable to find root block device mapping for volume-backed instance.');
  const volume = await findVolume(rt.store.db, root.volume_id);
  const meta = volume?.image_metadata ? (JSON.parse(volume.image_metadata) as Record<string, string>) : {};
  if (meta.image_id === imageId) return { volumeBacked: true, reimage: null };
  if (!reimageBootVolume)
    throw badRequest(
      `Image ${imageId} is unacceptable: Unable to rebuild with a different image for a volume-backed server.`,
    );
  return { volumeBacked: true, reimage: { volumeId: root.volume_id, imageId } };
}
