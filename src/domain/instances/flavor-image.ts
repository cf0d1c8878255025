/**
 * Does an image fit a flavor? nova/compute/api.py _validate_flavor_image_nostatus, which both
 * server create and rebuild run before anything is written; the servers controller answers each
 * refusal with 400 (INVALID_FLAVOR_IMAGE_EXCEPTIONS), the zero-disk one with 403.
 */
import { DomainError, badRequest } from '../errors.js';

const GiB = 1024 ** 3;

export interface FlavorSize {
  ram: number;
  disk: number;
}
export interface ImageSize {
  min_ram: number;
  min_disk: number;
  size: number | null;
}

/**
 * @param zeroDiskAllowed policy os_compute_api:servers:create:zero_disk_flavor: a flavor with a
 * 0 GB root disk means "no size check" for Nova, so only admins may boot images on it
 */
export function checkImageFitsFlavor(flavor: FlavorSize, image: ImageSize, zeroDiskAllowed: boolean): void {
  if (flavor.ram < image.min_ram) throw badRequest("Flavor's memory is too small for requested image.");
  const flavorBytes = flavor.disk * GiB;
  if (flavorBytes === 0) {
    if (!zeroDiskAllowed)
      throw new DomainError('FORBIDDEN', 403, 'Only volume-backed servers are allowed for flavors with zero disk.');
    return;
  }
  const imageBytes = image.size ?? 0;
  if (imageBytes > flavorBytes) {
    throw badRequest(
      `Flavor's disk is too small for requested image. Flavor disk is ${flavorBytes} bytes, image is ${imageBytes} bytes.`,
    );
  }
  const minBytes = image.min_disk * GiB;
  if (minBytes > flavorBytes) {
    throw badRequest(
      `Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is ${flavorBytes} bytes, minimum size is ${minBytes} bytes.`,
    );
  }
}
