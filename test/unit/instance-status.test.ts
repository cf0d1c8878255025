import { test } from 'node:test';
import assert from 'node:assert/strict';
import { novaStatus, statesForStatus } from '../../src/domain/instances/status.js';
import { STATE_RULES, checkInstanceState, checkLock } from '../../src/domain/instances/rules.js';
import { isDomainError } from '../../src/domain/errors.js';
import type { RequestContext } from '../../src/domain/context.js';

const inst = (
  vm: string,
  task: string | null = null,
  extra: Partial<{ launched_at: string | null; locked: number }> = {},
) => ({
  uuid: 'u1',
  vm_state: vm,
  task_state: task,
  launched_at: '2026-01-01T00:00:00.000Z',
  locked: 0,
  locked_by: null,
  ...extra,
});

test('status follows Nova _STATE_MAP, task overrides first', () => {
  assert.equal(novaStatus('active', null), 'ACTIVE');
  assert.equal(novaStatus('active', 'rebooting'), 'REBOOT');
  assert.equal(novaStatus('active', 'rebooting_hard'), 'HARD_REBOOT');
  assert.equal(novaStatus('active', 'powering-off'), 'ACTIVE');
  assert.equal(novaStatus('building', 'spawning'), 'BUILD');
  assert.equal(novaStatus('stopped', null), 'SHUTOFF');
  assert.equal(novaStatus('error', 'rebuilding'), 'REBUILD');
  assert.equal(novaStatus('soft-delete', null), 'SOFT_DELETED');
  assert.equal(novaStatus('bogus', null), 'UNKNOWN');
});

test('statesForStatus inverts the table; unknown statuses are null', () => {
  assert.deepEqual(statesForStatus('SHUTOFF')?.vmStates, ['stopped']);
  assert.deepEqual(statesForStatus('HARD_REBOOT')?.vmStates, ['active']);
  assert.ok(statesForStatus('HARD_REBOOT')?.taskStates?.includes('rebooting_hard'));
  assert.equal(statesForStatus('NOPE'), null);
});

const conflict = (fn: () => void, message: string) =>
  assert.throws(fn, (e: unknown) => isDomainError(e) && e.status === 409 && e.message === message);

test('the gating table allows and refuses like check_instance_state', () => {
  checkInstanceState('stop', inst('active'));
  checkInstanceState('stop', inst('error'));
  checkInstanceState('start', inst('stopped'));
  checkInstanceState('reboot_hard', inst('paused', 'pausing'));
  checkInstanceState('delete', inst('building', 'spawning'));
  conflict(
    () => checkInstanceState('stop', inst('stopped')),
    "Cannot 'stop' instance u1 while it is in vm_state stopped",
  );
  conflict(
    () => checkInstanceState('stop', inst('active', 'rebooting')),
    "Cannot 'stop' instance u1 while it is in task_state rebooting",
  );
  conflict(
    () => checkInstanceState('start', inst('active')),
    "Cannot 'start' instance u1 while it is in vm_state active",
  );
  conflict(
    () => checkInstanceState('reboot_soft', inst('stopped')),
    "Cannot 'reboot' instance u1 while it is in vm_state stopped",
  );
  conflict(
    () => checkInstanceState('reboot_hard', inst('active', 'powering-off')),
    "Cannot 'reboot' instance u1 while it is in task_state powering-off",
  );
  conflict(
    () => checkInstanceState('attach_interface', inst('active', null, { launched_at: null })),
    "Instance u1 is in an invalid state for 'attach_interface'",
  );
  assert.deepEqual(STATE_RULES.stop.vmStates, ['active', 'error']);
  assert.equal(STATE_RULES.delete.vmStates, undefined);
});

test('a locked instance is refused to non-admins only', () => {
  const ctx = { isAdmin: false } as RequestContext;
  conflict(() => checkLock(inst('active', null, { locked: 1 }), ctx), 'Instance u1 is locked');
  checkLock(inst('active', null, { locked: 1 }), { isAdmin: true });
  checkLock(inst('active'), ctx);
});
