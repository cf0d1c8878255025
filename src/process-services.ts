/**
 * Background work a process runs besides HTTP: the compute agent (and, later, event delivery and
 * housekeeping). Started by serve/agent, stopped on shutdown.
 */
import type { Runtime } from './runtime.js';

export interface ProcessServices {
  stop(): Promise<void>;
}

export async function startProcessServices(rt: Runtime, opts: { agent: boolean }): Promise<ProcessServices> {
  const stops: Array<() => Promise<void>> = [];
  void rt;
  void opts;
  return {
    stop: async () => {
      for (const s of stops.reverse()) await s();
    },
  };
}
