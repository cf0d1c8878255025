/**
 * Volume transfers (cinder/transfer/api.py, db transfer_create / transfer_accept): a volume is
 * offered (available → awaiting-transfer) with a random auth key shown once; whoever presents
 * the key takes the volume, and its snapshots unless the offer said no_snapshots, into their
 * project after that project's quota admits them. Accept, delete and the volume's other writes
 * serialise on the volume's lock, and the transfer row ends with one conditional UPDATE, so of
 * two concurrent accepts exactly one wins.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import type { Trx } from '../../store/database.js';
import { policyNotAuthorized } from '../../domain/errors.js';
import { newUuid } from '../../lib/ids.js';
import { findVolume, transitionVolume, volumeUsage } from '../../store/repositories/volume-repository.js';
import {
  closeTransfer,
  findLiveTransfer,
  insertTransfer,
  listLiveTransfers,
  moveVolumeOwnership,
  snapshotsOfVolume,
  type TransferRow,
} from '../../store/repositories/volume-transfer-repository.js';
import { VolumeStatus } from '../../domain/volumes/states.js';
import {
  invalidAuthKey,
  snapshotLimitExceeded,
  transferGigabytesQuotaExceeded,
  transferNotFound,
  transferSnapshotNotAvailable,
  transferSnapshotRaced,
  transferVolumeNotAvailable,
  transferVolumeNotAwaiting,
  transferVolumeRaced,
  volumeLimitExceeded,
  volumeNotFound,
} from '../../domain/volumes/errors.js';
import { effectiveLimits } from './quota-service.js';
import { volumeLockKey } from './snapshot-service.js';

export type { TransferRow };

/** Cinder's volume_transfer_salt_length and volume_transfer_key_length defaults */
const SALT_LENGTH = 8;
const KEY_LENGTH = 16;

/** hex only, so the recipient can type it (transfer/api.py _get_random_string) */
const randomHex = (length: number): string =>
  randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);

/** transfer/api.py _get_crypt_hash: HMAC-SHA1 of the key, keyed with the salt, in hex */
const cryptHash = (salt: string, authKey: string): string =>
  createHmac('sha1', salt).update(authKey, 'utf8').digest('hex');

function keyMatches(t: TransferRow, authKey: string): boolean {
  const given = Buffer.from(cryptHash(t.salt, authKey), 'hex');
  const stored = Buffer.from(t.crypt_hash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

const visibleTo = (ctx: RequestContext, v: { project_id: string }): boolean =>
  ctx.isAdmin || (ctx.projectId !== null && v.project_id === ctx.projectId);

export interface TransferListQuery {
  allTenants: boolean;
  name?: string;
  volumeId?: string;
  sortDir: 'asc' | 'desc';
  limit?: number;
  marker?: string;
}

/** a new transfer as create answers it: the row and the auth key, which is never stored */
export interface CreatedTransfer {
  transfer: TransferRow;
  authKey: string;
}

export class TransferService {
  constructor(private readonly rt: Runtime) {}

  private now(): string {
    return this.rt.clock().toISOString();
  }

  /** db _transfer_get: admins see every live transfer, others those of their project's volumes */
  async get(ctx: RequestContext, id: string): Promise<TransferRow> {
    const t = await findLiveTransfer(this.rt.store.db, id, ctx.isAdmin ? null : ctx.projectId);
    if (!t || (!ctx.isAdmin && ctx.projectId === null)) throw transferNotFound(id);
    return t;
  }

  async list(ctx: RequestContext, q: TransferListQuery): Promise<TransferRow[]> {
    const every = q.allTenants && ctx.isAdmin;
    if (!every && ctx.projectId === null) return [];
    const marker = q.marker === undefined ? undefined : await this.get(ctx, q.marker);
    return listLiveTransfers(this.rt.store.db, {
      projectId: every ? null : ctx.projectId,
      name: q.name,
      volumeId: q.volumeId,
      sortDir: q.sortDir,
      limit: q.limit,
      marker,
    });
  }

  /** the volume an offer names, as its owner (or an admin) sees it; 404 otherwise */
  async volumeOf(ctx: RequestContext, volumeId: string): Promise<{ id: string; project_id: string }> {
    const v = await findVolume(this.rt.store.db, volumeId);
    if (!v || !visibleTo(ctx, v)) throw volumeNotFound(volumeId);
    return v;
  }

  async create(
    ctx: RequestContext,
    req: { volumeId: string; name: string | null; noSnapshots: boolean },
  ): Promise<CreatedTransfer> {
    const volume = await this.volumeOf(ctx, req.volumeId);
    const id = newUuid();
    const salt = randomHex(SALT_LENGTH);
    const authKey = randomHex(KEY_LENGTH);
    const now = this.now();
    const row: TransferRow = {
      id,
      volume_id: volume.id,
      name: req.name,
      salt,
      crypt_hash: cryptHash(salt, authKey),
      expires_at: null,
      no_snapshots: req.noSnapshots ? 1 : 0,
      source_project_id: volume.project_id,
      destination_project_id: null,
      accepted: 0,
      deleted: 0,
      created_at: now,
      updated_at: null,
      deleted_at: null,
    };
    await this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, volumeLockKey(volume.id));
      const v = await findVolume(trx, volume.id);
      if (!v) throw volumeNotFound(req.volumeId);
      if (v.status !== VolumeStatus.AVAILABLE) throw transferVolumeNotAvailable();
      if (!req.noSnapshots)
        for (const s of await snapshotsOfVolume(trx, v.id))
          if (s.status !== 'available') throw transferSnapshotNotAvailable(s.id);
      const moved = await transitionVolume(trx, v.id, [VolumeStatus.AVAILABLE], {
        status: VolumeStatus.AWAITING_TRANSFER,
        updated_at: now,
      });
      if (!moved) throw transferVolumeRaced(id, v.id);
      await insertTransfer(trx, row);
    });
    return { transfer: row, authKey };
  }

  /** transfer/api.py delete: the transfer ends and its volume is available again */
  async delete(ctx: RequestContext, id: string): Promise<void> {
    const t = await this.get(ctx, id);
    const now = this.now();
    const closed = await this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, volumeLockKey(t.volume_id));
      if (!(await closeTransfer(trx, id, { accepted: 0, destination_project_id: null, at: now }))) return false;
      // Cinder only logs a volume that is no longer awaiting the transfer, and leaves it as it is
      await transitionVolume(trx, t.volume_id, [VolumeStatus.AWAITING_TRANSFER], {
        status: VolumeStatus.AVAILABLE,
        updated_at: now,
      });
      return true;
    });
    if (!closed) throw transferNotFound(id);
  }

  /**
   * transfer/api.py accept: any project may find the transfer by id (an elevated lookup), the key
   * must match, then the accepting project's quota must hold the volume (and its snapshots), all
   * in one transaction under the volume's lock and the project's quota lock.
   */
  async accept(ctx: RequestContext, id: string, authKey: string): Promise<TransferRow> {
    const projectId = ctx.projectId;
    if (projectId === null) throw policyNotAuthorized('volume:accept_transfer');
    const t = await findLiveTransfer(this.rt.store.db, id, null);
    if (!t) throw transferNotFound(id);
    if (!keyMatches(t, authKey)) throw invalidAuthKey(id);
    const now = this.now();
    await this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, volumeLockKey(t.volume_id));
      // a concurrent accept or delete that committed first leaves nothing to accept
      if (!(await findLiveTransfer(trx, id, null))) throw transferNotFound(id);
      const v = await findVolume(trx, t.volume_id);
      if (!v || v.status !== VolumeStatus.AWAITING_TRANSFER) throw transferVolumeNotAwaiting(id, t.volume_id);
      const withSnapshots = t.no_snapshots === 0;
      const snaps = withSnapshots ? await snapshotsOfVolume(trx, v.id) : [];
      await this.rt.store.adapter.lockForUpdateOf(trx, `volume-quota:${projectId}`);
      await this.checkQuota(trx, projectId, v.size, snaps);
      for (const s of snaps) if (s.status !== 'available') throw transferSnapshotRaced(id, s.id);
      if (!(await moveVolumeOwnership(trx, v.id, { projectId, userId: ctx.userId, at: now }, withSnapshots)))
        throw transferVolumeNotAwaiting(id, v.id);
      if (!(await closeTransfer(trx, id, { accepted: 1, destination_project_id: projectId, at: now })))
        throw transferNotFound(id);
    });
    return t;
  }

  /**
   * The accepting project's reservations, in Cinder's order: the volume (volumes, then gigabytes),
   * then its snapshots (snapshots, then their gigabytes on top of the volume's). The donor's usage
   * needs no release: usage is counted from the rows, which move in this transaction.
   */
  private async checkQuota(trx: Trx, projectId: string, size: number, snaps: Array<{ size: number }>): Promise<void> {
    const q = await effectiveLimits(this.rt, trx, projectId);
    const used = await volumeUsage(trx, projectId);
    if (q.volumes >= 0 && used.volumes + 1 > q.volumes) throw volumeLimitExceeded(q.volumes);
    if (q.gigabytes >= 0 && used.gigabytes + size > q.gigabytes)
      throw transferGigabytesQuotaExceeded(size, q.gigabytes, used.gigabytes);
    if (snaps.length === 0) return;
    const snapGb = snaps.reduce((sum, s) => sum + s.size, 0);
    if (q.snapshots >= 0 && used.snapshots + snaps.length > q.snapshots) throw snapshotLimitExceeded(q.snapshots);
    if (q.gigabytes >= 0 && used.gigabytes + size + snapGb > q.gigabytes)
      throw transferGigabytesQuotaExceeded(snapGb, q.gigabytes, used.gigabytes + size);
  }
}
