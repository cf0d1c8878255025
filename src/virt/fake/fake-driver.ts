/**
 * An in-memory hypervisor: guests per host with a power state, delays from config.fake.
 * Failures can be injected per operation for tests (failNext).
 */
import type { Runtime } from '../../runtime.js';
import { PowerState } from '../../domain/instances/states.js';
import type { DriverCapabilities, GuestInfo, GuestSpec, VirtDriver } from '../driver.js';

type Op =
  | 'spawn'
  | 'destroy'
  | 'powerOn'
  | 'powerOff'
  | 'reboot'
  | 'pause'
  | 'unpause'
  | 'suspend'
  | 'resume'
  | 'snapshot'
  | 'rescue'
  | 'unrescue'
  | 'setAdminPassword'
  | 'plugVif'
  | 'unplugVif'
  | 'attachVolume'
  | 'detachVolume'
  | 'liveMigration';

interface Guest {
  spec: GuestSpec;
  power: number;
  vifs: Set<string>;
  /** the device names of attached volumes */
  disks: Set<string>;
  /** the rescue image the guest boots from, while rescued */
  rescueImage?: string;
  adminPassword?: string;
}

export class FakeDriver implements VirtDriver {
  private readonly hosts = new Map<string, Map<string, Guest>>();
  private readonly failures = new Map<string, string>();

  readonly capabilities: DriverCapabilities;

  constructor(private readonly rt: Runtime) {
    rt.resetHooks.push(() => this.reset());
    // configurable so users can test how their tooling handles a driver without soft power control
    this.capabilities = { ...rt.config.fakeDriver };
  }

  reset(): void {
    this.hosts.clear();
    this.failures.clear();
  }

  /** the next `op` on guest `uuid` throws `message` (once) */
  failNext(op: Op, uuid: string, message: string): void {
    this.failures.set(`${op}:${uuid}`, message);
  }

  /** put a guest back after a restart (the store says it exists) without any delay */
  adopt(host: string, spec: GuestSpec, power: number): void {
    this.guests(host).set(spec.uuid, { spec, power, vifs: new Set(), disks: new Set() });
  }

  private guests(host: string): Map<string, Guest> {
    let m = this.hosts.get(host);
    if (!m) this.hosts.set(host, (m = new Map<string, Guest>()));
    return m;
  }

  private async step(op: Op, uuid: string, ms: number): Promise<void> {
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    const key = `${op}:${uuid}`;
    const msg = this.failures.get(key);
    if (msg !== undefined) {
      this.failures.delete(key);
      throw new Error(msg);
    }
  }

  private need(host: string, uuid: string): Guest {
    const g = this.guests(host).get(uuid);
    if (!g) throw new Error(`Instance ${uuid} could not be found on host ${host}.`);
    return g;
  }

  async spawn(host: string, spec: GuestSpec): Promise<void> {
    await this.step('spawn', spec.uuid, this.rt.config.fake.spawnMs);
    const g = this.guests(host).get(spec.uuid);
    if (g) g.power = PowerState.RUNNING;
    else this.guests(host).set(spec.uuid, { spec, power: PowerState.RUNNING, vifs: new Set(), disks: new Set() });
  }

  /** a round takes liveMigrationMs / rounds; the guest must exist on the source */
  async liveMigrationRound(source: string, _dest: string, uuid: string, rounds: number): Promise<void> {
    await this.step('liveMigration', uuid, this.rt.config.fake.liveMigrationMs / Math.max(1, rounds));
    this.need(source, uuid);
  }

  async liveMigrationSwitch(source: string, dest: string, uuid: string): Promise<void> {
    const g = this.guests(source).get(uuid);
    if (!g) {
      // already switched (a recovered operation), or lost: the destination must have it
      this.need(dest, uuid);
      return;
    }
    this.guests(dest).set(uuid, g);
    if (source !== dest) this.guests(source).delete(uuid);
  }

  async destroy(host: string, uuid: string): Promise<void> {
    await this.step('destroy', uuid, this.rt.config.fake.destroyMs);
    this.guests(host).delete(uuid);
  }

  async powerOn(host: string, uuid: string): Promise<void> {
    await this.step('powerOn', uuid, this.rt.config.fake.powerOnMs);
    this.need(host, uuid).power = PowerState.RUNNING;
  }

  async powerOff(host: string, uuid: string, _graceful: boolean): Promise<void> {
    await this.step('powerOff', uuid, this.rt.config.fake.powerOffMs);
    this.need(host, uuid).power = PowerState.SHUTDOWN;
  }

  async reboot(host: string, uuid: string, _type: 'SOFT' | 'HARD'): Promise<void> {
    await this.step('reboot', uuid, this.rt.config.fake.rebootMs);
    this.need(host, uuid).power = PowerState.RUNNING;
  }

  /**
   * pause/unpause/suspend/resume move between RUNNING and the held state only (libvirt refuses a
   * pause of a stopped domain); repeating one that already took effect does nothing, so a
   * recovered operation may run again. Pause/suspend take powerOffMs, unpause/resume powerOnMs.
   */
  private async hold(op: Op, host: string, uuid: string, from: number, to: number, ms: number): Promise<void> {
    await this.step(op, uuid, ms);
    const g = this.need(host, uuid);
    if (g.power === to) return;
    if (g.power !== from) throw new Error(`Cannot ${op} instance ${uuid}: its power state is ${g.power}`);
    g.power = to;
  }

  pause(host: string, uuid: string): Promise<void> {
    return this.hold('pause', host, uuid, PowerState.RUNNING, PowerState.PAUSED, this.rt.config.fake.powerOffMs);
  }

  unpause(host: string, uuid: string): Promise<void> {
    return this.hold('unpause', host, uuid, PowerState.PAUSED, PowerState.RUNNING, this.rt.config.fake.powerOnMs);
  }

  /** a small qcow2-looking disk image naming the guest and its flavor (the same bytes on a retry) */
  /** rescue: the guest restarts from the rescue image (running); repeating it changes nothing */
  async rescue(host: string, uuid: string, imageId: string): Promise<void> {
    await this.step('rescue', uuid, this.rt.config.fake.powerOnMs);
    const g = this.need(host, uuid);
    g.rescueImage = imageId;
    g.power = PowerState.RUNNING;
  }

  async unrescue(host: string, uuid: string): Promise<void> {
    await this.step('unrescue', uuid, this.rt.config.fake.powerOnMs);
    const g = this.need(host, uuid);
    delete g.rescueImage;
    g.power = PowerState.RUNNING;
  }

  async setAdminPassword(host: string, uuid: string, password: string): Promise<void> {
    await this.step('setAdminPassword', uuid, 0);
    const g = this.need(host, uuid);
    if (g.power !== PowerState.RUNNING) throw new Error('the guest is not running');
    g.adminPassword = password;
  }

  /** what a test may ask of a guest beyond its power state */
  guestDetails(host: string, uuid: string): { rescueImage?: string; adminPassword?: string } | null {
    const g = this.guests(host).get(uuid);
    return g ? { rescueImage: g.rescueImage, adminPassword: g.adminPassword } : null;
  }

  async snapshot(host: string, uuid: string): Promise<Buffer> {
    await this.step('snapshot', uuid, this.rt.config.fake.powerOffMs);
    const g = this.need(host, uuid);
    const header = Buffer.from([0x51, 0x46, 0x49, 0xfb]); // "QFI\xfb", qcow2's magic
    const body = Buffer.from(
      `stackbox fake snapshot of ${uuid} (${g.spec.vcpus} vCPU, ${g.spec.memoryMb} MB, ${g.spec.diskGb} GB)\n`,
    );
    return Buffer.concat([header, body]);
  }

  suspend(host: string, uuid: string): Promise<void> {
    return this.hold('suspend', host, uuid, PowerState.RUNNING, PowerState.SUSPENDED, this.rt.config.fake.powerOffMs);
  }

  resume(host: string, uuid: string): Promise<void> {
    return this.hold('resume', host, uuid, PowerState.SUSPENDED, PowerState.RUNNING, this.rt.config.fake.powerOnMs);
  }

  getInfo(host: string, uuid: string): GuestInfo | null {
    const g = this.guests(host).get(uuid);
    return g ? { powerState: g.power } : null;
  }

  async plugVif(host: string, uuid: string, portId: string): Promise<void> {
    await this.step('plugVif', uuid, this.rt.config.fake.plugVifMs);
    this.need(host, uuid).vifs.add(portId);
  }

  async unplugVif(host: string, uuid: string, portId: string): Promise<void> {
    await this.step('unplugVif', uuid, this.rt.config.fake.unplugVifMs);
    this.guests(host).get(uuid)?.vifs.delete(portId);
  }

  async attachVolume(host: string, uuid: string, device: string): Promise<void> {
    await this.step('attachVolume', uuid, this.rt.config.fake.attachVolumeMs);
    this.need(host, uuid).disks.add(device);
  }

  async detachVolume(host: string, uuid: string, device: string): Promise<void> {
    await this.step('detachVolume', uuid, this.rt.config.fake.detachVolumeMs);
    this.guests(host).get(uuid)?.disks.delete(device);
  }
}
