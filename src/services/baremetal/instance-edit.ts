/**
 * The write behind Mogan's PATCH /instances/{ident}. Mogan's extra IS Nova's metadata column, so
 * a change to it obeys exactly the metadata API's rules, from the same functions
 * (server-metadata-service: lock, vm_state/task_state gate, metadata_items limit,
 * compare-and-swap). name and description follow PUT /servers/{id}: its entry in the shared state
 * table lets every state through and Nova checks no lock for it. A refused extra change
 * writes nothing.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { instanceNotFound } from '../../domain/errors.js';
import { checkInstanceState } from '../../domain/instances/rules.js';
import { transitionInstance } from '../../store/repositories/instance-repository.js';
import { updateServerMetadata } from '../compute/server-metadata-service.js';
import type { BaremetalInstance } from './instance-queries.js';

export interface InstanceEdit {
  name: string;
  description: string | null;
  /**
   * Present only when the request changes extra: maps the stored metadata to the new map. It is
   * re-run when a concurrent writer changed the metadata meanwhile, so their keys are kept.
   */
  extra?: (current: Record<string, string>) => Record<string, string>;
}

export async function editInstance(
  rt: Runtime,
  ctx: RequestContext,
  instance: BaremetalInstance,
  edit: InstanceEdit,
): Promise<BaremetalInstance> {
  checkInstanceState('update', instance);
  // extra first, through the metadata API's own write: a refusal (lock, state, limit) leaves the
  // whole PATCH unwritten, and the name/description write below cannot be refused
  if (edit.extra) await updateServerMetadata(rt, ctx, instance.uuid, { op: 'apply', fn: edit.extra });
  const row = await transitionInstance(
    rt.store.db,
    instance.uuid,
    {},
    { display_name: edit.name, display_description: edit.description, updated_at: rt.clock().toISOString() },
  );
  if (!row) throw instanceNotFound(instance.uuid);
  return row;
}
