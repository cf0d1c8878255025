/**
 * PATCH /v2/images/{id} (glance/api/v2/images.py RequestDeserializer.update): decodes the
 * JSON-patch-like list of add/remove/replace changes on single-level paths, with the
 * deserializer's messages, before anything is looked up; the image service then applies Glance's
 * rules for them and writes the result.
 */
import { imageAsSeenBy } from '../../services/image/property-protection-service.js';
import { pyStr } from '../../lib/python-repr.js';
import { first } from '../../lib/arrays.js';
import type { Runtime } from '../../runtime.js';
import { SchemaError, route, type RouteDef } from '../../http/route-table.js';
import { compileSchema } from '../../http/validation.js';
import { badRequest, forbidden } from '../../domain/errors.js';
import { allowed } from '../../policy/check.js';
import { findVisibleImage, notAuthorized } from '../../services/image/image-service.js';
import { updateImage, type ImageChange, type ImageChangeOp } from '../../services/image/image-update-service.js';
import { READ_ONLY, RESERVED, imageCreate } from './schemas/images.js';
import { imageView } from './views/images.js';
import { patchMediaTypeExpected } from './errors.js';

/** the two patch media types and the JSON-schema draft of their change objects */
export const PATCH_TYPES: Record<string, 4 | 10> = {
  'application/openstack-images-v2.0-json-patch': 4,
  'application/openstack-images-v2.1-json-patch': 10,
};
const OPS: readonly ImageChangeOp[] = ['add', 'remove', 'replace'];
type Op = ImageChangeOp;
type Change = ImageChange;

/** Glance's readonly list for PATCH also has id; 'location' is reserved like deleted/deleted_at */
const PATCH_READ_ONLY = new Set([...READ_ONLY, 'id']);
const PATCH_RESERVED = new Set([...RESERVED, 'location']);
const schemaCheck = compileSchema(imageCreate['1']);

/** Glance's _decode_json_pointer with its _validate_json_pointer messages. */
function decodePointer(pointer: unknown): string[] {
  if (typeof pointer !== 'string' || !pointer.startsWith('/'))
    throw badRequest(`Pointer \`${String(pointer)}\` does not start with "/".`);
  if (/\/\s*?\//.test(pointer.slice(1))) throw badRequest(`Pointer \`${pointer}\` contains adjacent "/".`);
  if (pointer.length > 1 && pointer.endsWith('/')) throw badRequest(`Pointer \`${pointer}\` end with "/".`);
  if (pointer.slice(1).trim() === '/') throw badRequest(`Pointer \`${pointer}\` does not contains valid token.`);
  if (/~[^01]/.test(pointer) || pointer.endsWith('~'))
    throw badRequest(`Pointer \`${pointer}\` contains "~" not part of a recognized escape sequence.`);
  return pointer
    .replace(/^\/+/, '')
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~').trim());
}

const isOp = (value: unknown): value is Op => OPS.some((op) => op === value);

function parseChange(raw: unknown, draft: 4 | 10): Change {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw badRequest('Operations must be JSON objects.');
  const c = raw as Record<string, unknown>;
  let op: Op;
  let pointer: unknown;
  if (draft === 10) {
    const available = OPS.join(', ');
    if (c.op === undefined)
      throw badRequest(`Unable to find \`op\` in JSON Schema change. It must be one of the following: ${available}.`);
    if (!isOp(c.op))
      throw badRequest(`Invalid operation: \`${pyStr(c.op)}\`. It must be one of the following: ${available}.`);
    op = c.op;
    if (!('path' in c)) throw badRequest("Unable to find 'path' in JSON Schema change");
    pointer = c.path;
  } else {
    const present = OPS.filter((k) => k in c);
    if (present.length > 1)
      throw badRequest('Operation objects must contain only one member named "add", "remove", or "replace".');
    if (present.length === 0)
      throw badRequest('Operation objects must contain exactly one member named "add", "remove", or "replace".');
    op = first(present);
    pointer = c[op];
  }
  const path = decodePointer(pointer);
  // no locations in stackbox: every path has exactly one level (so /tags/- is refused, as in Glance)
  const [root] = path;
  if (path.length !== 1 || root === undefined)
    throw badRequest(`Invalid JSON pointer for this resource: '/${path.join('/')}'`);
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

export function imageUpdateRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      // the rule stays in the handler: the media type and the changes are refused before the lookup
      method: 'PATCH',
      url: '/v2/images/:imageId',
      policy: 'modify_image',
      handler: async (request, reply) => {
        const id = request.params.imageId;
        const contentType = request.headers['content-type']?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
        const draft = PATCH_TYPES[contentType];
        if (draft === undefined) {
          const types = Object.keys(PATCH_TYPES).sort().join(', ');
          reply.header('accept-patch', types);
          throw patchMediaTypeExpected(types);
        }
        const body = request.body;
        if (body === null || body === undefined) throw badRequest('Body expected in request.');
        if (!Array.isArray(body)) throw badRequest('Request body must be a JSON array of operation objects.');
        // the whole request is checked before the image is looked up, as Glance's deserializer does
        const changes = body.map((raw) => parseChange(raw, draft));
        const ctx = request.ctx;
        const image = await findVisibleImage(rt, ctx, id);
        // Glance's modify_image default rule: admin or a member of the owning project (rules.ts has no entry)
        if (!allowed(ctx, 'modify_image', { project_id: image.owner })) throw notAuthorized('modify_image');
        return imageView(imageAsSeenBy(rt, ctx, await updateImage(rt, ctx, image, changes, draft)));
      },
    }),
  ];
}
