/**
 * The write behind Mogan's PATCH /instances/{ident}. Mogan's extra IS Nova's metadata column, so
 * a change to it obeys exactly the metadata API's rules, from the same functions
 * (server-metadata-service: lock, vm_state/task_state gate, metadata_items limit,
 * compare-and-swap). name and description follow PUT /servers/{id}: its entry in the shared state
 * table lets every state through and Nova checks no lock for it. One transaction, so the PATCH is
 * all or nothing.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { instanceNotFound } from '../../domain/errors.js';
import { checkInstanceState } from '../../domain/instances/rules.js';
import { findInstance, transitionInstance } from '../../store/repositories/instance-repository.js';
import { checkMetadataWritable, updateMetadata } from '../compute/server-metadata-service.js';
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

/** The action name Nova's metadata API prints in its 409s (compute/api.py update_instance_metadata). */
const METADATA_ACTION = 'update_metadata';

export async function editInstance(rt: Runtime, ctx: RequestContext, instance: BaremetalInstance, edit: InstanceEdit): Promise<BaremetalInstance> {
  const { extra } = edit;
  checkInstanceState('update', instance);
  // checked before any write, as the metadata API does, so a refusal leaves the row untouched
  if (extra) checkMetadataWritable(ctx, instance, METADATA_ACTION);
  return rt.store.transaction(async (trx) => {
    if (extra) {
      await updateMetadata(trx, instance.uuid, rt.config.quotas.metadataItems, extra);
      // our write now holds the row: a lock or a task that arrived since the check above is
      // visible here and still refuses (the throw rolls the metadata back)
      const now = await findInstance(trx, instance.uuid);
      if (!now || now.deleted) throw instanceNotFound(instance.uuid);
      checkMetadataWritable(ctx, now, METADATA_ACTION);
    }
    const row = await transitionInstance(trx, instance.uuid, {},
      { display_name: edit.name, display_description: edit.description, updated_at: rt.clock().toISOString() });
    if (!row) throw instanceNotFound(instance.uuid);
    return row;
  });
}
