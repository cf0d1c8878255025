/** Shared pieces of the engine tests: request contexts for seeded users and a small create request. */
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../../src/runtime.js';
import type { RequestContext } from '../../../src/domain/context.js';
import type { CreateServerRequest } from '../../../src/services/compute/instance-service.js';
import { waitFor } from '../../helpers/app.js';
import { findInstance } from '../../../src/store/repositories/instance-repository.js';

export const CIRROS = '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01';

export async function ctxFor(rt: Runtime, user: string, project = user): Promise<RequestContext> {
  const u = await rt.store.db.selectFrom('users').selectAll().where('name', '=', user).executeTakeFirstOrThrow();
  const p = await rt.store.db.selectFrom('projects').selectAll().where('name', '=', project).executeTakeFirstOrThrow();
  const isAdmin = user === 'admin';
  return {
    requestId: `req-${randomUUID()}`,
    userId: u.id,
    userName: u.name,
    userDomainId: 'default',
    projectId: p.id,
    projectName: p.name,
    projectDomainId: 'default',
    roles: isAdmin ? ['admin', 'member', 'reader'] : ['member', 'reader'],
    isAdmin,
    isService: false,
    tokenId: 'test',
    issuedAt: new Date(),
    expiresAt: new Date(Date.now() + 3600_000),
    methods: ['password'],
    authToken: 'test',
  };
}

/** a fresh request id per call, as each HTTP request has */
export const fresh = (ctx: RequestContext): RequestContext => ({ ...ctx, requestId: `req-${randomUUID()}` });

export const serverReq = (over: Partial<CreateServerRequest> = {}): CreateServerRequest => ({
  name: 'vm',
  imageRef: CIRROS,
  flavorRef: '1',
  minCount: 1,
  maxCount: 1,
  metadata: {},
  tags: [],
  securityGroups: ['default'],
  networks: 'none',
  ...over,
});

export async function waitState(rt: Runtime, uuid: string, vm: string, task: string | null = null, timeoutMs = 5000) {
  return waitFor(
    async () => {
      const r = await findInstance(rt.store.db, uuid);
      return r && r.vm_state === vm && r.task_state === task ? r : null;
    },
    `${uuid} to reach ${vm}/${task}`,
    timeoutMs,
  );
}

/** waits until the agent has finished every operation of these instances (events are written by then) */
export async function waitSettled(rt: Runtime, uuids: string[], timeoutMs = 5000): Promise<void> {
  await waitFor(
    async () => {
      const open = await rt.store.db
        .selectFrom('operations')
        .select('id')
        .where('instance_uuid', 'in', uuids)
        .where('status', 'in', ['pending', 'running'])
        .execute();
      return open.length === 0;
    },
    `operations of ${uuids.join(', ')} to finish`,
    timeoutMs,
  );
}
