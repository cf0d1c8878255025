/**
 * PATCH /instances/{uuid}: Mogan's JsonPatchType rules, then RFC 6902 application with
 * fast-json-patch on the instance's representation, then one UPDATE of the writable fields
 * (name, description, extra) — all or nothing.
 */
import fjp from 'fast-json-patch';
import type { Runtime } from '../../runtime.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';
import { DomainError } from '../../domain/errors.js';
import { pyRepr } from '../../lib/python-repr.js';
import { updateEditableFields } from '../../store/repositories/mogan-instance-queries.js';
import { instanceNotFound } from '../../domain/errors.js';

interface PatchOp { op: string; path: string; value?: unknown }

/**
 * Read-only attributes. Upstream's list has two typos ('image_uuid' without '/', '/isntance_nics')
 * that made /image_uuid writable by accident; we treat it as read-only as the server era fixed it.
 */
const INTERNAL = ['/created_at', '/id', '/links', '/updated_at', '/uuid', '/project_id', '/user_id', '/status',
  '/power_state', '/availability_zone', '/instance_type_uuid', '/image_uuid', '/launched_at'];
const MANDATORY = ['/name'];

const bad = (message: string) => new DomainError('BAD_REQUEST', 400, message);

export function checkPatchRules(ops: PatchOp[], current: Record<string, unknown>): void {
  for (const op of ops) {
    if ((op.op === 'add' || op.op === 'replace') && !('value' in op)) throw bad("'add' and 'replace' operations need a value");
    const root = '/' + op.path.split('/')[1];
    if (INTERNAL.includes(root)) throw bad(`'${op.path}' is an internal attribute and can not be updated`);
    if (op.op === 'remove' && MANDATORY.includes(op.path)) throw bad(`'${op.path}' is a mandatory attribute and can not be removed`);
    if (op.op === 'add' && op.path.split('/').length === 2 && !(op.path.slice(1) in current)) {
      throw bad(`Adding a new attribute (${op.path}) to the root of  the resource is not allowed`);
    }
  }
}

export async function applyInstancePatch(rt: Runtime, instance: InstancesTable, current: Record<string, unknown>, ops: PatchOp[]): Promise<InstancesTable> {
  checkPatchRules(ops, current);
  const doc = structuredClone(current);
  let patched: Record<string, unknown>;
  try {
    patched = fjp.applyPatch(doc, ops as fjp.Operation[], true, true).newDocument;
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw bad(`Couldn't apply patch '${pyRepr(ops)}'. Reason: ${reason}`);
  }
  const name = patched.name;
  const description = patched.description ?? null;
  const extra = patched.extra ?? {};
  if (typeof name !== 'string') throw bad(`Invalid input for field/attribute name. Value: '${String(name)}'. Wrong type. Expected '<class 'str'>'`);
  if (description !== null && typeof description !== 'string') throw bad('Invalid input for field/attribute description. Wrong type. Expected a string');
  // extra is stored as Nova metadata: a flat string→string map (both dialects show it)
  if (typeof extra !== 'object' || Array.isArray(extra) || Object.values(extra as object).some((v) => typeof v !== 'string')) {
    throw bad('Invalid input for field/attribute extra. Wrong type. Expected a mapping of strings to strings');
  }
  const updated = await updateEditableFields(rt.store.db, instance.uuid,
    { name, description: description as string | null, metadata: extra as Record<string, string> }, rt.clock().toISOString());
  if (!updated) throw instanceNotFound(instance.uuid);
  return updated;
}
