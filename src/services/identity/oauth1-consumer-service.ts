/**
 * Keystone OS-OAUTH1 consumers (keystone/oauth1/core.py, keystone/api/os_oauth1.py): a
 * description, free-form extra properties and a generated secret, shown only in the create
 * answer. Ids and secrets a client sends are ignored at create; an update may not name another
 * id or a secret (the schema refuses the secret).
 */
import type { Runtime } from '../../runtime.js';
import { consumerNotFound, idImmutable } from '../../domain/identity/errors.js';
import { newHexId } from '../../lib/ids.js';
import * as repo from '../../store/repositories/oauth1-consumer-repository.js';

export type { ConsumerRow } from '../../store/repositories/oauth1-consumer-repository.js';

export interface ConsumerInput {
  description?: string | null;
  [extra: string]: unknown;
}

const OWN = ['id', 'description', 'secret'];
const extraOf = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => !OWN.includes(k)));

export class OAuth1ConsumerService {
  constructor(private readonly rt: Runtime) {}

  private get db() {
    return this.rt.store.db;
  }

  async create(input: ConsumerInput): Promise<repo.ConsumerRow> {
    const row: repo.ConsumerRow = {
      id: newHexId(),
      description: input.description ?? null,
      secret: newHexId(),
      extra: JSON.stringify(extraOf(input)),
      created_at: this.rt.clock().toISOString(),
    };
    await repo.insertConsumer(this.db, row);
    return row;
  }

  async get(id: string): Promise<repo.ConsumerRow> {
    const row = await repo.findConsumer(this.db, id);
    if (!row) throw consumerNotFound();
    return row;
  }

  async list(): Promise<repo.ConsumerRow[]> {
    return repo.listConsumers(this.db);
  }

  async update(id: string, patch: ConsumerInput): Promise<repo.ConsumerRow> {
    if (patch.id !== undefined && patch.id !== id) throw idImmutable();
    const current = await this.get(id);
    const set: Parameters<typeof repo.updateConsumer>[2] = {};
    if (patch.description !== undefined) set.description = patch.description;
    const extra = extraOf(patch);
    if (Object.keys(extra).length > 0)
      set.extra = JSON.stringify({ ...(JSON.parse(current.extra) as Record<string, unknown>), ...extra });
    if ((await repo.updateConsumer(this.db, id, set)) === 0) throw consumerNotFound();
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    if ((await repo.deleteConsumer(this.db, id)) === 0) throw consumerNotFound();
  }
}
