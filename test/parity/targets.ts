/**
 * The two sides of the comparison. Nova: the real API from scripts/real-nova (noauth2
 * tokens "<user>:<project>", ids from nova's test fixtures). stackbox: started in-process on a free
 * port with an in-memory store; the seeded admin is also granted admin on the demo project through
 * the seedUsers configuration, so that, as on the Nova side, member and admin share one project.
 */
import { testConfig, type Config, type DeepPartial } from '../../src/config/config.js';
import { openRuntime } from '../../src/bootstrap.js';
import { buildApp } from '../../src/app.js';
import { startProcessServices } from '../../src/process-services.js';
import { DEFAULT_IMAGES } from '../../src/store/seed.js';
import { testSchemaName } from '../helpers/app.js';
import { first } from '../helpers/elements.js';
import type { Target } from './replay.js';

export const NOVA_PROJECT = '6f70656e737461636b20342065766572';

export function novaTarget(base: string): Target {
  return {
    kind: 'nova',
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
  close(): Promise<void>;
}

/** on PostgreSQL when STACKBOX_TEST_DATABASE_URL is set (a private schema, see testSchemaName), else in-memory SQLite */
export async function startStackboxTarget(patch: DeepPartial<Config> = {}): Promise<RunningStackbox> {
  const dbUrl = process.env.STACKBOX_TEST_DATABASE_URL ?? null;
  const schema = dbUrl ? testSchemaName() : undefined;
  const config = testConfig({
    seedUsers: [{ name: 'admin', password: 'secret', project: 'demo', roles: ['admin', 'member', 'reader'] }],
    databaseUrl: dbUrl,
    ...patch,
  });
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
  try {
    const token = async (user: string) => {
      const res = await fetch(`${origin}/identity/v3/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          auth: {
            identity: {
              methods: ['password'],
              password: { user: { name: user, domain: { name: 'Default' }, password: 'secret' } },
            },
            scope: { project: { name: 'demo', domain: { name: 'Default' } } },
          },
        }),
      });
      if (res.status !== 201) throw new Error(`stackbox token for ${user}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { token: { user: { id: string }; project: { id: string } } };
      return {
        token: res.headers.get('x-subject-token') as string,
        userId: body.token.user.id,
        projectId: body.token.project.id,
      };
    };
    const member = await token('demo');
    const admin = await token('admin');
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
