/**
 * PATCH /v2/images/{id} (glance/api/v2/images.py RequestDeserializer.update and
 * ImagesController.update): a JSON-patch-like list of add/remove/replace changes on single-level
 * paths. Glance's rules are not RFC 6902's (add on an existing property replaces it, replace of a
 * missing property is 409, core attributes cannot be removed), so they are checked here, and
 * fast-json-patch then applies the accepted operations to the image's writable representation.
 */
import fjp from 'fast-json-patch';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { SchemaError, type RouteDef } from '../../http/route-table.js';
import { compileSchema } from '../../http/validation.js';
import { DomainError, badRequest, conflict, forbidden } from '../../domain/errors.js';
import { allowed } from '../../policy/check.js';
import { findImage, updateImage, type ImageRow } from '../../store/repositories/image-repository.js';
import { READ_ONLY, RESERVED, imageCreate } from './schemas/images.js';
import { imageView } from './views/images.js';
import { imageNotFound, notAuthorized, visible } from './images.js';

/** the two patch media types and the JSON-schema draft of their change objects */
export const PATCH_TYPES: Record<string, 4 | 10> = {
  'application/openstack-images-v2.0-json-patch': 4,
  'application/openstack-images-v2.1-json-patch': 10,
};
const OPS = ['add', 'remove', 'replace'] as const;
type Op = (typeof OPS)[number];
interface Change { op: Op; root: string; value?: unknown }

/** Glance's readonly list for PATCH also has id; 'location' is reserved like deleted/deleted_at */
const PATCH_READ_ONLY = new Set([...READ_ONLY, 'id']);
const PATCH_RESERVED = new Set([...RESERVED, 'location']);
/** attributes of Glance's domain Image object: set in place, never removable */
const CORE = ['name', 'visibility', 'owner', 'container_format', 'disk_format', 'min_disk', 'min_ram', 'protected', 'os_hidden', 'tags'];
const schemaCheck = compileSchema(imageCreate['1']);

/** Glance's _decode_json_pointer with its _validate_json_pointer messages. */
function decodePointer(pointer: unknown): string[] {
  if (typeof pointer !== 'string' || !pointer.startsWith('/')) throw badRequest(`Pointer \`${String(pointer)}\` does not start with "/".`);
  if (/\/\s*?\//.test(pointer.slice(1))) throw badRequest(`Pointer \`${pointer}\` contains adjacent "/".`);
  if (pointer.length > 1 && pointer.endsWith('/')) throw badRequest(`Pointer \`${pointer}\` end with "/".`);
  if (pointer.slice(1).trim() === '/') throw badRequest(`Pointer \`${pointer}\` does not contains valid token.`);
  if (/~[^01]/.test(pointer) || pointer.endsWith('~')) throw badRequest(`Pointer \`${pointer}\` contains "~" not part of a recognized escape sequence.`);
  return pointer.replace(/^\/+/, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~').trim());
}

function parseChange(raw: unknown, draft: 4 | 10): Change {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('Operations must be JSON objects.');
  const c = raw as Record<string, unknown>;
  let op: Op;
  let pointer: unknown;
  if (draft === 10) {
    const available = OPS.join(', ');
    if (c.op === undefined) throw badRequest(`Unable to find \`op\` in JSON Schema change. It must be one of the following: ${available}.`);
    if (!OPS.includes(c.op as Op)) throw badRequest(`Invalid operation: \`${String(c.op)}\`. It must be one of the following: ${available}.`);
    op = c.op as Op;
    if (!('path' in c)) throw badRequest("Unable to find 'path' in JSON Schema change");
    pointer = c.path;
  } else {
    const present = OPS.filter((k) => k in c);
    if (present.length > 1) throw badRequest('Operation objects must contain only one member named "add", "remove", or "replace".');
    if (present.length === 0) throw badRequest('Operation objects must contain exactly one member named "add", "remove", or "replace".');
    op = present[0];
    pointer = c[op];
  }
  const path = decodePointer(pointer);
  // no locations in stackbox: every path has exactly one level (so /tags/- is refused, as in Glance)
  if (path.length !== 1) throw badRequest(`Invalid JSON pointer for this resource: '/${path.join('/')}'`);
  const root = path[0];
  const change: Change = { op, root };
  if (op !== 'remove') {
    if (!('value' in c)) throw badRequest(`Operation "${op}" requires a member named "value".`);
    change.value = c.value;
  }
  if (PATCH_READ_ONLY.has(root)) throw forbidden(`Attribute '${root}' is read-only.`);
  if (PATCH_RESERVED.has(root) || root.startsWith('os_glance')) throw forbidden(`Attribute '${root}' is reserved.`);
  if (op !== 'remove') {
    const v = schemaCheck.check({ [root]: change.value });
    if (v) throw new SchemaError('body', v);
  }
  return change;
}

/** The image as the patch sees it: writable core attributes, then the custom properties. */
function patchable(i: ImageRow): Record<string, unknown> {
  return {
    ...(JSON.parse(i.properties) as Record<string, unknown>),
    name: i.name, visibility: i.visibility, owner: i.owner, container_format: i.container_format, disk_format: i.disk_format,
    min_disk: i.min_disk, min_ram: i.min_ram, protected: i.protected === 1, os_hidden: i.os_hidden === 1,
    tags: JSON.parse(i.tags) as string[],
  };
}

export function imageUpdateRoutes(rt: Runtime): RouteDef[] {
  const db = () => rt.store.db;
  return [
    {
      method: 'PATCH', url: '/v2/images/:imageId', policy: 'modify_image',
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const id = (request.params as { imageId: string }).imageId;
        const contentType = request.headers['content-type']?.split(';')[0].trim().toLowerCase() ?? '';
        const draft = PATCH_TYPES[contentType];
        if (draft === undefined) {
          const types = Object.keys(PATCH_TYPES).sort().join(', ');
          reply.header('accept-patch', types);
          throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 415, `Image PATCH expects Content-Type one of: ${types}`);
        }
        const body = request.body;
        if (body === null || body === undefined) throw badRequest('Body expected in request.');
        if (!Array.isArray(body)) throw badRequest('Request body must be a JSON array of operation objects.');
        // the whole request is checked before the image is looked up, as Glance's deserializer does
        const changes = body.map((raw) => parseChange(raw, draft));
        const ctx = request.ctx;
        const image = await findImage(db(), id);
        if (!image || !visible(ctx, image)) throw imageNotFound(id);
        // Glance's modify_image default rule: admin or a member of the owning project (rules.ts has no entry)
        if (!allowed(ctx, 'modify_image', { project_id: image.owner })) throw notAuthorized('modify_image');
        if (changes.length === 0) return imageView(image);
        const doc = patchable(image);
        for (const c of changes) {
          const core = CORE.includes(c.root);
          const exists = core || Object.hasOwn(doc, c.root);
          if (c.op === 'remove') {
            if (core) throw forbidden(`Property ${c.root} may not be removed.`);
            if (!exists) throw conflict(`Property ${c.root} does not exist.`);
          } else {
            if (c.op === 'replace' && c.root === 'owner' && !ctx.isAdmin) throw forbidden("Owner can't be updated by non admin.");
            if (c.op === 'replace' && !exists) throw conflict(`Property ${c.root} does not exist.`);
            if (c.op === 'add' && draft === 4 && exists) throw conflict(`Property ${c.root} already present.`);
            // the policy checks Glance's update_property makes for these two values
            if (c.root === 'visibility' && c.value === 'public' && !allowed(ctx, 'publicize_image')) throw notAuthorized('publicize_image');
            if (c.root === 'visibility' && c.value === 'community' && !allowed(ctx, 'communitize_image', { project_id: image.owner })) {
              throw notAuthorized('communitize_image');
            }
            // glance.domain.Image's setters: the formats are fixed once data may exist
            if ((c.root === 'container_format' || c.root === 'disk_format') && image.status !== 'queued') {
              throw forbidden(`Attribute ${c.root} can be only replaced for a queued image.`);
            }
          }
          const path = `/${c.root.replace(/~/g, '~0').replace(/\//g, '~1')}`;
          // Glance's add on an existing key sets it, which is RFC 6902's add on an object member too
          const op: fjp.Operation = c.op === 'remove' ? { op: 'remove', path } : { op: c.op, path, value: c.value };
          fjp.applyOperation(doc, op, false, true);
        }
        const props = Object.fromEntries(Object.entries(doc).filter(([k]) => !CORE.includes(k)));
        await updateImage(db(), id, {
          name: doc.name as string | null, visibility: doc.visibility as string, owner: doc.owner as string | null,
          container_format: doc.container_format as string | null, disk_format: doc.disk_format as string | null,
          min_disk: doc.min_disk as number, min_ram: doc.min_ram as number,
          protected: doc.protected === true ? 1 : 0, os_hidden: doc.os_hidden === true ? 1 : 0,
          tags: JSON.stringify(doc.tags), properties: JSON.stringify(props), updated_at: new Date().toISOString(),
        });
        const updated = await findImage(db(), id);
        if (!updated) throw imageNotFound(id);
        return imageView(updated);
      },
    },
  ];
}
