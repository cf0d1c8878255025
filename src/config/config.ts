/**
 * The one typed configuration object. Built once from defaults, an optional YAML/JSON file,
 * STACKBOX_* environment variables and CLI flags (later sources win), then passed down
 * explicitly: nothing reads process.env after this point.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

export interface SeedUser {
  name: string;
  password: string;
  project: string;
  roles: string[];
}

export interface FakeDriverTimings {
  /** milliseconds each simulated step takes */
  spawnMs: number;
  powerOnMs: number;
  powerOffMs: number;
  rebootMs: number;
  destroyMs: number;
  plugVifMs: number;
  unplugVifMs: number;
  attachVolumeMs: number;
  detachVolumeMs: number;
  /** a live migration's whole memory copy (split into rounds that report progress) */
  liveMigrationMs: number;
}

/** Neutron's per-project quota defaults, by Neutron resource ([QUOTAS] quota_<resource>). */
export interface NetworkQuotaDefaults {
  network: number;
  subnet: number;
  subnetpool: number;
  port: number;
  router: number;
  floatingip: number;
  rbacPolicy: number;
  securityGroup: number;
  securityGroupRule: number;
}

export interface Config {
  host: string;
  port: number;
  /** externally visible base URL used in the catalog and links; derived from the request when unset */
  publicUrl: string | null;
  region: string;
  /** SQLite file directory; ignored with memory or databaseUrl */
  dataDir: string;
  memory: boolean;
  /** postgres://… to use PostgreSQL instead of the embedded SQLite */
  databaseUrl: string | null;
  logLevel: string;
  /** largest request body accepted, in bytes */
  bodyLimit: number;
  /** HMAC secret for tokens; generated and stored in the database when null */
  tokenSecret: string | null;
  tokenTtlSeconds: number;
  adminPassword: string;
  demoPassword: string;
  servicePassword: string;
  /** extra users/projects to create at start (e.g. Tempest's pre-provisioned accounts) */
  seedUsers: SeedUser[];
  /** CIDR of the seeded shared 'private' IPv4 subnet */
  privateCidr: string;
  privateCidrV6: string;
  publicCidr: string;
  compute: {
    /** hosts the in-process agent simulates */
    hosts: number;
    hostPrefix: string;
    availabilityZone: string;
    hostVcpus: number;
    hostMemoryMb: number;
    hostDiskGb: number;
    maxListLimit: number;
    /** Nova's vif_plugging_timeout (seconds) and vif_plugging_is_fatal */
    vifPluggingTimeout: number;
    vifPluggingIsFatal: boolean;
    /** oslo.messaging rpc_response_timeout (seconds): how long a synchronous call (interface attach) waits for the agent */
    rpcResponseTimeout: number;
    /** how long an agent may hold an operation before another may take it over (ms) */
    operationLeaseMs: number;
    maxOperationAttempts: number;
    /**
     * a host whose agent has not heartbeated for this long (ms) is down (Nova's service_down_time):
     * live agents fail its unfinished operations and mark it 'down'
     */
    hostDownAfterMs: number;
    /** Nova's resize_confirm_window (seconds): finished resizes older than this are confirmed by the agent; 0 = never */
    resizeConfirmWindow: number;
    /** Nova's shelved_offload_time (seconds): 0 offloads a shelved server at once, -1 never, N after N seconds */
    shelvedOffloadTime: number;
    /** Nova's [api] enable_instance_password: whether rescue answers with the adminPass */
    enableInstancePassword: boolean;
    /** Nova's [neutron] default_floating_pool: the pool POST /os-floating-ips takes when the body names none */
    defaultFloatingPool: string;
    /**
     * Nova's [vnc]/[spice]/[serial_console]/[rdp]/[mks] enabled: which remote consoles hand out
     * URLs (devstack: noVNC only); the others answer 400 "Unavailable console type X."
     */
    consoles: { vnc: boolean; spice: boolean; serial: boolean; rdp: boolean; mks: boolean };
    /** Nova's [consoleauth] token_ttl (seconds) */
    consoleTokenTtl: number;
  };
  identity: {
    /**
     * Keystone's [security_compliance] lockout_failure_attempts: consecutive wrong passwords after
     * which a user cannot log in; null or 0 turns the lockout off (the default, as in Keystone).
     */
    lockoutFailureAttempts: number | null;
    /** lockout_duration (seconds) a locked user waits; null or 0 = until an admin updates the user */
    lockoutDuration: number | null;
    /**
     * unique_last_password_count: a self-service password change may not reuse any of the user's
     * last N passwords, the current one included (0 = no check)
     */
    uniqueLastPasswordCount: number;
    /** minimum_password_age (days) between two self-service password changes; 0 = none */
    minimumPasswordAge: number;
    /** password_expires_days: a password set now expires this many days later; null or 0 = never */
    passwordExpiresDays: number | null;
    /** password_regex (Python re.match: anchored at the start) every new password must match */
    passwordRegex: string | null;
    /** password_regex_description, the text of the 400 when a password does not match */
    passwordRegexDescription: string | null;
    /** change_password_upon_first_use: a password an admin sets is expired at once */
    changePasswordUponFirstUse: boolean;
  };
  quotas: { instances: number; cores: number; ram: number; keyPairs: number; metadataItems: number };
  /**
   * Neutron's [QUOTAS] quota_<resource> defaults: what each project may create unless an admin set
   * its own limit (PUT /v2.0/quotas/{project_id}); -1 = unlimited.
   */
  networkQuotas: NetworkQuotaDefaults;
  /**
   * Neutron's router_distributed: whether a router created without `distributed` is a DVR router
   * (only admins may say otherwise; neutron/conf/db/l3_dvr_db.py, default False).
   */
  routerDistributed: boolean;
  image: {
    /**
     * Glance's image_size_cap: the largest image PUT /v2/images/{id}/file accepts (bytes); a
     * bigger upload is refused with 413 and the image goes back to 'queued'.
     */
    maxUploadBytes: number;
    /** Glance's enabled_import_methods: what GET /v2/info/import offers and POST …/import accepts */
    importMethods: string[];
    /**
     * Glance's [import_filtering_opts] for web-download URIs: a URI whose scheme, host or port is
     * not in the list (an empty list allows any) is refused with 400 before anything is fetched.
     */
    importFiltering: { allowedSchemes: string[]; allowedHosts: string[]; allowedPorts: number[] };
    /**
     * Glance's property protections (property_protection_file, `roles` format) as an ordered list:
     * the first rule whose `property` regular expression is found in a custom property's name says
     * which roles may create, read, update and delete it ('@' anyone, '!' no one); a name no rule
     * matches is refused. Empty: no protections (Glance's default).
     */
    propertyProtections: Array<{
      property: string;
      create: string[];
      read: string[];
      update: string[];
      delete: string[];
    }>;
  };
  /** the block storage service (Cinder v3) and its simulated backend */
  blockStorage: {
    /** the one pool, Cinder's host@backend#pool (os-vol-host-attr:host) */
    pool: string;
    /** the pool's capacity: a create or extend that does not fit ends as the scheduler's failure */
    poolCapacityGb: number;
    availabilityZone: string;
    /** Cinder's quota_volumes / quota_snapshots / quota_gigabytes defaults (-1: unlimited) */
    quotas: { volumes: number; snapshots: number; gigabytes: number };
    /** milliseconds the simulated backend's driver takes to extend a volume (crash tests slow it down) */
    extendMs: number;
  };
  fake: FakeDriverTimings;
  /** what the simulated hypervisor claims it can do */
  fakeDriver: { supportsSoftPowerOff: boolean; supportsSoftReboot: boolean };
  /** run the in-process compute agent (serve: yes; api: no) */
  runAgent: boolean;
  /** agent poll interval when no in-process wake-up arrives (ms) */
  agentPollMs: number;
  /** periodic `db archive` / `db purge` in serve and api processes (see services/maintenance) */
  maintenance: {
    /** seconds between runs; 0 or null = never (the default) */
    archiveIntervalSeconds: number | null;
    /** archive deleted servers and finished operations older than this many days */
    archiveOlderThanDays: number;
    /** also purge archived rows older than this many days; null = keep them */
    purgeOlderThanDays: number | null;
    /** instances, operations or rows per transaction */
    batchSize: number;
  };
}

export const zeroTimings: FakeDriverTimings = {
  spawnMs: 0,
  powerOnMs: 0,
  powerOffMs: 0,
  rebootMs: 0,
  destroyMs: 0,
  plugVifMs: 0,
  unplugVifMs: 0,
  attachVolumeMs: 0,
  detachVolumeMs: 0,
  liveMigrationMs: 0,
};

export function defaultConfig(): Config {
  return {
    host: '127.0.0.1',
    port: 8774,
    publicUrl: null,
    region: 'RegionOne',
    dataDir: './.stackbox',
    memory: false,
    databaseUrl: null,
    logLevel: 'info',
    bodyLimit: 1024 * 1024,
    tokenSecret: null,
    tokenTtlSeconds: 12 * 3600,
    adminPassword: 'secret',
    demoPassword: 'secret',
    servicePassword: 'secret',
    seedUsers: [],
    privateCidr: '10.0.0.0/24',
    privateCidrV6: 'fd00:10::/64',
    publicCidr: '172.24.4.0/24',
    compute: {
      hosts: 4,
      hostPrefix: 'compute',
      availabilityZone: 'nova',
      hostVcpus: 64,
      hostMemoryMb: 262144,
      hostDiskGb: 4096,
      maxListLimit: 1000,
      vifPluggingTimeout: 300,
      vifPluggingIsFatal: true,
      rpcResponseTimeout: 60,
      operationLeaseMs: 30000,
      maxOperationAttempts: 3,
      hostDownAfterMs: 60000,
      resizeConfirmWindow: 0,
      shelvedOffloadTime: 0,
      enableInstancePassword: true,
      // Nova's own default is 'nova'; devstack sets [neutron] default_floating_pool = public
      defaultFloatingPool: 'public',
      consoles: { vnc: true, spice: false, serial: false, rdp: false, mks: false },
      consoleTokenTtl: 600,
    },
    // Keystone's [security_compliance] defaults: everything off
    identity: {
      lockoutFailureAttempts: null,
      lockoutDuration: 1800,
      uniqueLastPasswordCount: 0,
      minimumPasswordAge: 0,
      passwordExpiresDays: null,
      passwordRegex: null,
      passwordRegexDescription: null,
      changePasswordUponFirstUse: false,
    },
    quotas: { instances: 100, cores: 200, ram: 512000, keyPairs: 100, metadataItems: 128 },
    // neutron/conf/quota.py (Zed); subnetpool has no option of its own and takes default_quota (-1)
    networkQuotas: {
      network: 100,
      subnet: 100,
      subnetpool: -1,
      port: 500,
      router: 10,
      floatingip: 50,
      rbacPolicy: 10,
      securityGroup: 10,
      securityGroupRule: 100,
    },
    routerDistributed: false,
    // Glance's default cap is 1 TiB; stackbox keeps image bytes in its own database (the SQLite
    // file or PostgreSQL bytea rows), so the default covers the images tests boot (CirrOS ~21 MiB,
    // Alpine and Ubuntu minimal cloud images ~50-300 MiB) without letting one upload grow the
    // store by gigabytes. Uploads stream in 1 MiB chunks, so the cap bounds storage, not memory.
    // web-download fetches from loopback only: a simulator must not become a way to reach the
    // network from the machine it runs on (Glance's default allows any host on ports 80 and 443)
    image: {
      maxUploadBytes: 512 * 1024 * 1024,
      importMethods: ['glance-direct', 'web-download'],
      importFiltering: { allowedSchemes: ['http'], allowedHosts: ['127.0.0.1', 'localhost', '::1'], allowedPorts: [] },
      propertyProtections: [],
    },
    // Cinder's Zed quota defaults; one LVM-like pool of 1000 GB in the availability zone "nova"
    blockStorage: {
      pool: 'stackbox@lvm#lvm',
      poolCapacityGb: 1000,
      availabilityZone: 'nova',
      quotas: { volumes: 10, snapshots: 10, gigabytes: 1000 },
      extendMs: 0,
    },
    // small, realistic delays for interactive use; tests and benchmarks use zeroTimings
    fakeDriver: { supportsSoftPowerOff: true, supportsSoftReboot: true },
    fake: {
      spawnMs: 300,
      powerOnMs: 100,
      powerOffMs: 100,
      rebootMs: 200,
      destroyMs: 100,
      plugVifMs: 20,
      unplugVifMs: 20,
      attachVolumeMs: 20,
      detachVolumeMs: 20,
      liveMigrationMs: 1000,
    },
    runAgent: true,
    agentPollMs: 250,
    maintenance: { archiveIntervalSeconds: null, archiveOlderThanDays: 7, purgeOlderThanDays: null, batchSize: 100 },
  };
}

/** Deep-merges a partial config (file, env or flags) over a base. Arrays are replaced. */
export function mergeConfig(base: Config, patch: DeepPartial<Config>): Config {
  return deepMerge(base, patch) as Config;
}

export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K];
};

function deepMerge(base: unknown, patch: unknown): unknown {
  if (patch === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(out[k], v);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readConfigFile(path: string): DeepPartial<Config> {
  const text = readFileSync(path, 'utf8');
  const parsed: unknown = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  if (!isPlainObject(parsed)) throw new Error(`config file ${path} must hold an object`);
  return parsed;
}

/** STACKBOX_PORT=… STACKBOX_COMPUTE__HOSTS=… (double underscore = nesting, snake → camel). */
export function configFromEnv(env: NodeJS.ProcessEnv): DeepPartial<Config> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(env)) {
    if (!key.startsWith('STACKBOX_') || raw === undefined || key.startsWith('STACKBOX_TEST_')) continue;
    const path = key.slice('STACKBOX_'.length).split('__').map(snakeToCamel);
    const leaf = path.pop();
    if (leaf === undefined) continue;
    let cursor = out;
    for (const part of path) {
      cursor[part] = isPlainObject(cursor[part]) ? cursor[part] : {};
      cursor = cursor[part] as Record<string, unknown>;
    }
    cursor[leaf] = coerceEnvValue(raw);
  }
  return out;
}

function snakeToCamel(s: string): string {
  return s.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function coerceEnvValue(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (raw.startsWith('[') || raw.startsWith('{')) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

/** Configuration for tests and benchmarks: in-memory store, zero delays, no request logs. */
/** every Neutron quota unlimited (the test configuration's default) */
export const UNLIMITED_NETWORK_QUOTAS: NetworkQuotaDefaults = {
  network: -1,
  subnet: -1,
  subnetpool: -1,
  port: -1,
  router: -1,
  floatingip: -1,
  rbacPolicy: -1,
  securityGroup: -1,
  securityGroupRule: -1,
};

export function testConfig(patch: DeepPartial<Config> = {}): Config {
  return mergeConfig(
    mergeConfig(defaultConfig(), {
      memory: true,
      logLevel: 'silent',
      fake: zeroTimings,
      agentPollMs: 50,
      // the suites create many networks, groups and rules in one project; a test that is about
      // Neutron's quotas sets the limits it needs (test/api/network/quotas.test.ts)
      networkQuotas: UNLIMITED_NETWORK_QUOTAS,
    }),
    patch,
  );
}
