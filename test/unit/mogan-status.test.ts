import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moganPowerState, moganStatus, moganTargetPowerState } from '../../src/domain/instances/mogan-status.js';

const s = (vmState: string, taskState: string | null, powerState = 1) => moganStatus({ vmState, taskState, powerState });

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
  assert.equal(moganStatus({ vmState: 'active', taskState: 'powering-off', powerState: 1 }, { gracefulStop: true }), 'soft-powering-off');
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
