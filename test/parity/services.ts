/**
 * The services the parity check covers: for each, its cases (in replay order), how its responses
 * are normalised, and its real side's runner (scripts/real-<service>/), which test/parity/record.ts
 * starts to record the golden files.
 */
import type { ParityCase, Service } from './case-types.js';
import { CASES as NOVA_CASES } from './cases.js';
import { NOVA_ACTION_CASES } from './cases-nova-actions.js';
import { KEYSTONE_CASES } from './cases-keystone.js';
import { GLANCE_CASES } from './cases-glance.js';
import { NEUTRON_CASES } from './cases-neutron.js';
import { NEUTRON_EXTRA_CASES } from './cases-neutron-extras.js';
import { NEUTRON_TAG_CASES } from './cases-neutron-tags.js';
import { NEUTRON_SEGMENT_CASES } from './cases-neutron-segments.js';
import { NEUTRON_SCHEDULING_CASES } from './cases-neutron-scheduling.js';
import { CINDER_CASES } from './cases-cinder.js';
import {
  CINDER_PROFILE,
  GLANCE_PROFILE,
  KEYSTONE_PROFILE,
  NEUTRON_PROFILE,
  NOVA_PROFILE,
  type Profile,
} from './normalise.js';

export interface ServiceDef {
  service: Service;
  cases: ParityCase[];
  profile: Profile;
  /** the runner, relative to the repository root, and the word its ready line starts with */
  runner: string;
  ready: string;
  runnerArgs: string[];
}

export const ALL_CASES: ParityCase[] = [
  ...NOVA_CASES,
  ...NOVA_ACTION_CASES,
  ...KEYSTONE_CASES,
  ...GLANCE_CASES,
  ...NEUTRON_CASES,
  ...NEUTRON_EXTRA_CASES,
  ...NEUTRON_TAG_CASES,
  ...NEUTRON_SEGMENT_CASES,
  ...NEUTRON_SCHEDULING_CASES,
  ...CINDER_CASES,
];

const casesOf = (service: Service) => ALL_CASES.filter((c) => (c.service ?? 'nova') === service);

export const SERVICES: Record<Service, ServiceDef> = {
  nova: {
    service: 'nova',
    cases: casesOf('nova'),
    profile: NOVA_PROFILE,
    runner: 'scripts/real-nova/run-nova.py',
    ready: 'NOVA_READY',
    runnerArgs: ['--log-level', 'WARNING'],
  },
  keystone: {
    service: 'keystone',
    cases: casesOf('keystone'),
    profile: KEYSTONE_PROFILE,
    runner: 'scripts/real-keystone/run-keystone.py',
    ready: 'KEYSTONE_READY',
    runnerArgs: [],
  },
  glance: {
    service: 'glance',
    cases: casesOf('glance'),
    profile: GLANCE_PROFILE,
    runner: 'scripts/real-glance/run-glance.py',
    ready: 'GLANCE_READY',
    runnerArgs: [],
  },
  neutron: {
    service: 'neutron',
    cases: casesOf('neutron'),
    profile: NEUTRON_PROFILE,
    runner: 'scripts/real-neutron/run-neutron.py',
    ready: 'NEUTRON_READY',
    runnerArgs: [],
  },
  cinder: {
    service: 'cinder',
    cases: casesOf('cinder'),
    profile: CINDER_PROFILE,
    runner: 'scripts/real-cinder/run-cinder.py',
    ready: 'CINDER_READY',
    runnerArgs: [],
  },
};
