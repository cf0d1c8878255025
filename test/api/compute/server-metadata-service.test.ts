/**
 * updateServerMetadata is the one write path of an instance's metadata column (Nova's metadata
 * API and Mogan's `extra`): its gates are the domain's STATE_RULES rows, checked in Nova's order.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import type { RequestContext } from '../../../src/domain/context.js';
import { DomainError } from '../../../src/domain/errors.js';
import { STATE_RULES } from '../../../src/domain/instances/rules.js';
import {
  checkTagsWritable,
  updateServerMetadata,
  type MetadataChange,
} from '../../../src/services/compute/server-metadata-service.js';
import { insertServer, projectId } from './server-fixtures.js';

let t: TestApp;
let project: string;
before(async () => {
  t = await startTestApp();
  project = await projectId(t, 'demo');
});
after(async () => {
  await t.close();
});

function ctx(isAdmin = false): RequestContext {
  const now = new Date();
  return {
    requestId: 'req-md',
    userId: 'u-1',
    userName: 'demo',
    userDomainId: 'default',
    projectId: project,
    projectName: 'demo',
    projectDomainId: 'default',
    roles: isAdmin ? ['admin'] : ['member'],
    isAdmin,
    isService: false,
    tokenId: 'tok',
    issuedAt: now,
    expiresAt: now,
    methods: ['password'],
    authToken: 'tok',
  };
}

const stored = async (uuid: string) =>
  JSON.parse(
    (await t.rt.store.db.selectFrom('instances').select('metadata').where('uuid', '=', uuid).executeTakeFirstOrThrow())
      .metadata,
  ) as Record<string, string>;

async function rejects(change: Promise<unknown>, status: number, message: string): Promise<void> {
  await assert.rejects(change, (err: unknown) => {
    assert.ok(err instanceof DomainError);
    assert.equal(err.status, status);
    assert.equal(err.message, message);
    return true;
  });
}

test('merge, replace, delete and apply each write the column and return it', async () => {
  const s = await insertServer(t, project, { metadata: JSON.stringify({ a: '1' }) });
  const run = (c: MetadataChange) => updateServerMetadata(t.rt, ctx(), s.uuid, c);
  assert.deepEqual(await run({ op: 'merge', items: { b: '2' } }), { a: '1', b: '2' });
  assert.deepEqual(await run({ op: 'replace', items: { c: '3' } }), { c: '3' });
  assert.deepEqual(await run({ op: 'apply', fn: (cur) => ({ ...cur, d: String(Object.keys(cur).length) }) }), {
    c: '3',
    d: '1',
  });
  assert.deepEqual(await run({ op: 'delete', key: 'c' }), { d: '1' });
  assert.deepEqual(await stored(s.uuid), { d: '1' });
});

test('a missing key is 404 before the lock; the lock is 409 for members, not for admins', async () => {
  const s = await insertServer(t, project, { locked: 1, locked_by: 'owner', metadata: JSON.stringify({ k: 'v' }) });
  await rejects(
    updateServerMetadata(t.rt, ctx(), s.uuid, { op: 'delete', key: 'nope' }),
    404,
    'Metadata item was not found',
  );
  await rejects(
    updateServerMetadata(t.rt, ctx(), s.uuid, { op: 'merge', items: { x: 'y' } }),
    409,
    `Instance ${s.uuid} is locked`,
  );
  assert.deepEqual(await stored(s.uuid), { k: 'v' });
  assert.deepEqual(await updateServerMetadata(t.rt, ctx(true), s.uuid, { op: 'merge', items: { x: 'y' } }), {
    k: 'v',
    x: 'y',
  });
});

test('the state gates are the domain table rows update_metadata and delete_metadata', async () => {
  assert.deepEqual(STATE_RULES.update_metadata.vmStates, ['active', 'paused', 'suspended', 'stopped']);
  const busy = await insertServer(t, project, { task_state: 'rebooting', metadata: JSON.stringify({ k: 'v' }) });
  await rejects(
    updateServerMetadata(t.rt, ctx(), busy.uuid, { op: 'merge', items: { x: 'y' } }),
    409,
    `Cannot 'update_metadata' instance ${busy.uuid} while it is in task_state rebooting`,
  );
  await rejects(
    updateServerMetadata(t.rt, ctx(), busy.uuid, { op: 'delete', key: 'k' }),
    409,
    `Cannot 'delete_metadata' instance ${busy.uuid} while it is in task_state rebooting`,
  );
  const building = await insertServer(t, project, { vm_state: 'building' });
  await rejects(
    updateServerMetadata(t.rt, ctx(), building.uuid, { op: 'replace', items: {} }),
    409,
    `Cannot 'update_metadata' instance ${building.uuid} while it is in vm_state building`,
  );
  assert.throws(() => checkTagsWritable(building, 'update tag'), {
    message: `Cannot 'update tag' instance ${building.uuid} while it is in vm_state building`,
  });
  assert.deepEqual(await stored(busy.uuid), { k: 'v' });
});

test('the metadata_items limit and an unknown or deleted instance', async () => {
  const s = await insertServer(t, project);
  const max = t.rt.config.quotas.metadataItems;
  const items = Object.fromEntries(Array.from({ length: max + 1 }, (_, i) => [`k${i}`, 'v']));
  await rejects(
    updateServerMetadata(t.rt, ctx(), s.uuid, { op: 'replace', items }),
    403,
    `Quota exceeded for metadata_items: Requested ${max + 1}, but already used 0 of ${max} metadata_items`,
  );
  assert.deepEqual(await stored(s.uuid), {});
  const gone = await insertServer(t, project, { deleted: 1 });
  await rejects(
    updateServerMetadata(t.rt, ctx(), gone.uuid, { op: 'merge', items: {} }),
    404,
    `Instance ${gone.uuid} could not be found.`,
  );
});
