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
  updateVolumeTypeFields,
  type VolumeTypeRow,
} from '../../store/repositories/volume-repository.js';
import {
  deleteVolumeTypeProject,
  deleteVolumeTypeProjects,
  hasVolumeTypeAccess,
  insertVolumeTypeProject,
  listVolumeTypeProjects,
  listVolumeTypesFiltered,
} from '../../store/repositories/volume-type-access-repository.js';
import type { DbOrTrx } from '../../store/database.js';
import {
  deleteTypeEncryption,
  findTypeEncryption,
  insertTypeEncryption,
  updateTypeEncryption,
  type TypeEncryptionRow,
} from '../../store/repositories/volume-type-encryption-repository.js';
import {
  defaultTypeNotDeletable,
  encryptedTypeInUse,
  volumeTypeEncryptionExists,
  volumeTypeEncryptionNotFound,
  accessListOfPublicType,
  extraSpecNotFound,
  typeAccessOnPublicType,
  volumeTypeAccessExists,
  volumeTypeAccessNotFound,
  volumeTypeExists,
  volumeTypeInUse,
  volumeTypeNameEmpty,
  volumeTypeNothingToUpdate,
  volumeTypeNotFound,
} from '../../domain/volumes/errors.js';

export const DEFAULT_VOLUME_TYPE = '__DEFAULT__';

export type { TypeEncryptionRow };

/** the encryption fields a create or update sets (null: set to null; absent: left as it is) */
export interface EncryptionSpec {
  provider?: string;
  cipher?: string | null;
  keySize?: number | null;
  controlLocation?: string;
}

export interface CreateVolumeTypeRequest {
  name: string;
  description: string | null;
  isPublic: boolean;
  extraSpecs: Record<string, string>;
}

/** types_manage.py update: null (or absent) leaves a field as it is */
export interface UpdateVolumeTypeRequest {
  name: string | null;
  description: string | null;
  isPublic: boolean | null;
}

export class VolumeTypeService {
  constructor(private readonly rt: Runtime) {}

  /**
   * types.py index: a member sees the public types and the private ones its project has access
   * to; an admin the same by default, or choses with is_public (true, false, or "None" for all).
   */
  async list(ctx: RequestContext, isPublic: boolean | null): Promise<VolumeTypeRow[]> {
    return listVolumeTypesFiltered(this.rt.store.db, {
      isPublic: ctx.isAdmin ? isPublic : true,
      projectId: ctx.projectId,
    });
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
    if (!t || !(await typeVisibleTo(db, ctx, t))) throw volumeTypeNotFound(id);
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
      qos_specs_id: null,
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

  /**
   * types_manage.py _update over db _type_update: only the given fields change; a name held by
   * another type is a conflict (checked first, and the unique index decides a race).
   */
  async update(ctx: RequestContext, id: string, req: UpdateVolumeTypeRequest): Promise<VolumeTypeRow> {
    if (req.name !== null && req.name.trim().length === 0) throw volumeTypeNameEmpty();
    if (req.name === null && req.description === null && req.isPublic === null) throw volumeTypeNothingToUpdate();
    const t = await this.get(ctx, id);
    const fields: Partial<Pick<VolumeTypeRow, 'name' | 'description' | 'is_public'>> = {};
    if (req.name !== null) fields.name = req.name;
    if (req.description !== null) fields.description = req.description;
    if (req.isPublic !== null) fields.is_public = req.isPublic ? 1 : 0;
    const db = this.rt.store.db;
    if (req.name !== null) {
      const holder = await findVolumeTypeByName(db, req.name);
      if (holder && holder.id !== t.id) throw volumeTypeExists(req.name);
    }
    try {
      await updateVolumeTypeFields(db, t.id, fields, this.rt.clock().toISOString());
    } catch (e) {
      if (this.rt.store.adapter.isUniqueViolation(e) && req.name !== null) throw volumeTypeExists(req.name);
      throw e;
    }
    const after = await findVolumeType(db, t.id);
    if (!after) throw volumeTypeNotFound(id);
    return after;
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const t = await this.get(ctx, id);
    if (t.name === DEFAULT_VOLUME_TYPE) throw defaultTypeNotDeletable(t.id);
    try {
      await this.rt.store.transaction(async (trx) => {
        if ((await countVolumesOfType(trx, t.id)) > 0) throw volumeTypeInUse();
        await deleteVolumeTypeProjects(trx, t.id);
        await deleteTypeEncryption(trx, t.id);
        await deleteVolumeType(trx, t.id);
      });
    } catch (e) {
      // a volume created with the type meanwhile: its foreign key refuses the delete
      if (this.rt.store.adapter.isRetryableConflict(e)) throw volumeTypeInUse();
      throw e;
    }
  }

  /** the projects with access to a private type (volume_type_access.py index) */
  async accessList(ctx: RequestContext, id: string): Promise<{ type: VolumeTypeRow; projects: string[] }> {
    const t = await this.get(ctx, id);
    if (t.is_public === 1) throw accessListOfPublicType();
    return { type: t, projects: await listVolumeTypeProjects(this.rt.store.db, t.id) };
  }

  /** addProjectAccess: the primary key decides a second add of the same project */
  async addAccess(ctx: RequestContext, id: string, projectId: string): Promise<void> {
    const t = await this.get(ctx, id);
    if (t.is_public === 1) throw typeAccessOnPublicType();
    try {
      await insertVolumeTypeProject(this.rt.store.db, t.id, projectId, this.rt.clock().toISOString());
    } catch (e) {
      if (this.rt.store.adapter.isUniqueViolation(e)) throw volumeTypeAccessExists(t.id, projectId);
      // the type was deleted meanwhile: its foreign key refuses the row
      if (this.rt.store.adapter.isRetryableConflict(e)) throw volumeTypeNotFound(id);
      throw e;
    }
  }

  async removeAccess(ctx: RequestContext, id: string, projectId: string): Promise<void> {
    const t = await this.get(ctx, id);
    if (t.is_public === 1) throw typeAccessOnPublicType();
    if (!(await deleteVolumeTypeProject(this.rt.store.db, t.id, projectId)))
      throw volumeTypeAccessNotFound(t.id, projectId);
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

/**
 * Volume type encryption (contrib/volume_type_encryption.py). A type some volume uses (any
 * project's) keeps its encryption as it is; create and update check it under the type's lock.
 */
export class TypeEncryptionService {
  private readonly types: VolumeTypeService;

  constructor(private readonly rt: Runtime) {
    this.types = new VolumeTypeService(rt);
  }

  /** the type's encryption, or undefined (the API answers {}) */
  async get(ctx: RequestContext, typeId: string): Promise<TypeEncryptionRow | undefined> {
    const t = await this.types.get(ctx, typeId);
    return findTypeEncryption(this.rt.store.db, t.id);
  }

  /** create: in use first, then the type, then an existing spec; the primary key decides a race */
  async create(ctx: RequestContext, typeId: string, spec: Required<EncryptionSpec>): Promise<TypeEncryptionRow> {
    const db = this.rt.store.db;
    if (isUuidLike(typeId) && (await countVolumesOfType(db, typeId)) > 0) throw encryptedTypeInUse('create');
    const t = await this.types.get(ctx, typeId);
    const row: TypeEncryptionRow = {
      volume_type_id: t.id,
      encryption_id: newUuid(),
      provider: spec.provider,
      cipher: spec.cipher,
      key_size: spec.keySize,
      control_location: spec.controlLocation,
      created_at: this.rt.clock().toISOString(),
      updated_at: null,
    };
    try {
      await this.rt.store.transaction(async (trx) => {
        await this.rt.store.adapter.lockForUpdateOf(trx, `volume-type:${t.id}`);
        if (await findTypeEncryption(trx, t.id)) throw volumeTypeEncryptionExists(t.id);
        if ((await countVolumesOfType(trx, t.id)) > 0) throw encryptedTypeInUse('create');
        await insertTypeEncryption(trx, row);
      });
    } catch (e) {
      if (this.rt.store.adapter.isUniqueViolation(e)) throw volumeTypeEncryptionExists(t.id);
      // the type was deleted meanwhile: its foreign key refuses the row
      if (this.rt.store.adapter.isRetryableConflict(e)) throw volumeTypeNotFound(typeId);
      throw e;
    }
    return row;
  }

  /** update: the type, then in use; a type without encryption is 404 */
  async update(ctx: RequestContext, typeId: string, spec: EncryptionSpec): Promise<void> {
    const t = await this.types.get(ctx, typeId);
    await this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, `volume-type:${t.id}`);
      if ((await countVolumesOfType(trx, t.id)) > 0) throw encryptedTypeInUse('update');
      const set: Parameters<typeof updateTypeEncryption>[2] = { updated_at: this.rt.clock().toISOString() };
      if (spec.provider !== undefined) set.provider = spec.provider;
      if (spec.cipher !== undefined) set.cipher = spec.cipher;
      if (spec.keySize !== undefined) set.key_size = spec.keySize;
      if (spec.controlLocation !== undefined) set.control_location = spec.controlLocation;
      if (!(await updateTypeEncryption(trx, t.id, set))) throw volumeTypeEncryptionNotFound(t.id);
    });
  }

  /** delete: in use first (the type itself is not looked up, as in Cinder), then the row */
  async delete(typeId: string): Promise<void> {
    await this.rt.store.transaction(async (trx) => {
      if (isUuidLike(typeId)) {
        await this.rt.store.adapter.lockForUpdateOf(trx, `volume-type:${typeId}`);
        if ((await countVolumesOfType(trx, typeId)) > 0) throw encryptedTypeInUse('delete');
      }
      if (!isUuidLike(typeId) || !(await deleteTypeEncryption(trx, typeId))) throw volumeTypeEncryptionNotFound(typeId);
    });
  }
}

/** _volume_type_get_query: a member sees public types and the private ones shared with its project */
export async function typeVisibleTo(db: DbOrTrx, ctx: RequestContext, t: VolumeTypeRow): Promise<boolean> {
  if (ctx.isAdmin || t.is_public === 1) return true;
  return ctx.projectId !== null && hasVolumeTypeAccess(db, t.id, ctx.projectId);
}
