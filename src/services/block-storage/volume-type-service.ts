/** Volume types (cinder/volume/volume_types.py): the seeded __DEFAULT__, admin create and delete. */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { newUuid, isUuidLike } from '../../lib/ids.js';
import {
  countVolumesOfType,
  deleteVolumeType,
  findVolumeType,
  findVolumeTypeByName,
  insertVolumeType,
  listVolumeTypes,
  type VolumeTypeRow,
} from '../../store/repositories/volume-repository.js';
import {
  defaultTypeNotDeletable,
  volumeTypeExists,
  volumeTypeInUse,
  volumeTypeNotFound,
} from '../../domain/volumes/errors.js';

export const DEFAULT_VOLUME_TYPE = '__DEFAULT__';

export interface CreateVolumeTypeRequest {
  name: string;
  description: string | null;
  isPublic: boolean;
  extraSpecs: Record<string, string>;
}

export class VolumeTypeService {
  constructor(private readonly rt: Runtime) {}

  /** private types are listed for admins only (volume_types.get_all_types with is_public=None) */
  async list(ctx: RequestContext): Promise<VolumeTypeRow[]> {
    return listVolumeTypes(this.rt.store.db, ctx.isAdmin);
  }

  /** by id, or "default" for the default type (types.py show) */
  async get(ctx: RequestContext, id: string): Promise<VolumeTypeRow> {
    const db = this.rt.store.db;
    const t =
      id === 'default'
        ? await findVolumeTypeByName(db, DEFAULT_VOLUME_TYPE)
        : isUuidLike(id)
          ? await findVolumeType(db, id)
          : undefined;
    if (!t || (t.is_public === 0 && !ctx.isAdmin)) throw volumeTypeNotFound(id);
    return t;
  }

  async create(req: CreateVolumeTypeRequest): Promise<VolumeTypeRow> {
    const row: VolumeTypeRow = {
      id: newUuid(),
      name: req.name,
      description: req.description,
      is_public: req.isPublic ? 1 : 0,
      extra_specs: JSON.stringify(req.extraSpecs),
      created_at: this.rt.clock().toISOString(),
      updated_at: null,
    };
    try {
      await insertVolumeType(this.rt.store.db, row);
    } catch (e) {
      // the unique name decides between two creates of one name
      if (this.rt.store.adapter.isUniqueViolation(e)) throw volumeTypeExists(req.name);
      throw e;
    }
    return row;
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const t = await this.get(ctx, id);
    if (t.name === DEFAULT_VOLUME_TYPE) throw defaultTypeNotDeletable(t.id);
    try {
      await this.rt.store.transaction(async (trx) => {
        if ((await countVolumesOfType(trx, t.id)) > 0) throw volumeTypeInUse(t.id);
        await deleteVolumeType(trx, t.id);
      });
    } catch (e) {
      // a volume created with the type meanwhile: its foreign key refuses the delete
      if (this.rt.store.adapter.isRetryableConflict(e)) throw volumeTypeInUse(t.id);
      throw e;
    }
  }
}
