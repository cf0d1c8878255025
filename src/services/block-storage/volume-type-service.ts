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
  setVolumeTypeExtraSpecs,
  listVolumeTypes,
  type VolumeTypeRow,
} from '../../store/repositories/volume-repository.js';
import {
  defaultTypeNotDeletable,
  extraSpecNotFound,
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
        if ((await countVolumesOfType(trx, t.id)) > 0) throw volumeTypeInUse();
        await deleteVolumeType(trx, t.id);
      });
    } catch (e) {
      // a volume created with the type meanwhile: its foreign key refuses the delete
      if (this.rt.store.adapter.isRetryableConflict(e)) throw volumeTypeInUse();
      throw e;
    }
  }

  async extraSpecs(ctx: RequestContext, id: string): Promise<Record<string, string>> {
    return JSON.parse((await this.get(ctx, id)).extra_specs) as Record<string, string>;
  }

  async extraSpec(ctx: RequestContext, id: string, key: string): Promise<string> {
    const t = await this.get(ctx, id);
    const specs = JSON.parse(t.extra_specs) as Record<string, string>;
    if (!Object.prototype.hasOwnProperty.call(specs, key)) throw extraSpecNotFound(t.id, key);
    return specs[key] as string;
  }

  /**
   * Merges (or with `remove`, drops) keys under the type's lock, so concurrent writes of different
   * keys all land. Returns the specs afterwards.
   */
  async changeExtraSpecs(
    ctx: RequestContext,
    id: string,
    change: { set?: Record<string, string>; remove?: string },
  ): Promise<Record<string, string>> {
    const t = await this.get(ctx, id);
    return this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, `volume-type:${t.id}`);
      const current = await findVolumeType(trx, t.id);
      if (!current) throw volumeTypeNotFound(id);
      const specs = JSON.parse(current.extra_specs) as Record<string, string>;
      if (change.remove !== undefined) {
        if (!Object.prototype.hasOwnProperty.call(specs, change.remove)) throw extraSpecNotFound(t.id, change.remove);
        delete specs[change.remove];
      }
      Object.assign(specs, change.set ?? {});
      await setVolumeTypeExtraSpecs(trx, t.id, JSON.stringify(specs), this.rt.clock().toISOString());
      return specs;
    });
  }
}
