/**
 * Group types and their group specs (cinder/volume/group_types.py, db group_type_* and
 * group_type_specs_*). Admins see every type; others only public ones, as Cinder's
 * _group_type_get filters them. The unique name decides two racing creates or renames; a type
 * is deleted only while no group uses it, in one statement.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { isUuidLike, newUuid } from '../../lib/ids.js';
import {
  deleteUnusedGroupType,
  findGroupType,
  findGroupTypeByName,
  insertGroupType,
  listGroupTypes,
  updateGroupTypeFields,
  type GroupTypeListFilter,
  type GroupTypeRow,
  type GroupTypeSortKey,
} from '../../store/repositories/volume-group-repository.js';
import {
  defaultGroupTypeNotFound,
  groupSpecItemNotFound,
  groupSpecNotFound,
  groupTypeExists,
  groupTypeInUse,
  groupTypeNameEmpty,
  groupTypeNothingToUpdate,
  groupTypeNotFound,
  groupTypeNotFoundByName,
} from '../../domain/volumes/group-errors.js';

export type { GroupTypeRow, GroupTypeSortKey };

const visibleTo = (ctx: RequestContext, t: GroupTypeRow): boolean => ctx.isAdmin || t.is_public === 1;

export const groupSpecsOf = (t: GroupTypeRow): Record<string, string> =>
  JSON.parse(t.group_specs) as Record<string, string>;

export class GroupTypeService {
  constructor(private readonly rt: Runtime) {}

  private now(): string {
    return this.rt.clock().toISOString();
  }

  async get(ctx: RequestContext, id: string): Promise<GroupTypeRow> {
    const t = await findGroupType(this.rt.store.db, id);
    if (!t || !visibleTo(ctx, t)) throw groupTypeNotFound(id);
    return t;
  }

  /** group/api.py create: an id when it looks like one (then a name that looks like an id), else a name */
  async resolve(ctx: RequestContext, ref: string): Promise<GroupTypeRow> {
    const db = this.rt.store.db;
    if (isUuidLike(ref)) {
      const t = (await findGroupType(db, ref)) ?? (await findGroupTypeByName(db, ref));
      if (!t || !visibleTo(ctx, t)) throw groupTypeNotFound(ref);
      return t;
    }
    const t = await findGroupTypeByName(db, ref);
    if (!t || !visibleTo(ctx, t)) throw groupTypeNotFoundByName(ref);
    return t;
  }

  /** /group_types/default: Cinder's default_group_type option names none here */
  defaultType(): never {
    throw defaultGroupTypeNotFound();
  }

  async list(
    ctx: RequestContext,
    q: Omit<GroupTypeListFilter, 'marker'> & { marker?: string },
  ): Promise<GroupTypeRow[]> {
    // only admins filter by is_public; everyone else sees the public types
    const isPublic = ctx.isAdmin ? q.isPublic : true;
    const marker = q.marker === undefined ? undefined : await this.get(ctx, q.marker);
    return listGroupTypes(this.rt.store.db, { ...q, isPublic, marker });
  }

  async create(req: {
    name: string;
    description: string | null;
    isPublic: boolean;
    specs: Record<string, string>;
  }): Promise<GroupTypeRow> {
    const row: GroupTypeRow = {
      id: newUuid(),
      name: req.name,
      description: req.description,
      is_public: req.isPublic ? 1 : 0,
      group_specs: JSON.stringify(req.specs),
      created_at: this.now(),
      updated_at: null,
    };
    try {
      await insertGroupType(this.rt.store.db, row);
    } catch (e) {
      if (this.rt.store.adapter.isUniqueViolation(e)) throw groupTypeExists(req.name);
      throw e;
    }
    return row;
  }

  async update(
    ctx: RequestContext,
    id: string,
    req: { name: string | null; description: string | null; isPublic: boolean | null },
  ): Promise<GroupTypeRow> {
    if (req.name !== null && req.name.length > 0 && req.name.trim().length === 0) throw groupTypeNameEmpty();
    if (req.name === null && req.description === null && req.isPublic === null) throw groupTypeNothingToUpdate();
    await this.get(ctx, id);
    const set: Partial<GroupTypeRow> = { updated_at: this.now() };
    // db group_type_update: an empty name leaves the name as it is
    if (req.name) set.name = req.name;
    if (req.description !== null) set.description = req.description;
    if (req.isPublic !== null) set.is_public = req.isPublic ? 1 : 0;
    try {
      await updateGroupTypeFields(this.rt.store.db, id, set);
    } catch (e) {
      if (this.rt.store.adapter.isUniqueViolation(e)) throw groupTypeExists(req.name ?? id);
      throw e;
    }
    return this.get(ctx, id);
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    await this.get(ctx, id);
    if (!(await deleteUnusedGroupType(this.rt.store.db, id))) {
      await this.get(ctx, id);
      throw groupTypeInUse();
    }
  }

  async specs(ctx: RequestContext, id: string): Promise<Record<string, string>> {
    return groupSpecsOf(await this.get(ctx, id));
  }

  async spec(ctx: RequestContext, id: string, key: string): Promise<string> {
    const specs = await this.specs(ctx, id);
    if (!Object.prototype.hasOwnProperty.call(specs, key)) throw groupSpecItemNotFound(id, key);
    return specs[key]!;
  }

  /** group_type_specs_update_or_create / group_type_specs_delete, under the type's lock */
  async changeSpecs(
    ctx: RequestContext,
    id: string,
    change: { set?: Record<string, string | null>; remove?: string },
  ): Promise<void> {
    await this.get(ctx, id);
    await this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, `group-type-specs:${id}`);
      const t = await findGroupType(trx, id);
      if (!t) throw groupTypeNotFound(id);
      const specs = groupSpecsOf(t);
      if (change.remove !== undefined) {
        if (!Object.prototype.hasOwnProperty.call(specs, change.remove)) throw groupSpecNotFound(id, change.remove);
        delete specs[change.remove];
      }
      for (const [k, v] of Object.entries(change.set ?? {})) specs[k] = v as string;
      await updateGroupTypeFields(trx, id, { group_specs: JSON.stringify(specs), updated_at: this.now() });
    });
  }
}
