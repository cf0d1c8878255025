/**
 * Idempotent first-start data: the default domain, roles, projects and users (passwords from
 * config), flavors and images. Rows that already exist (by name) are left alone, so restarting
 * with a file or PostgreSQL store keeps what users changed.
 */
import { insertSystemGrant } from './repositories/scoped-grant-repository.js';
import type { Config } from '../config/config.js';
import type { Db } from './database.js';
import { hashPassword } from '../domain/identity/passwords.js';
import { newHexId, newUuid } from '../lib/ids.js';
import { insertGrant } from './repositories/identity-admin-repository.js';
import { seedNetworks } from './seed-network.js';
import { seedCatalog } from './seed-catalog.js';
import { seedMetadefs } from './seed-metadefs.js';
import { hostname } from 'node:os';
import { CONTROL_BINARIES } from '../domain/compute-services.js';
import { ensureControlServices } from './repositories/service-repository.js';
import { nextInternalId } from './repositories/flavor-repository.js';

export const DEFAULT_DOMAIN_ID = 'default';

export interface SeedFlavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  ephemeral?: number;
  swap?: number;
  description?: string;
}
export interface SeedImage {
  id: string;
  name: string;
  minDisk?: number;
  minRam?: number;
  size: number;
  diskFormat?: string;
}

export const DEFAULT_FLAVORS: SeedFlavor[] = [
  { id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 },
  { id: '2', name: 'm1.small', vcpus: 1, ram: 2048, disk: 20 },
  { id: '3', name: 'm1.medium', vcpus: 2, ram: 4096, disk: 40 },
  { id: '4', name: 'm1.large', vcpus: 4, ram: 8192, disk: 80 },
  { id: '5', name: 'm1.xlarge', vcpus: 8, ram: 16384, disk: 160 },
  {
    id: 'c6b1ea2e-6ab1-4a54-9f4b-7f2d3f1c0b01',
    name: 'baremetal.small',
    vcpus: 4,
    ram: 16384,
    disk: 100,
    description: 'bare-metal instance type',
  },
];

export const DEFAULT_IMAGES: SeedImage[] = [
  { id: '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01', name: 'cirros-0.6.2', size: 21430272, diskFormat: 'qcow2' },
  {
    id: '0f0ad9a2-7e93-4d38-8f6c-4c5e7a9b2d02',
    name: 'ubuntu-24.04',
    size: 618659840,
    minDisk: 3,
    minRam: 512,
    diskFormat: 'qcow2',
  },
];

/** `now`: the runtime clock's time, stamped on every row this start creates */
export async function seed(db: Db, config: Config, now: string): Promise<void> {
  await db
    .insertInto('domains')
    .values({ id: DEFAULT_DOMAIN_ID, name: 'Default', description: 'The default domain', enabled: 1, created_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const roleIds: Record<string, string> = {};
  for (const name of ['admin', 'member', 'reader', 'service']) roleIds[name] = await ensureRole(db, name);
  await seedImpliedRoles(db, roleIds);
  const users: Array<{ name: string; password: string; project: string; roles: string[] }> = [
    { name: 'admin', password: config.adminPassword, project: 'admin', roles: ['admin', 'member', 'reader'] },
    { name: 'demo', password: config.demoPassword, project: 'demo', roles: ['member', 'reader'] },
    { name: 'service', password: config.servicePassword, project: 'service', roles: ['service'] },
    ...config.seedUsers,
  ];
  for (const u of users) {
    const projectId = await ensureProject(db, u.project, now);
    const userId = await ensureUser(db, u.name, u.password, projectId, now);
    if (u === users[0]) await seedAdminSystemRole(db, userId, roleIds.admin as string);
    for (const role of u.roles) {
      const roleId = roleIds[role] ?? (await ensureRole(db, role));
      // not a plain insert: the (user, role, project, domain) constraint never fires with domain_id NULL,
      // so every restart on a kept store would add the grants again
      await insertGrant(db, userId, { kind: 'project', id: projectId }, roleId);
    }
  }
  for (const f of DEFAULT_FLAVORS) {
    await db
      .insertInto('flavors')
      .values({
        id: f.id,
        name: f.name,
        vcpus: f.vcpus,
        ram: f.ram,
        disk: f.disk,
        ephemeral: f.ephemeral ?? 0,
        swap: f.swap ?? 0,
        rxtx_factor: 1,
        is_public: 1,
        disabled: 0,
        description: f.description ?? null,
        extra_specs: '{}',
        created_at: now,
        deleted: 0,
        internal_id: nextInternalId,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  for (const i of DEFAULT_IMAGES) {
    await db
      .insertInto('images')
      .values({
        id: i.id,
        name: i.name,
        status: 'active',
        visibility: 'public',
        owner: null,
        container_format: 'bare',
        disk_format: i.diskFormat ?? 'qcow2',
        min_disk: i.minDisk ?? 0,
        min_ram: i.minRam ?? 0,
        size: i.size,
        virtual_size: null,
        checksum: null,
        os_hash_algo: null,
        os_hash_value: null,
        protected: 0,
        os_hidden: 0,
        tags: '[]',
        properties: '{}',
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  await seedNetworks(db, config, now);
  await seedCatalog(db, config, now);
  await seedMetadefs(db, now);
  // os-services' control rows (a nova-conductor and nova-scheduler started on this host); a
  // deleted one comes back at the next start, as a restarted Nova service registers again
  await ensureControlServices(
    db,
    CONTROL_BINARIES.map((binary, i) => ({
      id: newUuid(),
      seq: i + 1,
      binary,
      host: hostname(),
      status: 'enabled',
      disabled_reason: null,
      forced_down: 0,
    })),
    now,
  );
}

/**
 * keystone-manage bootstrap's role inference rules: admin implies member, member implies reader.
 * Once per store (a settings key records it), so that a rule an operator deleted stays deleted.
 */
async function seedImpliedRoles(db: Db, roleIds: Record<string, string>): Promise<void> {
  if (
    (await db.selectFrom('settings').select('key').where('key', '=', SEEDED_IMPLIED_ROLES).executeTakeFirst()) !==
    undefined
  )
    return;
  for (const [prior, implied] of [
    ['admin', 'member'],
    ['member', 'reader'],
  ] as const)
    await db
      .insertInto('implied_roles')
      .values({ prior_role_id: roleIds[prior] as string, implied_role_id: roleIds[implied] as string })
      .onConflict((oc) => oc.doNothing())
      .execute();
  await db
    .insertInto('settings')
    .values({ key: SEEDED_IMPLIED_ROLES, value: '1' })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}
const SEEDED_IMPLIED_ROLES = 'seed.implied_roles';

/**
 * keystone-manage bootstrap's system grant: the admin user holds the admin role on the system, so
 * `scope: {system: {all: true}}` works for it out of the box. Once per store, like the implied
 * roles, so that an operator's removal sticks.
 */
async function seedAdminSystemRole(db: Db, adminUserId: string, adminRoleId: string): Promise<void> {
  if (
    (await db.selectFrom('settings').select('key').where('key', '=', SEEDED_ADMIN_SYSTEM_ROLE).executeTakeFirst()) !==
    undefined
  )
    return;
  await insertSystemGrant(db, { kind: 'user', id: adminUserId }, adminRoleId);
  await db
    .insertInto('settings')
    .values({ key: SEEDED_ADMIN_SYSTEM_ROLE, value: '1' })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}
const SEEDED_ADMIN_SYSTEM_ROLE = 'seed.admin_system_role';

async function ensureRole(db: Db, name: string): Promise<string> {
  await db
    .insertInto('roles')
    .values({ id: newHexId(), name, domain_id: null, description: null })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return (
    await db
      .selectFrom('roles')
      .select('id')
      .where('name', '=', name)
      .where('domain_id', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
}

async function ensureProject(db: Db, name: string, now: string): Promise<string> {
  await db
    .insertInto('projects')
    .values({
      id: newHexId(),
      name,
      domain_id: DEFAULT_DOMAIN_ID,
      description: '',
      enabled: 1,
      parent_id: DEFAULT_DOMAIN_ID,
      created_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return (
    await db
      .selectFrom('projects')
      .select('id')
      .where('name', '=', name)
      .where('domain_id', '=', DEFAULT_DOMAIN_ID)
      .executeTakeFirstOrThrow()
  ).id;
}

async function ensureUser(db: Db, name: string, password: string, projectId: string, now: string): Promise<string> {
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('name', '=', name)
    .where('domain_id', '=', DEFAULT_DOMAIN_ID)
    .executeTakeFirst();
  if (existing) return existing.id;
  const id = newHexId();
  await db
    .insertInto('users')
    .values({
      id,
      name,
      domain_id: DEFAULT_DOMAIN_ID,
      password_hash: hashPassword(password),
      enabled: 1,
      email: null,
      description: null,
      default_project_id: projectId,
      password_expires_at: null,
      created_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return (
    await db
      .selectFrom('users')
      .select('id')
      .where('name', '=', name)
      .where('domain_id', '=', DEFAULT_DOMAIN_ID)
      .executeTakeFirstOrThrow()
  ).id;
}

export { newUuid };
