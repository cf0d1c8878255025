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

/** The image id to rebuild with; `zeroDiskAllowed` is the caller's zero_disk_flavor policy. */
export async function rebuildImage(
  rt: Runtime,
  ctx: RequestContext,
  server: { memory_mb: number; root_gb: number },
  imageRef: string,
  zeroDiskAllowed: boolean,
): Promise<string> {
  const image = await imageVisibleTo(rt, ctx, imageRef);
  // servers.py _action_rebuild: ImageNotFound → "Cannot find image for rebuild"
  if (!image) throw imageNotFoundForRebuild();
  if (image.status !== 'active') throw badRequest(`Image ${imageRef} is not active.`);
  // the flavor the server was booted with, against the new image
  checkImageFitsFlavor({ ram: server.memory_mb, disk: server.root_gb }, image, zeroDiskAllowed);
  return image.id;
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
