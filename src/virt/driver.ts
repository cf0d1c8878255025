/**
 * What a compute agent asks of a hypervisor. Every call is idempotent: repeating it after a
 * crash (spawn of a running guest, destroy of a missing one) is a no-op, so recovered operations
 * may simply run again.
 */
export interface GuestSpec {
  uuid: string;
  name: string;
  vcpus: number;
  memoryMb: number;
  diskGb: number;
}

export interface GuestInfo {
  powerState: number;
}

/**
 * What a driver can do. Agents publish these per host (compute_hosts.capabilities) so that any
 * API process can refuse a request the host's driver cannot carry out (Mogan's 406).
 */
export interface DriverCapabilities {
  supportsSoftPowerOff: boolean;
  supportsSoftReboot: boolean;
}

export interface VirtDriver {
  readonly capabilities: DriverCapabilities;
  spawn(host: string, guest: GuestSpec): Promise<void>;
  destroy(host: string, uuid: string): Promise<void>;
  powerOn(host: string, uuid: string): Promise<void>;
  powerOff(host: string, uuid: string, graceful: boolean): Promise<void>;
  reboot(host: string, uuid: string, type: 'SOFT' | 'HARD'): Promise<void>;
  /** freeze a running guest in memory (power state PAUSED); a paused guest stays paused */
  pause(host: string, uuid: string): Promise<void>;
  /** a paused guest runs again; a running one is left alone */
  unpause(host: string, uuid: string): Promise<void>;
  /** save a running guest's memory to disk and stop it (power state SUSPENDED) */
  suspend(host: string, uuid: string): Promise<void>;
  /** bring a suspended guest back running */
  resume(host: string, uuid: string): Promise<void>;
  /** boot the guest from a rescue image, its own disk attached as the second one (power RUNNING) */
  rescue(host: string, uuid: string, imageId: string): Promise<void>;
  /** boot the guest from its own disk again */
  unrescue(host: string, uuid: string): Promise<void>;
  /** the guest agent sets the admin password (libvirt set_admin_password); the guest must run */
  setAdminPassword(host: string, uuid: string, password: string): Promise<void>;
  /** the guest's root disk as an image file (qcow2), for a snapshot */
  snapshot(host: string, uuid: string): Promise<Buffer>;
  /** null when the guest does not exist on this host */
  getInfo(host: string, uuid: string): GuestInfo | null;
  /**
   * One round of a live migration's memory copy (libvirt's migration job between two progress
   * polls): the guest keeps running on `source` meanwhile.
   */
  liveMigrationRound(source: string, dest: string, uuid: string, rounds: number): Promise<void>;
  /**
   * The switch-over: the guest (power state, interfaces, disks) now runs on `dest` and no longer
   * on `source`. Repeating it after it took effect does nothing.
   */
  liveMigrationSwitch(source: string, dest: string, uuid: string): Promise<void>;
  plugVif(host: string, uuid: string, portId: string): Promise<void>;
  /**
   * Resync after the agent (re)starts: a guest the store says exists on this host, with its last
   * known power state. A hypervisor that keeps its guests across agent restarts has nothing to do;
   * the in-memory fake driver puts the guest back.
   */
  adopt(host: string, guest: GuestSpec, powerState: number): void;
  unplugVif(host: string, uuid: string, portId: string): Promise<void>;
  /** connect a volume's block device to the guest as `device` (a hot-plugged disk) */
  attachVolume(host: string, uuid: string, device: string): Promise<void>;
  /** the guest lets go of the disk; a disk that is not there is already detached */
  detachVolume(host: string, uuid: string, device: string): Promise<void>;
}
