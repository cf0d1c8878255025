/**
 * Where Glance's property protections (image.propertyProtections) apply: creating an image with
 * custom properties, changing them with PATCH, and every image body a caller reads. The rule
 * itself is domain/image/property-protections.ts; this decides which caller roles it sees.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { forbidden } from '../../domain/errors.js';
import {
  compileProtections,
  propertyAllowed,
  readableProperties,
  type CompiledProtections,
  type PropertyAction,
} from '../../domain/image/property-protections.js';
import type { ImageRow } from './image-service.js';

const compiled = new WeakMap<object, CompiledProtections>();

/** the configured rules, compiled once per configuration (a malformed rule throws: checked at start) */
export function imagePropertyProtections(rt: Runtime): CompiledProtections {
  const rules = rt.config.image.propertyProtections;
  let c = compiled.get(rules);
  if (!c) {
    c = compileProtections(rules);
    compiled.set(rules, c);
  }
  return c;
}

/** glance.common.exception.ReservedProperty, Glance's 403 for a protected property */
export const reservedProperty = (name: string) => forbidden(`Attribute '${name}' is reserved.`);

/** 403 unless the caller may perform the action on the custom property */
export function assertPropertyAllowed(rt: Runtime, ctx: RequestContext, name: string, action: PropertyAction): void {
  if (!propertyAllowed(imagePropertyProtections(rt), name, action, ctx.roles)) throw reservedProperty(name);
}

/** the custom properties of an image the caller may read */
export function readableImageProperties(
  rt: Runtime,
  ctx: RequestContext,
  props: Record<string, unknown>,
): Record<string, unknown> {
  return readableProperties(imagePropertyProtections(rt), props, ctx.roles);
}

/** the image as the caller may see it: properties they may not read left out */
export function imageAsSeenBy(rt: Runtime, ctx: RequestContext, image: ImageRow): ImageRow {
  if (rt.config.image.propertyProtections.length === 0) return image;
  const props = JSON.parse(image.properties) as Record<string, unknown>;
  return { ...image, properties: JSON.stringify(readableImageProperties(rt, ctx, props)) };
}
