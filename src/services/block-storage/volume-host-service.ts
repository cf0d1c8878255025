/**
 * Cinder's services and pools as an admin sees them (os-services, scheduler-stats, capabilities).
 * stackbox runs no separate cinder processes: the configured pool (host@backend#pool) implies one
 * cinder-scheduler on `host` and one cinder-volume on `host@backend`, always up. What an admin
 * changes (disabled with a reason, frozen) is kept in volume_services; pool numbers are the real
 * allocations the simulated backend keeps in volume_pools.
 */
import type { Runtime } from '../../runtime.js';
import { ensurePool, volumeUsageOnHost, type HostProjectUsage } from '../../store/repositories/volume-repository.js';
import {
  countVolumesOnPool,
  listVolumePools,
  listVolumeServiceStates,
  saveVolumeServiceState,
  type VolumeServiceStateRow,
} from '../../store/repositories/volume-service-repository.js';
import {
  cannotFindService,
  hostServiceNotFound,
  serviceNotFound,
  volumeServiceNotFoundOnHost,
} from '../../domain/volumes/errors.js';

export const SCHEDULER_BINARY = 'cinder-scheduler';
export const VOLUME_BINARY = 'cinder-volume';

export interface VolumeHostServiceInfo {
  binary: string;
  host: string;
  zone: string;
  disabled: boolean;
  disabledReason: string | null;
  frozen: boolean;
  /** the last heartbeat: always now, the in-process services never stop reporting */
  updatedAt: string;
}

export interface PoolInfo {
  name: string;
  backend: string;
  poolName: string;
  capacityGb: number;
  allocatedGb: number;
  volumes: number;
}

/** volume_utils.extract_host: host@backend#pool → its parts */
function splitPool(pool: string): { host: string; backend: string; poolName: string } {
  const [backendHost = pool, poolName = pool] = pool.split('#');
  const [host = backendHost] = backendHost.split('@');
  return { host, backend: backendHost, poolName };
}

/**
 * db/sqlalchemy/api.py _filter_host: a value names a pool (has '#': exact), a backend (has '@':
 * itself or its pools) or a host (itself, its backends and its pools), so `?host=stackbox` also
 * finds the cinder-volume on stackbox@lvm.
 */
export function hostMatches(serviceHost: string, value: string): boolean {
  if (serviceHost === value) return true;
  if (value.includes('#')) return false;
  if (serviceHost.startsWith(`${value}#`)) return true;
  return !value.includes('@') && serviceHost.startsWith(`${value}@`);
}

export class VolumeHostService {
  constructor(private readonly rt: Runtime) {}

  private async ensured(): Promise<void> {
    const { pool, poolCapacityGb } = this.rt.config.blockStorage;
    await ensurePool(this.rt.store.db, pool, poolCapacityGb);
  }

  /** every service, filtered by host (_filter_host's levels) and binary as ServiceList.get_all does */
  async list(filter: { host?: string; binary?: string } = {}): Promise<VolumeHostServiceInfo[]> {
    const { pool, availabilityZone } = this.rt.config.blockStorage;
    const parts = splitPool(pool);
    const states = new Map(
      (await listVolumeServiceStates(this.rt.store.db)).map((s) => [`${s.binary} ${s.host}`, s] as const),
    );
    const now = this.rt.clock().toISOString();
    const all = [
      { binary: SCHEDULER_BINARY, host: parts.host },
      { binary: VOLUME_BINARY, host: parts.backend },
    ].map(({ binary, host }): VolumeHostServiceInfo => {
      const s = states.get(`${binary} ${host}`);
      return {
        binary,
        host,
        zone: availabilityZone,
        disabled: s?.disabled === 1,
        disabledReason: s?.disabled_reason ?? null,
        frozen: s?.frozen === 1,
        updatedAt: now,
      };
    });
    return all.filter(
      (s) =>
        (filter.host === undefined || hostMatches(s.host, filter.host)) &&
        (filter.binary === undefined || s.binary === filter.binary),
    );
  }

  private async find(host: string, binary: string): Promise<VolumeHostServiceInfo> {
    const [s] = await this.list({ host, binary });
    if (!s) throw serviceNotFound(binary, host);
    return s;
  }

  private async save(s: VolumeHostServiceInfo): Promise<void> {
    const row: VolumeServiceStateRow = {
      binary: s.binary,
      host: s.host,
      disabled: s.disabled ? 1 : 0,
      disabled_reason: s.disabledReason,
      frozen: s.frozen ? 1 : 0,
      updated_at: this.rt.clock().toISOString(),
    };
    await saveVolumeServiceState(this.rt.store.db, row);
  }

  /** enable / disable (a reason only through disable-log-reason; enabling keeps the last one, as Zed's Cinder does) */
  async setDisabled(host: string, binary: string, disabled: boolean, reason?: string): Promise<void> {
    const s = await this.find(host, binary);
    await this.save({ ...s, disabled, disabledReason: reason ?? s.disabledReason });
  }

  /** volume/api.py freeze_host / thaw_host: the cinder-volume service of the backend */
  async setFrozen(host: string, frozen: boolean): Promise<void> {
    const [s] = await this.list({ host, binary: VOLUME_BINARY });
    if (!s) throw hostServiceNotFound(host);
    await this.save({ ...s, frozen });
  }

  /** the pools the scheduler knows, with their real allocation */
  async pools(): Promise<PoolInfo[]> {
    await this.ensured();
    const db = this.rt.store.db;
    const rows = await listVolumePools(db);
    return Promise.all(
      rows.map(async (p) => {
        const parts = splitPool(p.name);
        return {
          name: p.name,
          backend: parts.backend,
          poolName: parts.poolName,
          capacityGb: p.capacity_gb,
          allocatedGb: p.allocated_gb,
          volumes: await countVolumesOnPool(db, p.name),
        };
      }),
    );
  }

  /** capabilities.py show: the backend's first pool, by host or host@backend */
  async capabilitiesOf(host: string): Promise<{ service: VolumeHostServiceInfo; pool: PoolInfo }> {
    const services = (await this.list({ binary: VOLUME_BINARY })).filter(
      (s) => s.host === host || s.host.split('@')[0] === host,
    );
    const service = services[0];
    const pool = service && (await this.pools()).find((p) => p.backend === service.host);
    if (!service || !pool) throw cannotFindService(host);
    return { service, pool };
  }

  /** contrib/hosts.py index: the enabled services, optionally of one zone (all are always up here) */
  async hosts(zone?: string): Promise<VolumeHostServiceInfo[]> {
    return (await this.list()).filter((s) => !s.disabled && (!zone || s.zone === zone));
  }

  /**
   * contrib/hosts.py show: an enabled cinder-volume host (Service.get_by_host_and_topic) and the
   * usage of the volumes on it, per project.
   */
  async hostUsage(host: string): Promise<HostProjectUsage[]> {
    const [s] = await this.list({ host, binary: VOLUME_BINARY });
    if (!s || s.disabled) throw volumeServiceNotFoundOnHost(VOLUME_BINARY, host);
    return volumeUsageOnHost(this.rt.store.db, s.host);
  }
}
