/**
 * QoS specs (cinder/volume/qos_specs.py): admin-managed key/value sets with a consumer, each
 * associated with any number of volume types (a type with at most one). stackbox's simulated
 * backend applies none of them; they are stored, shown and associated as Cinder does.
 */
import type { Runtime } from '../../runtime.js';
import { newUuid, isUuidLike } from '../../lib/ids.js';
import {
  deleteQosSpecs,
  findQosSpecs,
  insertQosSpecs,
  listQosSpecs,
  setTypeQosSpecs,
  typesOfQosSpecs,
  updateQosSpecs,
  type QosSpecsRow,
} from '../../store/repositories/qos-specs-repository.js';
import { findVolumeType } from '../../store/repositories/volume-repository.js';
import {
  invalidQosSpecs,
  qosSpecsExists,
  qosSpecsInUse,
  qosSpecsKeyNotFound,
  qosSpecsNotFound,
  typeHasOtherQosSpecs,
  volumeTypeNotFound,
} from '../../domain/volumes/errors.js';

export type { QosSpecsRow };

/** QoSConsumerValues.ALL */
const CONSUMERS = ['back-end', 'front-end', 'both'] as const;

function checkConsumer(consumer: string): string {
  if (!(CONSUMERS as readonly string[]).includes(consumer))
    // Cinder prints the field's Python repr, as Zed's answer shows
    throw invalidQosSpecs(
      "Valid consumer of QoS specs are: QoSConsumerValues(default=<class 'oslo_versionedobjects.fields.UnspecifiedDefault'>,nullable=False,valid_values=('back-end', 'front-end', 'both'))",
    );
  return consumer;
}

export class QosSpecsService {
  constructor(private readonly rt: Runtime) {}

  async list(filter: { name?: string; consumer?: string; id?: string }): Promise<QosSpecsRow[]> {
    return listQosSpecs(this.rt.store.db, filter);
  }

  async get(id: string): Promise<QosSpecsRow> {
    const q = isUuidLike(id) ? await findQosSpecs(this.rt.store.db, id) : undefined;
    if (!q) throw qosSpecsNotFound(id);
    return q;
  }

  /** qos_specs.create: "consumer" among the keys is the consumer (back-end when absent), the rest the specs */
  async create(name: string, keys: Record<string, string>): Promise<QosSpecsRow> {
    const { consumer, ...specs } = keys;
    const row: QosSpecsRow = {
      id: newUuid(),
      name,
      consumer: consumer ? checkConsumer(consumer) : 'back-end',
      specs: JSON.stringify(specs),
      created_at: this.rt.clock().toISOString(),
      updated_at: null,
    };
    try {
      await insertQosSpecs(this.rt.store.db, row);
    } catch (e) {
      // the unique name decides two creates of one name
      if (this.rt.store.adapter.isUniqueViolation(e)) throw qosSpecsExists(name);
      throw e;
    }
    return row;
  }

  /** PUT /qos-specs/{id}: merges keys (a "consumer" key sets the consumer) under the specs' lock */
  async update(id: string, keys: Record<string, string>): Promise<void> {
    await this.get(id);
    await this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, `qos-specs:${id}`);
      const cur = await findQosSpecs(trx, id);
      if (!cur) throw qosSpecsNotFound(id);
      const { consumer, ...rest } = keys;
      const specs = { ...(JSON.parse(cur.specs) as Record<string, string>), ...rest };
      await updateQosSpecs(trx, id, {
        consumer: consumer !== undefined ? checkConsumer(consumer) : cur.consumer,
        specs: JSON.stringify(specs),
        updated_at: this.rt.clock().toISOString(),
      });
    });
  }

  /** delete_keys: every key must exist (the first missing one is named), then all go */
  async deleteKeys(id: string, keys: string[]): Promise<void> {
    await this.get(id);
    await this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, `qos-specs:${id}`);
      const cur = await findQosSpecs(trx, id);
      if (!cur) throw qosSpecsNotFound(id);
      const specs = JSON.parse(cur.specs) as Record<string, string>;
      for (const k of keys) {
        if (!Object.prototype.hasOwnProperty.call(specs, k)) throw qosSpecsKeyNotFound(id, k);
        delete specs[k];
      }
      await updateQosSpecs(trx, id, {
        consumer: cur.consumer,
        specs: JSON.stringify(specs),
        updated_at: this.rt.clock().toISOString(),
      });
    });
  }

  /** a spec still associated is refused unless forced, which disassociates it first */
  async delete(id: string, force: boolean): Promise<void> {
    await this.get(id);
    await this.rt.store.transaction(async (trx) => {
      if ((await typesOfQosSpecs(trx, id)).length > 0) {
        if (!force) throw qosSpecsInUse();
        await setTypeQosSpecs(trx, null, null, this.rt.clock().toISOString(), id);
      }
      await deleteQosSpecs(trx, id);
    });
  }

  async associations(id: string): Promise<Array<{ association_type: string; name: string; id: string }>> {
    await this.get(id);
    return (await typesOfQosSpecs(this.rt.store.db, id)).map((t) => ({
      association_type: 'volume_type',
      name: t.name,
      id: t.id,
    }));
  }

  /** associate_qos_with_type: a type holds one spec; associating it again with the same one changes nothing */
  async associate(id: string, typeId: string): Promise<void> {
    await this.get(id);
    await this.rt.store.transaction(async (trx) => {
      const t = isUuidLike(typeId) ? await findVolumeType(trx, typeId) : undefined;
      if (!t) throw volumeTypeNotFound(typeId);
      if (t.qos_specs_id !== null && t.qos_specs_id !== id) throw typeHasOtherQosSpecs(t.id, t.qos_specs_id);
      if (t.qos_specs_id === null) await setTypeQosSpecs(trx, t.id, id, this.rt.clock().toISOString());
    });
  }

  async disassociate(id: string, typeId: string): Promise<void> {
    await this.get(id);
    const t = isUuidLike(typeId) ? await findVolumeType(this.rt.store.db, typeId) : undefined;
    if (!t) throw volumeTypeNotFound(typeId);
    await setTypeQosSpecs(this.rt.store.db, t.id, null, this.rt.clock().toISOString(), id);
  }

  async disassociateAll(id: string): Promise<void> {
    await this.get(id);
    await setTypeQosSpecs(this.rt.store.db, null, null, this.rt.clock().toISOString(), id);
  }
}
