import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moganPowerState, moganStatus, moganTargetPowerState } from '../../src/domain/instances/mogan-status.js';

const s = (vmState: string, taskState: string | null, powerState = 1) =>
  moganStatus({ vmState, taskState, powerState });

test('stable Nova states map to Mogan statuses', () => {
  assert.equal(s('building', 'scheduling', 0), 'building');
  assert.equal(s('building', null, 0), 'building');
  assert.equal(s('active', null), 'active');
  assert.equal(s('stopped', null, 4), 'stopped');
  assert.equal(s('error', null, 0), 'error');
  assert.equal(s('deleted', null, 0), 'deleted');
});

test('transitional task states map to Mogan in-progress statuses', () => {
  assert.equal(s('stopped', 'powering-on', 4), 'powering-on');
  assert.equal(s('active', 'powering-off'), 'powering-off');
  assert.equal(
    moganStatus({ vmState: 'active', taskState: 'powering-off', powerState: 1 }, { gracefulStop: true }),
    'soft-powering-off',
  );
  assert.equal(s('active', 'rebooting_hard'), 'rebooting');
  assert.equal(s('active', 'reboot_started'), 'soft-rebooting');
  assert.equal(s('active', 'deleting'), 'deleting');
  assert.equal(s('error', 'deleting', 0), 'deleting');
});

test('power_state is "power on"/"power off"/null, never Nova integers', () => {
  assert.equal(moganPowerState(1), 'power on');
  assert.equal(moganPowerState(4), 'power off');
  assert.equal(moganPowerState(0), null);
  assert.equal(moganPowerState(6), null);
});

test('target_power_state is set while a power task runs and null when idle', () => {
  assert.equal(moganTargetPowerState(null), null);
  assert.equal(moganTargetPowerState('powering-on'), 'power on');
  assert.equal(moganTargetPowerState('rebooting_hard'), 'power on');
  assert.equal(moganTargetPowerState('powering-off'), 'power off');
  assert.equal(moganTargetPowerState('spawning'), null);
});

import { moganTransition } from '../../src/domain/instances/mogan-fsm.js';
import { DomainError } from '../../src/domain/errors.js';

test('Mogan FSM: power on only from stopped, power off/reboot only from active', () => {
  assert.equal(moganTransition('u', 'stopped', 'start'), 'powering-on');
  assert.equal(moganTransition('u', 'active', 'stop'), 'powering-off');
  assert.equal(moganTransition('u', 'active', 'soft_stop'), 'soft-powering-off');
  assert.equal(moganTransition('u', 'active', 'reboot'), 'rebooting');
  assert.equal(moganTransition('u', 'active', 'soft_reboot'), 'soft-rebooting');
  assert.throws(
    () => moganTransition('u', 'active', 'start'),
    (e: DomainError) =>
      e.status === 400 &&
      e.message === "Can not transition from state 'active' on event 'start' (no defined transition)",
  );
  assert.throws(
    () => moganTransition('u', 'error', 'stop'),
    (e: DomainError) => e.status === 400,
  );
  assert.throws(
    () => moganTransition('u', 'powering-off', 'stop'),
    (e: DomainError) => e.status === 409,
  );
});

test('Mogan FSM: delete is allowed from every status except deleted', () => {
  for (const s of ['building', 'active', 'stopped', 'error', 'maintenance', 'deleting', 'powering-on'] as const) {
    assert.equal(moganTransition('u', s, 'delete'), 'deleting');
  }
  assert.throws(
    () => moganTransition('u', 'deleted', 'delete'),
    (e: DomainError) => e.status === 400,
  );
});
