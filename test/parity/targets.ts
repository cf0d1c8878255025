/**
 * The two sides of each comparison.
 * - Nova: the real API from scripts/real-nova (noauth2 tokens "<user>:<project>", ids from nova's
 *   test fixtures).
 * - Keystone: the real API from scripts/real-keystone, with real fernet tokens of its seeded users
 *   (admin on project admin, demo on demo, alt_demo on alt_demo; password "secret").
 * - Glance: the real API from scripts/real-glance, whose stand-in for keystonemiddleware takes
 *   "<user>:<project>:<roles>" tokens; member and admin share one project, as on the Nova side,
 *   and alt is a member of another project.
 * - Neutron: the real API from scripts/real-neutron, whose stand-in for keystonemiddleware takes
 *   "<user>:<project>:<roles>" tokens like Glance's; member and alt are in two projects and admin
 *   is in the admin project, which owns the seeded private and public networks (as in stackbox).
 * - Cinder: the real API from scripts/real-cinder, whose stand-in for keystonemiddleware takes
 *   "<user>:<project>:<roles>" tokens like Glance's; member, admin and alt are in three projects,
 *   as demo, admin and alt_demo are in stackbox.
 * - stackbox: started in-process on a free port with an in-memory store (or a PostgreSQL schema),
 *   seeded like the real side: for Nova and Glance the seeded admin is also granted admin on the
 *   demo project through the seedUsers configuration; Keystone and Glance get an alt_demo user.
 *   Its tokens are real stackbox tokens.
 */
import { defaultConfig, testConfig, type Config, type DeepPartial } from '../../src/config/config.js';
import { openRuntime } from '../../src/bootstrap.js';
import { buildApp } from '../../src/app.js';
import { startProcessServices } from '../../src/process-services.js';
import { DEFAULT_IMAGES } from '../../src/store/seed.js';
import { testSchemaName } from '../helpers/app.js';
import { first } from '../helpers/elements.js';
import type { Service } from './case-types.js';
import type { Target } from './replay.js';
import { requestPasswordToken } from '../helpers/password-login.js';

export const NOVA_PROJECT = '6f70656e737461636b20342065766572';

export function novaTarget(base: string): Target {
  return {
    kind: 'real',
    service: 'nova',
    base: base.replace(/\/v2\.1\/?$/, '').replace(/\/$/, ''),
    tokens: { member: `demo:${NOVA_PROJECT}`, admin: `admin:${NOVA_PROJECT}` },
    vars: {
      image_id: '155d900f-4e14-4e4c-a73d-069cbf4541e6',
      flavor_id: '1',
      network_id: '3cb9bc59-5699-4588-a4b1-b87f96708bc6',
      port_id: 'ce531f90-199f-48c0-816c-13e38010b442',
      project_id: NOVA_PROJECT,
      user_id: 'demo',
      ip_prefix: '192.168.1',
      admin_user_id: 'admin',
    },
  };
}

export interface RunningStackbox {
  target: Target;
  close: () => Promise<void>;
}

/** Glance's projects: the main one is Nova's fixture project, the other one any other hex id */
export const GLANCE_PROJECT = NOVA_PROJECT;
export const GLANCE_ALT_PROJECT = 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';

export function glanceTarget(base: string): Target {
  return {
    kind: 'real',
    service: 'glance',
    base: base.replace(/\/$/, ''),
    tokens: {
      member: `demo:${GLANCE_PROJECT}:member,reader`,
      admin: `admin:${GLANCE_PROJECT}:admin,member,reader`,
      alt: `alt_demo:${GLANCE_ALT_PROJECT}:member,reader`,
    },
    vars: { project_id: GLANCE_PROJECT, alt_project_id: GLANCE_ALT_PROJECT },
  };
}

/** Neutron's projects: admin's is the one the runner seeds the networks in */
export const NEUTRON_ADMIN_PROJECT = 'ad0000000000000000000000000000ad';

export async function neutronTarget(base: string): Promise<Target> {
  return withNetworkVars({
    kind: 'real',
    service: 'neutron',
    base: base.replace(/\/v2\.0\/?$/, '').replace(/\/$/, ''),
    tokens: {
      member: `demo:${GLANCE_PROJECT}:member,reader`,
      admin: `admin:${NEUTRON_ADMIN_PROJECT}:admin,member,reader`,
      alt: `alt_demo:${GLANCE_ALT_PROJECT}:member,reader`,
    },
    vars: { project_id: GLANCE_PROJECT, admin_project_id: NEUTRON_ADMIN_PROJECT, alt_project_id: GLANCE_ALT_PROJECT },
  });
}

/** the seeded networks' and subnets' ids, the same way on both sides (as admin) */
async function withNetworkVars(t: Target): Promise<Target> {
  const get = async (path: string): Promise<string> => {
    const res = await fetch(`${t.base}/v2.0${path}`, { headers: { 'x-auth-token': t.tokens.admin ?? '' } });
    if (res.status !== 200) throw new Error(`${t.base}${path}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as Record<string, Array<{ id: string }>>;
    const id = Object.values(body)[0]?.[0]?.id;
    if (id === undefined) throw new Error(`${t.base}${path}: nothing seeded`);
    return id;
  };
  t.vars.public_network_id = await get('/networks?name=public');
  t.vars.private_network_id = await get('/networks?name=private');
  t.vars.public_subnet_id = await get('/subnets?name=public-subnet');
  t.vars.private_subnet_id = await get('/subnets?name=private-subnet');
  t.vars.private_subnet_v6_id = await get('/subnets?name=private-subnet-v6');
  return t;
}

/** Cinder's projects: member's and alt's as Glance's, admin's its own as in Neutron */
export function cinderTarget(base: string): Target {
  return {
    kind: 'real',
    service: 'cinder',
    base: base.replace(/\/v3\/?$/, '').replace(/\/$/, ''),
    tokens: {
      member: `demo:${GLANCE_PROJECT}:member,reader`,
      admin: `admin:${NEUTRON_ADMIN_PROJECT}:admin,member,reader`,
      alt: `alt_demo:${GLANCE_ALT_PROJECT}:member,reader`,
    },
    vars: {
      project_id: GLANCE_PROJECT,
      admin_project_id: NEUTRON_ADMIN_PROJECT,
      alt_project_id: GLANCE_ALT_PROJECT,
      user_id: 'demo',
      alt_user_id: 'alt_demo',
    },
  };
}

interface Login {
  token: string;
  userId: string;
  projectId: string;
}

/** a password login, project-scoped, on any Keystone v3 API (real or stackbox's) */
async function login(identity: string, user: string, project: string): Promise<Login> {
  const res = await requestPasswordToken(identity, {
    user,
    project,
    userDomain: { id: 'default' },
    projectDomain: { id: 'default' },
  });
  if (res.status !== 201) throw new Error(`token for ${user} on ${identity}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { token: { user: { id: string }; project: { id: string } } };
  return {
    token: res.headers.get('x-subject-token') as string,
    userId: body.token.user.id,
    projectId: body.token.project.id,
  };
}

/**
 * The Keystone side's tokens and variables, the same way for the real Keystone and stackbox:
 * logins of admin (project admin), demo (demo) and alt_demo (alt_demo), the ids of the standard
 * roles and of the identity service.
 */
export async function identityTarget(kind: Target['kind'], identity: string): Promise<Target> {
  const admin = await login(identity, 'admin', 'admin');
  const member = await login(identity, 'demo', 'demo');
  const alt = await login(identity, 'alt_demo', 'alt_demo');
  const get = async (path: string) => {
    const res = await fetch(`${identity}${path}`, { headers: { 'x-auth-token': admin.token } });
    if (res.status !== 200) throw new Error(`${identity}${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, Array<{ id: string; name: string }>>;
  };
  const vars: Record<string, string> = {
    user_id: member.userId,
    project_id: member.projectId,
    admin_user_id: admin.userId,
    admin_project_id: admin.projectId,
    alt_user_id: alt.userId,
    alt_project_id: alt.projectId,
    member_token: member.token,
    admin_token: admin.token,
    alt_token: alt.token,
  };
  for (const r of (await get('/v3/roles')).roles ?? []) vars[`${r.name}_role_id`] = r.id;
  const identityService = (await get('/v3/services?type=identity')).services?.[0];
  if (identityService) vars.identity_service_id = identityService.id;
  return {
    kind,
    service: 'keystone',
    base: identity,
    tokens: { member: member.token, admin: admin.token, alt: alt.token },
    vars,
  };
}

const ALT_DEMO = { name: 'alt_demo', password: 'secret', project: 'alt_demo', roles: ['member', 'reader'] };

/** stackbox for one service's cases: see the file comment for how it is seeded */
export async function startStackboxTarget(
  service: Service = 'nova',
  patch: DeepPartial<Config> = {},
): Promise<RunningStackbox> {
  if (service === 'nova') return startNovaStackbox(patch);
  const adminOnDemo = { name: 'admin', password: 'secret', project: 'demo', roles: ['admin', 'member', 'reader'] };
  const sb = await startStackbox({
    seedUsers: service === 'glance' ? [adminOnDemo, ALT_DEMO] : [ALT_DEMO],
    // Neutron's own quota defaults (the test configuration's are unlimited)
    ...(service === 'neutron' ? { networkQuotas: defaultConfig().networkQuotas } : {}),
    ...patch,
  });
  try {
    if (service === 'keystone')
      return { target: await identityTarget('stackbox', `${sb.origin}/identity`), close: sb.close };
    const identity = `${sb.origin}/identity`;
    if (service === 'neutron') {
      const member = await login(identity, 'demo', 'demo');
      const admin = await login(identity, 'admin', 'admin');
      const alt = await login(identity, 'alt_demo', 'alt_demo');
      const target = await withNetworkVars({
        kind: 'stackbox',
        service: 'neutron',
        base: `${sb.origin}/network`,
        tokens: { member: member.token, admin: admin.token, alt: alt.token },
        vars: { project_id: member.projectId, admin_project_id: admin.projectId, alt_project_id: alt.projectId },
      });
      return { target, close: sb.close };
    }
    if (service === 'cinder') {
      const member = await login(identity, 'demo', 'demo');
      const admin = await login(identity, 'admin', 'admin');
      const alt = await login(identity, 'alt_demo', 'alt_demo');
      const target: Target = {
        kind: 'stackbox',
        service: 'cinder',
        base: `${sb.origin}/volume`,
        tokens: { member: member.token, admin: admin.token, alt: alt.token },
        vars: {
          project_id: member.projectId,
          admin_project_id: admin.projectId,
          alt_project_id: alt.projectId,
          user_id: member.userId,
          alt_user_id: alt.userId,
        },
      };
      return { target, close: sb.close };
    }
    const member = await login(identity, 'demo', 'demo');
    const admin = await login(identity, 'admin', 'demo');
    const alt = await login(identity, 'alt_demo', 'alt_demo');
    return {
      target: {
        kind: 'stackbox',
        service: 'glance',
        base: `${sb.origin}/image`,
        tokens: { member: member.token, admin: admin.token, alt: alt.token },
        vars: { project_id: member.projectId, alt_project_id: alt.projectId },
      },
      close: sb.close,
    };
  } catch (e) {
    await sb.close();
    throw e;
  }
}

/** on PostgreSQL when STACKBOX_TEST_DATABASE_URL is set (a private schema, see testSchemaName), else in-memory SQLite */
async function startStackbox(patch: DeepPartial<Config>): Promise<{ origin: string; close: () => Promise<void> }> {
  const dbUrl = process.env.STACKBOX_TEST_DATABASE_URL ?? null;
  const schema = dbUrl ? testSchemaName() : undefined;
  const config = testConfig({ databaseUrl: dbUrl, ...patch });
  const rt = await openRuntime(config, { schema });
  const { app } = await buildApp(rt);
  const services = await startProcessServices(rt, { agent: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const origin = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const close = async () => {
    await app.close();
    await services.stop();
    await rt.store.close();
  };
  return { origin, close };
}

/** Nova's side: member and admin both on project demo */
async function startNovaStackbox(patch: DeepPartial<Config>): Promise<RunningStackbox> {
  const sb = await startStackbox({
    seedUsers: [{ name: 'admin', password: 'secret', project: 'demo', roles: ['admin', 'member', 'reader'] }],
    ...patch,
  });
  const { origin, close } = sb;
  const config = testConfig(patch);
  try {
    const member = await login(`${origin}/identity`, 'demo', 'demo');
    const admin = await login(`${origin}/identity`, 'admin', 'demo');
    const auth = { 'x-auth-token': member.token, 'content-type': 'application/json' };
    const nets = (await (await fetch(`${origin}/network/v2.0/networks?name=private`, { headers: auth })).json()) as {
      networks: Array<{ id: string }>;
    };
    const networkId = nets.networks[0]?.id;
    if (!networkId) throw new Error('stackbox: no private network');
    // Nova's fixture has one free port in the project; make the same here
    const portRes = await fetch(`${origin}/network/v2.0/ports`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ port: { network_id: networkId, name: 'parity-port' } }),
    });
    if (portRes.status !== 201) throw new Error(`stackbox port: ${portRes.status} ${await portRes.text()}`);
    const port = (await portRes.json()) as { port: { id: string } };
    return {
      target: {
        kind: 'stackbox',
        service: 'nova',
        base: `${origin}/compute`,
        tokens: { member: member.token, admin: admin.token },
        vars: {
          image_id: first(DEFAULT_IMAGES, 'DEFAULT_IMAGES').id,
          flavor_id: '1',
          network_id: networkId,
          port_id: port.port.id,
          project_id: member.projectId,
          user_id: member.userId,
          ip_prefix: config.privateCidr.split('.').slice(0, 3).join('.'),
          admin_user_id: admin.userId,
        },
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
