/** Bench scenarios: the same work expressed against stackbox and against the real Nova. */
import type { RunningStackbox } from './lib/stackbox.js';
import type { RealNova } from './lib/baselines.js';

export interface Target {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface Scenario {
  name: string;
  stackbox: (sb: RunningStackbox) => Promise<Target>;
  nova?: (nova: RealNova) => Promise<Target>;
}

export const scenarios: Scenario[] = [
  {
    name: 'GET /flavors/1',
    stackbox: async (sb) => ({ url: `${sb.url}/compute/v2.1/flavors/1`, headers: { 'x-auth-token': await sb.token('demo') } }),
    nova: async (n) => ({ url: `${n.url}/flavors/1`, headers: { 'x-auth-token': n.memberToken } }),
  },
  {
    name: 'GET /compute/v2.1 (version document, no auth)',
    stackbox: async (sb) => ({ url: `${sb.url}/compute/v2.1` }),
    nova: async (n) => ({ url: n.url }),
  },
];
