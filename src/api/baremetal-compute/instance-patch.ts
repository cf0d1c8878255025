/**
 * PATCH /instances/{uuid}: Mogan's JsonPatchType rules, then RFC 6902 application with
 * fast-json-patch on the instance's representation. The result becomes an InstanceEdit for the
 * baremetal instance service, which applies the metadata API's rules to extra and writes it all
 * in one transaction.
 */
import fjp from 'fast-json-patch';
import { badRequest } from '../../domain/errors.js';
import { pyRepr } from '../../lib/python-repr.js';
import type { InstanceEdit } from '../../services/baremetal/instance-edit.js';
import type { PatchOp } from './schemas/instances.js';

/**
 * Read-only attributes. Upstream's list has two typos ('image_uuid' without '/', '/isntance_nics')
 * that made /image_uuid writable by accident; we treat it as read-only as the server era fixed it.
 */
const INTERNAL = [
  '/created_at',
  '/id',
  '/links',
  '/updated_at',
  '/uuid',
  '/project_id',
  '/user_id',
  '/status',
  '/power_state',
  '/availability_zone',
  '/instance_type_uuid',
  '/image_uuid',
  '/launched_at',
];
const MANDATORY = ['/name'];

export function checkPatchRules(ops: PatchOp[], current: Record<string, unknown>): void {
  for (const op of ops) {
    if ((op.op === 'add' || op.op === 'replace') && !('value' in op))
      throw badRequest("'add' and 'replace' operations need a value");
    const root = '/' + op.path.split('/')[1];
    if (INTERNAL.includes(root)) throw badRequest(`'${op.path}' is an internal attribute and can not be updated`);
    if (op.op === 'remove' && MANDATORY.includes(op.path))
      throw badRequest(`'${op.path}' is a mandatory attribute and can not be removed`);
    if (op.op === 'add' && op.path.split('/').length === 2 && !(op.path.slice(1) in current)) {
      throw badRequest(`Adding a new attribute (${op.path}) to the root of  the resource is not allowed`);
    }
  }
}

/** The schema's op as fast-json-patch's type (checkPatchRules has made sure add/replace carry a value). */
const asFjp = (op: PatchOp): fjp.Operation =>
  op.op === 'remove' ? { op: 'remove', path: op.path } : { op: op.op, path: op.path, value: op.value };

/** The document after the operations (all or nothing), or Mogan's PatchError. */
function patchedDocument(current: Record<string, unknown>, ops: PatchOp[]): Record<string, unknown> {
  try {
    return fjp.applyPatch(structuredClone(current), ops.map(asFjp), true, true).newDocument;
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw badRequest(`Couldn't apply patch '${pyRepr(ops)}'. Reason: ${reason}`);
  }
}

/** extra is stored as Nova metadata: a flat string→string map (both dialects show it); removed → {}. */
function extraOf(patched: Record<string, unknown>): Record<string, string> {
  const extra = patched.extra ?? {};
  if (!isStringMap(extra))
    throw badRequest('Invalid input for field/attribute extra. Wrong type. Expected a mapping of strings to strings');
  return extra;
}

function isStringMap(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

const touchesExtra = (ops: PatchOp[]): boolean =>
  ops.some((op) => op.path === '/extra' || op.path.startsWith('/extra/'));

/**
 * Checks and applies the patch to the current representation. When it touches extra, the edit
 * carries the same operations as a function of the stored metadata, so the service can re-apply
 * them to what a concurrent metadata writer left.
 */
export function planInstancePatch(current: Record<string, unknown>, ops: PatchOp[]): InstanceEdit {
  checkPatchRules(ops, current);
  const patched = patchedDocument(current, ops);
  const name = patched.name;
  const description = patched.description ?? null;
  if (typeof name !== 'string')
    throw badRequest(
      `Invalid input for field/attribute name. Value: '${String(name)}'. Wrong type. Expected '<class 'str'>'`,
    );
  if (description !== null && typeof description !== 'string')
    throw badRequest('Invalid input for field/attribute description. Wrong type. Expected a string');
  if (!touchesExtra(ops)) return { name, description };
  extraOf(patched);
  return { name, description, extra: (stored) => extraOf(patchedDocument({ ...current, extra: stored }, ops)) };
}
