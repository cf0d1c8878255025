/**
 * Keystone v3 policies (keystone/policy/core.py, keystone/api/policy.py): an opaque blob of a
 * type with free-form extra properties, stored and shown back; nothing enforces them (Keystone
 * does not either). The id is generated; an update may not name another one.
 */
import type { Runtime } from '../../runtime.js';
import { idImmutable, policyNotFound } from '../../domain/identity/errors.js';
import { newHexId } from '../../lib/ids.js';
import * as repo from '../../store/repositories/policy-repository.js';

export type { PolicyRow } from '../../store/repositories/policy-repository.js';

export interface PolicyInput {
  blob?: string;
  type?: string;
  id?: string;
  [extra: string]: unknown;
}

const OWN = ['id', 'blob', 'type'];
const extraOf = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => !OWN.includes(k)));

export class PolicyService {
  constructor(private readonly rt: Runtime) {}

  private get db() {
    return this.rt.store.db;
  }

  async create(input: PolicyInput): Promise<repo.PolicyRow> {
    const row: repo.PolicyRow = {
      id: newHexId(),
      type: input.type as string,
      blob: input.blob as string,
      extra: JSON.stringify(extraOf(input)),
      created_at: this.rt.clock().toISOString(),
    };
    await repo.insertPolicy(this.db, row);
    return row;
  }

  async get(id: string): Promise<repo.PolicyRow> {
    const row = await repo.findPolicy(this.db, id);
    if (!row) throw policyNotFound(id);
    return row;
  }

  async list(f: { type?: string }): Promise<repo.PolicyRow[]> {
    return repo.listPolicies(this.db, f);
  }

  async update(id: string, patch: PolicyInput): Promise<repo.PolicyRow> {
    if (patch.id !== undefined && patch.id !== id) throw idImmutable();
    const current = await this.get(id);
    const set: Parameters<typeof repo.updatePolicy>[2] = {};
    if (patch.blob !== undefined) set.blob = patch.blob;
    if (patch.type !== undefined) set.type = patch.type;
    const extra = extraOf(patch);
    if (Object.keys(extra).length > 0)
      set.extra = JSON.stringify({ ...(JSON.parse(current.extra) as Record<string, unknown>), ...extra });
    if ((await repo.updatePolicy(this.db, id, set)) === 0) throw policyNotFound(id);
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    if ((await repo.deletePolicy(this.db, id)) === 0) throw policyNotFound(id);
  }
}
