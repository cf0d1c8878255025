import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalIp,
  defaultGateway,
  defaultPools,
  firstFreeIp,
  inPools,
  isValidHostIp,
  parseCidr,
  poolHoldingGateway,
  validatePools,
} from '../../src/domain/ports/ipam.js';

test('parseCidr clears host bits and rejects garbage', () => {
  assert.equal(parseCidr('10.0.0.7/24')?.text, '10.0.0.0/24');
  assert.equal(parseCidr('fd00:10::5/64')?.text, 'fd00:10::/64');
  assert.equal(parseCidr('10.0.0.0/33'), null);
  assert.equal(parseCidr('10.0.0/24'), null);
  assert.equal(parseCidr('nope'), null);
  assert.equal(parseCidr('10.0.0.0'), null);
});

test('IPv4 /24: gateway .1, pool .2-.254 (network and broadcast excluded)', () => {
  const c = parseCidr('10.0.0.0/24')!;
  assert.equal(defaultGateway(c), '10.0.0.1');
  assert.deepEqual(defaultPools(c, '10.0.0.1'), [{ start: '10.0.0.2', end: '10.0.0.254' }]);
});

test('a gateway in the middle splits the default pool in two', () => {
  const c = parseCidr('192.168.1.0/28')!;
  assert.deepEqual(defaultPools(c, '192.168.1.5'), [
    { start: '192.168.1.1', end: '192.168.1.4' },
    { start: '192.168.1.6', end: '192.168.1.14' },
  ]);
  assert.deepEqual(defaultPools(c, null), [{ start: '192.168.1.1', end: '192.168.1.14' }]);
});

test('IPv6 /64: gateway ::1, pool from ::2 to the last address', () => {
  const c = parseCidr('fd00:10::/64')!;
  assert.equal(defaultGateway(c), 'fd00:10::1');
  assert.deepEqual(defaultPools(c, 'fd00:10::1'), [{ start: 'fd00:10::2', end: 'fd00:10::ffff:ffff:ffff:ffff' }]);
});

test('firstFreeIp walks past allocated addresses, across pools, and resumes after a lost race', () => {
  const pools = [
    { start: '10.0.0.2', end: '10.0.0.4' },
    { start: '10.0.0.10', end: '10.0.0.11' },
  ];
  assert.equal(firstFreeIp(pools, []), '10.0.0.2');
  assert.equal(firstFreeIp(pools, ['10.0.0.3', '10.0.0.2']), '10.0.0.4');
  assert.equal(firstFreeIp(pools, ['10.0.0.2', '10.0.0.3', '10.0.0.4']), '10.0.0.10');
  assert.equal(firstFreeIp(pools, [], '10.0.0.3'), '10.0.0.4');
  assert.equal(firstFreeIp(pools, ['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.10', '10.0.0.11']), null);
});

test('firstFreeIp on an IPv6 /64 is immediate (never enumerates the pool)', () => {
  const pools = [{ start: 'fd00::2', end: 'fd00::ffff:ffff:ffff:ffff' }];
  assert.equal(firstFreeIp(pools, ['fd00::2', 'fd00::3']), 'fd00::4');
});

test('host validity excludes network and broadcast addresses; pools are checked', () => {
  const c = parseCidr('10.0.0.0/24')!;
  assert.equal(isValidHostIp(c, '10.0.0.0'), false);
  assert.equal(isValidHostIp(c, '10.0.0.255'), false);
  assert.equal(isValidHostIp(c, '10.0.0.50'), true);
  assert.equal(isValidHostIp(c, '10.0.1.5'), false);
  assert.equal(isValidHostIp(c, 'fd00::5'), false);
  assert.equal(validatePools(c, [{ start: '10.0.0.10', end: '10.0.0.20' }]), null);
  assert.match(
    validatePools(c, [{ start: '10.0.0.10', end: '10.0.1.20' }])!,
    /spans beyond the subnet cidr 10.0.0.0\/24/,
  );
  assert.match(
    validatePools(c, [
      { start: '10.0.0.10', end: '10.0.0.20' },
      { start: '10.0.0.15', end: '10.0.0.30' },
    ])!,
    /overlapping/,
  );
  assert.deepEqual(
    poolHoldingGateway(
      [
        { start: '10.0.0.30', end: '10.0.0.40' },
        { start: '10.0.0.1', end: '10.0.0.20' },
      ],
      '10.0.0.1',
    ),
    { start: '10.0.0.1', end: '10.0.0.20' },
  );
  assert.equal(poolHoldingGateway([{ start: '10.0.0.10', end: '10.0.0.20' }], '10.0.0.1'), undefined);
  assert.equal(poolHoldingGateway([{ start: '10.0.0.10', end: '10.0.0.20' }], null), undefined);
  assert.equal(inPools([{ start: '10.0.0.10', end: '10.0.0.20' }], '10.0.0.15'), true);
});

test('canonicalIp normalises IPv6 spelling', () => {
  assert.equal(canonicalIp('FD00:0010:0000::0001'), 'fd00:10::1');
  assert.equal(canonicalIp('10.0.0.1'), '10.0.0.1');
  assert.equal(canonicalIp('10.0.1'), null);
});

test('EUI-64: MAC fa:16:3e:12:34:56 on fd00:1::/64 → fd00:1::f816:3eff:fe12:3456', async () => {
  const { eui64Address, isAutoAddressMode } = await import('../../src/domain/ports/ipam.js');
  assert.equal(eui64Address(parseCidr('fd00:1::/64')!, 'fa:16:3e:12:34:56'), 'fd00:1::f816:3eff:fe12:3456');
  assert.equal(eui64Address(parseCidr('10.0.0.0/24')!, 'fa:16:3e:12:34:56'), null);
  assert.equal(isAutoAddressMode('slaac'), true);
  assert.equal(isAutoAddressMode('dhcpv6-stateful'), false);
});
