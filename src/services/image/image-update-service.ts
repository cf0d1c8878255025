/**
 * Image updates (glance/api/v2/images.py ImagesController.update with glance.domain's setters):
 * Glance's own rules for a change list, which are not RFC 6902's (add on an existing property
 * replaces it, replace of a missing one is 409, core attributes cannot be removed, formats are
 * fixed once data may exist), then one write of the writable attributes.
 */
import fjp from 'fast-json-patch';
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { conflict, forbidden } from '../../domain/errors.js';
import { allowed } from '../../policy/check.js';
import { notAuthorized, saveImageFields, type ImageRow } from './image-service.js';
import { assertPropertyAllowed, readableImageProperties } from './property-protection-service.js';

export type ImageChangeOp = 'add' | 'remove' | 'replace';

/** One decoded change: its operation on a top-level attribute and, but for remove, the value. */
export interface ImageChange {
  op: ImageChangeOp;
  root: string;
  value?: unknown;
}

/** attributes of Glance's domain Image object: set in place, never removable */
const CORE = [
  'name',
  'visibility',
  'owner',
  'container_format',
  'disk_format',
  'min_disk',
  'min_ram',
  'protected',
  'os_hidden',
  'tags',
];

/** The image as a patch sees it: writable core attributes, then the custom properties given. */
function patchable(i: ImageRow, props: Record<string, unknown>): Record<string, unknown> {
  return {
    ...props,
    name: i.name,
    visibility: i.visibility,
    owner: i.owner,
    container_format: i.container_format,
    disk_format: i.disk_format,
    min_disk: i.min_disk,
    min_ram: i.min_ram,
    protected: i.protected === 1,
    os_hidden: i.os_hidden === 1,
    tags: JSON.parse(i.tags) as string[],
  };
}

/** Glance's checks of one change against the image as patched so far (policy included). */
function checkChange(
  rt: Runtime,
  ctx: RequestContext,
  image: ImageRow,
  doc: Record<string, unknown>,
  c: ImageChange,
  draft: 4 | 10,
): void {
  const core = CORE.includes(c.root);
  const exists = core || Object.hasOwn(doc, c.root);
  if (c.op === 'remove') {
    if (core) throw forbidden(`Property ${c.root} may not be removed.`);
    if (!exists) throw conflict(`Property ${c.root} does not exist.`);
    assertPropertyAllowed(rt, ctx, c.root, 'delete');
    return;
  }
  if (c.op === 'replace' && c.root === 'owner' && !ctx.isAdmin) throw forbidden("Owner can't be updated by non admin.");
  if (c.op === 'replace' && !exists) throw conflict(`Property ${c.root} does not exist.`);
  if (c.op === 'add' && draft === 4 && exists) throw conflict(`Property ${c.root} already present.`);
  // property protections (glance/api/property_protections.py): setting one that is there is an update
  if (!core) assertPropertyAllowed(rt, ctx, c.root, exists ? 'update' : 'create');
  // the policy checks Glance's update_property makes for these two values
  if (c.root === 'visibility' && c.value === 'public' && !allowed(ctx, 'publicize_image'))
    throw notAuthorized('publicize_image');
  if (
    c.root === 'visibility' &&
    c.value === 'community' &&
    !allowed(ctx, 'communitize_image', { project_id: image.owner })
  ) {
    throw notAuthorized('communitize_image');
  }
  // glance.domain.Image's setters: the formats are fixed once data may exist
  if ((c.root === 'container_format' || c.root === 'disk_format') && image.status !== 'queued') {
    throw forbidden(`Attribute ${c.root} can be only replaced for a queued image.`);
  }
}

/**
 * Applies the changes in order (all or nothing: nothing is written until every change passed) and
 * returns the image as stored. `draft` is the patch media type's JSON-schema draft (4 for v2.0).
 */
export async function updateImage(
  rt: Runtime,
  ctx: RequestContext,
  image: ImageRow,
  changes: ImageChange[],
  draft: 4 | 10,
): Promise<ImageRow> {
  if (changes.length === 0) return image;
  // a property the caller may not read is, to the patch, not there; it is kept as stored
  const stored = JSON.parse(image.properties) as Record<string, unknown>;
  const readable = readableImageProperties(rt, ctx, stored);
  const unreadable = Object.fromEntries(Object.entries(stored).filter(([k]) => !Object.hasOwn(readable, k)));
  const doc = patchable(image, readable);
  for (const c of changes) {
    checkChange(rt, ctx, image, doc, c, draft);
    const path = `/${c.root.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    // Glance's add on an existing key sets it, which is RFC 6902's add on an object member too
    const op: fjp.Operation = c.op === 'remove' ? { op: 'remove', path } : { op: c.op, path, value: c.value };
    fjp.applyOperation(doc, op, false, true);
  }
  const props = { ...unreadable, ...Object.fromEntries(Object.entries(doc).filter(([k]) => !CORE.includes(k))) };
  return saveImageFields(rt, image.id, {
    name: doc.name as string | null,
    visibility: doc.visibility as string,
    owner: doc.owner as string | null,
    container_format: doc.container_format as string | null,
    disk_format: doc.disk_format as string | null,
    min_disk: doc.min_disk as number,
    min_ram: doc.min_ram as number,
    protected: doc.protected === true ? 1 : 0,
    os_hidden: doc.os_hidden === true ? 1 : 0,
    tags: JSON.stringify(doc.tags),
    properties: JSON.stringify(props),
  });
}
