/**
 * Bench scenarios: the same work expressed against stackbox and against the real Nova.
 * Load scenarios run under autocannon after the harness has seeded at least `servers` servers
 * (seeding only grows, so they run in ascending order of `servers`); timed scenarios start their
 * own fresh stackbox and report seconds.
 */
import type { RunningStackbox } from './lib/stackbox.js';
import type { ServedStackbox } from './lib/served.js';
import type { NovaUnderTest } from './lib/nova.js';
import { readScenarios } from './scenarios/reads.js';
import { createScenarios } from './scenarios/creates.js';
import { processScenarios } from './scenarios/process.js';
import { eventScenarios } from './scenarios/events.js';
import { networkScenarios } from './scenarios/network.js';
import { volumeScenarios } from './scenarios/volumes.js';
import { actionScenarios } from './scenarios/actions.js';

export interface Target {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /**
   * a cycle of requests each connection sends in turn (autocannon `requests`; paths relative to
   * `url`'s origin, setupRequest a module path): writes that must undo themselves to stay repeatable
   */
  requests?: Array<{ method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; body?: string; setupRequest?: string }>;
  /** connections for this scenario instead of the run's (a cycle that must not interleave: 1) */
  connections?: number;
}

export interface LoadScenario {
  kind: 'load';
  name: string;
  /** stackbox servers that must exist (seeded in bulk) before the run */
  servers: number;
  /** null: not measurable on this build yet (route missing); the string says why */
  stackbox?: (sb: RunningStackbox) => Promise<Target | string>;
  /** instead of `stackbox`: the target on a real `stackbox serve` child (bench/lib/served.ts) */
  served?: (sb: ServedStackbox) => Promise<Target | string>;
  /** Nova servers that must exist (created through its API) and the request */
  nova?: { servers: number; target: (n: NovaUnderTest) => Promise<Target> };
  /** issue 8's real-Nova figure, printed when Nova is not measured in this run */
  reference?: string;
}

export interface TimedResult {
  seconds: number;
  /** e.g. "10.1 ms per build" */
  note: string;
  /** the same requests against bare Fastify in the same run (seconds, as `seconds`): the ceiling */
  ceilingSeconds?: number;
}

export interface BenchEnv {
  pgUrl: string | null;
  smoke: boolean;
}

export interface TimedScenario {
  kind: 'timed';
  name: string;
  /** a string: skipped, and why */
  stackbox: (env: BenchEnv) => Promise<TimedResult | string>;
  nova?: (n: NovaUnderTest) => Promise<TimedResult>;
  reference?: string;
  /** target printed next to the result, e.g. "< 0.5 s" */
  target?: string;
}

export type Scenario = LoadScenario | TimedScenario;

export const scenarios: Scenario[] = [
  ...readScenarios,
  ...networkScenarios,
  ...createScenarios,
  ...processScenarios,
  ...eventScenarios,
  ...volumeScenarios,
  ...actionScenarios,
];
